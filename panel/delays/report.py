"""The dashboard's figures for a set of reviews: what panel/views/dashboard.py shows, worked out once."""

from dataclasses import dataclass

from panel.delays import statistics
from panel.delays.charts import bar_chart
from panel.delays.stages import Stage

# The guidance's measure of a review's own pace: the decision to the report sent.
COMPLETION = Stage(key="completion", start="decided", end="submitted")
SIX_MONTHS_IN_DAYS = 183


@dataclass
class Report:
    reviews: list
    overall: list
    by_year: list
    by_csp: list
    breaches: list
    breach_counts: list
    charts: list


def _days(value):
    return "none yet" if value is None else f"{value:g} days"


def stage_chart(overall):
    measured = [figures for figures in overall if figures.median is not None]
    if measured:
        longest = max(measured, key=lambda figures: figures.median)
        summary = (f"The longest stage is \u201c{longest.stage.label}\u201d: half the reviews took "
                   f"{_days(longest.median)} or more, and one in ten {_days(longest.p90)} or more.")
    else:
        summary = "No review has reached a second step yet."
    return bar_chart(
        slug="stages", title="Days spent at each stage",
        description="A bar for the median number of days each stage took, with a mark at its 90th percentile.",
        summary=summary, row_heading="Stage",
        rows=[(figures.stage.label, figures.median, figures.p90, figures.count) for figures in overall],
    )


def completion_chart(reviews, counts, today):
    groups = {}
    for review in reviews:
        decided, sent = review.dates["decided"], review.dates["submitted"]
        if sent is not None:
            groups.setdefault(decided.year, []).append((sent - decided).days)
    rows = []
    for year, days in sorted(groups.items()):
        days.sort()
        rows.append((str(year), statistics.median(days), statistics.percentile(days, 90), len(days)))
    completion = next(count for count in counts if count.target.key == "completion")
    return bar_chart(
        slug="completion", title="Days from the decision to review to the report sent, by year of decision",
        description="For each year, a bar for the median number of days from the decision to the first version "
                    "sent, of the reviews sent so far, a mark at the 90th percentile, and a line at the six-month "
                    "target.",
        summary=completion_summary(reviews, completion, today), row_heading="Year of decision", rows=rows,
        target_days=SIX_MONTHS_IN_DAYS, target_label="6 months",
    )


def completion_summary(reviews, completion, today):
    """How many reviews were sent within six months, and exactly which reviews that counts.

    A review not sent six months after its decision missed the target as surely as one sent late:
    it is counted. One not sent and still within its six months cannot be judged yet.
    """
    unsent = [review for review in reviews if review.dates["submitted"] is None]
    overdue = sum(1 for review in unsent
                  if today > statistics.add_months(review.dates["decided"], completion.target.months))
    sent = len(reviews) - len(unsent)
    if not completion.judged:
        return (f"No review can be judged yet: none has been sent, and the {len(unsent)} not sent are all "
                "within six months of the decision to review.")
    return (f"{completion.judged - completion.breached} of {completion.judged} reviews ({100 - completion.share}%) "
            f"were sent within six months of the decision to review. Counted: the {sent} sent, and the {overdue} "
            f"not sent six months after the decision. Not counted yet: the {len(unsent) - overdue} not sent and "
            "still within their six months.")


def build_report(reviews, today):
    """The Report of `reviews` (a list of ReviewDates) as of `today`."""
    found, counts = statistics.judge(reviews, today)
    overall = statistics.stage_figures(reviews)
    by_year, by_csp = statistics.figures_by_year_and_csp(reviews)
    return Report(
        reviews=reviews,
        overall=overall,
        by_year=by_year,
        by_csp=by_csp,
        breaches=found,
        breach_counts=counts,
        charts=[stage_chart(overall), completion_chart(reviews, counts, today)],
    )

