"""Medians, 90th percentiles and breaches of the targets, computed in Python from ReviewDates.

Computed here rather than in SQL so that they read the same on Postgres and
on SQLite (which has no percentile function), and so that a missing date is
left out rather than counted as nought.

- The median is the middle value, or the mean of the two middle values.
- The 90th percentile is by nearest rank: the smallest value that at least
  90% of the values are at or below (the ceil(0.9 n)-th smallest). It is
  always one of the durations actually seen.
"""

import calendar
import datetime
import math
import statistics
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from django.conf import settings

from panel.delays.stages import STAGES, STEP_LABELS


def median(values):
    """The median of `values`, or None when there are none."""
    return statistics.median(values) if values else None


def percentile(values, share):
    """The nearest-rank percentile (`share` from 0 to 100) of `values`, or None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(math.ceil(share / 100 * len(ordered)), 1)
    return ordered[rank - 1]


@dataclass(frozen=True)
class StageFigures:
    stage: object
    count: int
    median: object
    p90: object


def _ordered_median(ordered):
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def stage_figures(reviews):
    """[StageFigures] for every stage, over the reviews that have both of its dates."""
    figures = []
    # One column of durations a stage, transposed in C rather than looked up review by review.
    columns = list(zip(*(review.durations for review in reviews))) or [()] * len(STAGES)
    for stage, column in zip(STAGES, columns):
        ordered = [days for days in column if days is not None]
        ordered.sort()
        # Sorted once for both figures: median() and percentile() would each sort again.
        count = len(ordered)
        figures.append(StageFigures(
            stage=stage, count=count, median=_ordered_median(ordered) if count else None,
            p90=ordered[max(math.ceil(0.9 * count), 1) - 1] if count else None))
    return figures


@dataclass(frozen=True)
class Group:
    """The figures of one year or one CSP."""

    label: str
    count: int
    stages: list


def figures_by(reviews, key):
    """[Group] of the reviews grouped by `key(review)` (a sortable label), in the keys' order."""
    groups = {}
    for review in reviews:
        groups.setdefault(key(review), []).append(review)
    return _groups(groups)


def figures_by_year_and_csp(reviews):
    """figures_by the year of decision and figures_by the CSP's name, grouped in one pass."""
    years, csps = {}, {}
    for review in reviews:
        years.setdefault(review.dates["decided"].year, []).append(review)
        csps.setdefault(review.csp_name, []).append(review)
    return _groups(years), _groups(csps)


def _groups(groups):
    return [Group(label=str(label), count=len(members), stages=stage_figures(members))
            for label, members in sorted(groups.items())]


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(date, months):
    """`date` plus whole calendar months; the 31st of a shorter month is its last day."""
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    # calendar.monthrange works out a weekday too, which costs more than the rest of the dashboard's arithmetic.
    last = 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month - 1]
    return datetime.date(year, month, min(date.day, last))


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    start: str
    end: str
    months: int
    # Where it comes from: the statutory guidance, or our reading of the Panel's practice.
    source: str
    in_guidance: bool


def targets():
    """The targets breaches are counted against. The guidance's own, then those we infer (marked so)."""
    return (
        Target("decision", "Decision to review within one month of the CSP being notified",
               "csp_notified", "decided", 1,
               "Statutory guidance: the decision within one month of notification", True),
        Target("completion", "Review completed and sent within six months of the decision",
               "decided", "submitted", 6,
               "Statutory guidance: completed within six months of the decision, unless agreed otherwise", True),
        Target("letter", "Letter issued within one month of the Panel meeting",
               "meeting", "letter_issued", settings.DHRQA_LETTER_TARGET_MONTHS,
               "Not in the guidance: the Panel's letters apologise for delay when they take four to five weeks",
               False),
    )


class Breach(NamedTuple):
    """One review's breach of one target. A tuple: the dashboard makes thousands, a frozen dataclass costs more."""

    review: object
    target: Target
    started: datetime.date
    due: datetime.date
    # None: the step has not happened yet, and its due date has passed.
    ended: object
    days_over: int

    @property
    def start_label(self):
        return STEP_LABELS[self.target.start]


def breaches(reviews, today):
    """[Breach] of every target by every review, the longest overdue first.

    A step that happened after its due date is a breach; so is one not yet
    taken whose due date has passed. A target whose starting date is missing
    cannot be judged and is left out.
    """
    return judge(reviews, today)[0]


@dataclass(frozen=True)
class TargetCount:
    target: Target
    judged: int
    breached: int

    @property
    def share(self):
        """Per cent breached, to the nearest whole number, or None when none could be judged."""
        return round(100 * self.breached / self.judged) if self.judged else None


def breach_counts(reviews, found, today):
    """[TargetCount]: for each target, how many reviews could be judged and how many breached it."""
    counts = judge(reviews, today)[1]
    return [TargetCount(target=count.target, judged=count.judged,
                        breached=sum(1 for breach in found if breach.target.key == count.target.key))
            for count in counts]


def judge(reviews, today):
    """([Breach] as `breaches` gives them, [TargetCount] as `breach_counts` does), in one pass a target.

    A review is judged once its step was taken, or once its due date passed without it.
    """
    found, counts = [], []
    for target in targets():
        # Many reviews share a starting date: each due date is worked out once.
        due_dates = {}
        judged = breached = 0
        for review in reviews:
            dates = review.dates
            started = dates.get(target.start)
            if started is None:
                continue
            due = due_dates.get(started)
            if due is None:
                due = due_dates[started] = add_months(started, target.months)
            ended = dates.get(target.end)
            if ended is None and today <= due:
                continue
            judged += 1
            if (ended or today) > due:
                breached += 1
                found.append(Breach(review, target, started, due, ended, ((ended or today) - due).days))
        counts.append(TargetCount(target=target, judged=judged, breached=breached))
    # The longest overdue first, then by reference and target: three stable sorts on C-level keys,
    # the last key first, cost less than one sort on a tuple made in Python for each breach.
    found.sort(key=attrgetter("target.key"))
    found.sort(key=attrgetter("review.reference"))
    found.sort(key=attrgetter("days_over"), reverse=True)
    return found, counts


def unpublished(reviews, today):
    """[(review, days since its letter was issued)] of approved reports with no publication, longest first."""
    waiting = [(review, (today - review.dates["letter_issued"]).days)
               for review in reviews if review.approved and review.dates["published"] is None]
    return sorted(waiting, key=lambda pair: (-pair[1], pair[0].reference))
