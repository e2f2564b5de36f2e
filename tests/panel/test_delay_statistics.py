"""The delay dashboard's arithmetic: medians, 90th percentiles, breaches and the unpublished, on dates built here."""

import datetime

from panel.delays.stages import STAGES, ReviewDates
from panel.delays.statistics import (
    add_months,
    breach_counts,
    breaches,
    figures_by,
    median,
    percentile,
    stage_figures,
    unpublished,
)

D = datetime.date
TODAY = D(2026, 6, 1)


def dates(**given):
    keys = ("death", "csp_notified", "decided", "home_office_notified", "submitted", "accepted", "meeting",
            "letter_issued", "published")
    return {key: given.get(key) for key in keys}


def review(reference, csp="Northdale", approved=False, **given):
    return ReviewDates(review_id=hash(reference), reference=reference, csp_id=1, csp_name=csp,
                       dates=dates(**given), approved=approved)


def test_median_of_odd_and_even_counts_and_of_nothing():
    assert (median([5, 1, 3]), median([4, 1, 3, 2]), median([])) == (3, 2.5, None)


def test_percentile_90_is_nearest_rank():
    # ceil(0.9 * 10) = 9th smallest; ceil(0.9 * 11) = 10th; ceil(0.9 * 1) = 1st.
    assert (percentile(list(range(1, 11)), 90), percentile(list(range(1, 12)), 90), percentile([7], 90),
            percentile([], 90)) == (9, 10, 7, None)


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert (add_months(D(2026, 1, 31), 1), add_months(D(2024, 1, 31), 1), add_months(D(2025, 8, 31), 6),
            add_months(D(2025, 12, 15), 1)) == (D(2026, 2, 28), D(2024, 2, 29), D(2026, 2, 28), D(2026, 1, 15))


def test_stage_figures_leave_out_missing_dates_rather_than_count_nought():
    reviews = [
        review("A", death=D(2025, 1, 1), csp_notified=D(2025, 1, 11), decided=D(2025, 1, 21)),
        review("B", death=D(2025, 1, 1), csp_notified=D(2025, 1, 31), decided=D(2025, 2, 10)),
        # Not yet decided: in the first stage, not the second.
        review("C", death=D(2025, 1, 1), csp_notified=D(2025, 3, 2)),
    ]

    figures = {f.stage.key: (f.count, f.median, f.p90) for f in stage_figures(reviews)}

    assert figures["csp_notified"] == (3, 30, 60)
    assert figures["decided"] == (2, 10, 10)
    assert figures["submitted"] == (0, None, None)
    assert [stage.label for stage in STAGES][:2] == ["Death to CSP notified", "CSP notified to decision"]


def test_figures_by_year_of_decision_in_year_order():
    reviews = [
        review("A", csp_notified=D(2024, 1, 1), decided=D(2024, 1, 5)),
        review("B", csp_notified=D(2023, 1, 1), decided=D(2023, 1, 3)),
        review("C", csp_notified=D(2023, 1, 1), decided=D(2023, 1, 9)),
    ]

    groups = figures_by(reviews, key=lambda r: r.year)

    assert [(g.label, g.count, g.stages[1].median, g.stages[1].p90) for g in groups] == [
        ("2023", 2, 5, 8), ("2024", 1, 4, 4)]


def test_breaches_of_each_target_longest_overdue_first():
    reviews = [
        # Decided 1 month and 1 day after notification: 1 day over. Sent within six months.
        review("LATE-DECISION", csp_notified=D(2025, 1, 10), decided=D(2025, 2, 11), submitted=D(2025, 8, 11)),
        # Sent six months and ten days after the decision.
        review("LATE-REPORT", csp_notified=D(2025, 1, 10), decided=D(2025, 1, 20), submitted=D(2025, 7, 30)),
        # Letter not issued, meeting on 1 April 2026: due 1 May, 31 days over on 1 June.
        review("NO-LETTER", csp_notified=D(2025, 1, 10), decided=D(2025, 1, 20), submitted=D(2025, 7, 20),
               meeting=D(2026, 4, 1)),
        # On time throughout: exactly one month, exactly six months, letter in 30 days.
        review("ON-TIME", csp_notified=D(2025, 1, 10), decided=D(2025, 2, 10), submitted=D(2025, 8, 10),
               meeting=D(2025, 9, 1), letter_issued=D(2025, 10, 1)),
    ]

    found = breaches(reviews, TODAY)
    counts = breach_counts(reviews, found, TODAY)

    assert [(b.review.reference, b.target.key, b.due, b.ended, b.days_over) for b in found] == [
        ("NO-LETTER", "letter", D(2026, 5, 1), None, 31),
        ("LATE-REPORT", "completion", D(2025, 7, 20), D(2025, 7, 30), 10),
        ("LATE-DECISION", "decision", D(2025, 2, 10), D(2025, 2, 11), 1),
    ]
    assert [(c.target.key, c.judged, c.breached, c.share, c.target.in_guidance) for c in counts] == [
        ("decision", 4, 1, 25, True), ("completion", 4, 1, 25, True), ("letter", 2, 1, 50, False)]


def test_unpublished_lists_approved_reports_without_publication_longest_waiting_first():
    reviews = [
        review("OLD", approved=True, letter_issued=D(2026, 1, 1)),
        review("NEW", approved=True, letter_issued=D(2026, 5, 1)),
        review("DONE", approved=True, letter_issued=D(2025, 1, 1), published=D(2025, 3, 1)),
        review("CHANGES", approved=False, letter_issued=D(2025, 1, 1)),
    ]

    assert [(r.reference, days) for r, days in unpublished(reviews, TODAY)] == [("OLD", 151), ("NEW", 31)]
