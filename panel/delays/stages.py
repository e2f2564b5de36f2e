"""The steps of a review and where each one's date lives.

A review's journey, each step the date it happened:

    death -> CSP notified -> decision to review -> Home Office notified -> first version sent
    -> accepted at intake -> Panel meeting -> letter issued -> published

- death, CSP notified, decision, Home Office notified: the review's own fields;
- first version sent: the earliest `submitted_at` of its versions (withdrawn ones too: it was sent);
- accepted: the earliest accepted intake decision;
- Panel meeting: the date of the meeting whose confirmed verdict is the review's latest;
- letter issued: the earliest `issued_at` of that verdict's letters (a correction keeps the first date);
- published: the date the CSP recorded (panel.models.Publication).

So "accepted to meeting" includes any versions the Panel asked for before its latest verdict.
A step not taken yet has no date: it is "not yet" on the pages and left out of every statistic.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Min
from django.db.models.functions import TruncDate

from panel.enums import LetterStatus, VerdictStatus
from panel.models import Letter, Verdict
from submissions.enums import CaseKind
from submissions.models import IntakeDecision, Review, Submission

# (key, label) of each step, in order.
STEPS = (
    ("death", "Death"),
    ("csp_notified", "CSP notified"),
    ("decided", "Decision to review"),
    ("home_office_notified", "Home Office notified"),
    ("submitted", "First version sent"),
    ("accepted", "Accepted at intake"),
    ("meeting", "Panel meeting"),
    ("letter_issued", "Letter issued"),
    ("published", "Published"),
)
STEP_LABELS = dict(STEPS)
# Each stage by the step it ends with.
STAGE_LABELS = {
    "csp_notified": "Death to CSP notified",
    "decided": "CSP notified to decision",
    "home_office_notified": "Decision to Home Office notified",
    "submitted": "Home Office notified to first version sent",
    "accepted": "First version sent to accepted",
    "meeting": "Accepted to Panel meeting",
    "letter_issued": "Panel meeting to letter issued",
    "published": "Letter issued to published",
    "completion": "Decision to first version sent",
}


@dataclass(frozen=True)
class Stage:
    """The time between two consecutive steps."""

    key: str
    start: str
    end: str

    @property
    def label(self):
        return STAGE_LABELS.get(self.key) or f"{STEP_LABELS[self.start]} to {STEP_LABELS[self.end]}"


STAGES = tuple(Stage(key=end, start=start, end=end) for (start, _), (end, _) in zip(STEPS, STEPS[1:]))


STEP_KEYS = tuple(key for key, _ in STEPS)


class ReviewDates:
    """One review's step dates (None: not yet) and whether its latest verdict approved publication.

    A plain class with slots, its durations worked out once as it is made: the dashboard makes
    one for each of thousands of reviews, and a dataclass's machinery cost more than the figures.
    """

    __slots__ = ("review_id", "reference", "csp_id", "csp_name", "dates", "approved", "publication_url",
                 "durations")

    def __init__(self, *, review_id, reference, csp_id, csp_name, dates, approved=False, publication_url=""):
        self.review_id, self.reference, self.csp_id, self.csp_name = review_id, reference, csp_id, csp_name
        self.dates, self.approved, self.publication_url = dates, approved, publication_url
        # The days of each of STAGES, in order (None where a date is missing).
        steps = [dates.get(key) for key in STEP_KEYS]
        self.durations = tuple([None if start is None or end is None else (end - start).days
                                for start, end in zip(steps, steps[1:])])

    def __repr__(self):
        return f"ReviewDates({self.reference})"

    @property
    def year(self):
        """The year of the decision to review: the figures are grouped by it."""
        return self.dates["decided"].year

    def days(self, stage):
        """Days from the stage's start to its end, or None when either date is missing."""
        start, end = self.dates.get(stage.start), self.dates.get(stage.end)
        if start is None or end is None:
            return None
        return (end - start).days


def load_review_dates(*, csp_id=None, year=None):
    """The ReviewDates of every review the CSP decided to hold, oldest decision first.

    Reviews with no version sent yet are in, with no date from "first version sent" on: one
    decided nine months ago and still not sent is the very delay the dashboard is for.
    Decisions not to review are left out: they have no report to send or publish.
    Five queries whatever the number of reviews (each a grouped read of one table),
    joined here; times are read as dates in the project's time zone (TruncDate);
    `csp_id` and `year` (of the decision) narrow every one of them.
    """
    reviews = Review.objects.filter(kind=CaseKind.REVIEW)
    if csp_id is not None:
        reviews = reviews.filter(csp_id=csp_id)
    if year is not None:
        reviews = reviews.filter(date_decided__gte=datetime.date(year, 1, 1),
                                 date_decided__lte=datetime.date(year, 12, 31))
    sent = dict(
        Submission.objects.filter(review__in=reviews.values("pk"), submitted_at__isnull=False)
        .values_list("review_id").annotate(first=Min(TruncDate("submitted_at"))).order_by()
    )
    accepted = dict(
        IntakeDecision.objects.filter(submission__review__in=reviews.values("pk"), accepted=True)
        .values_list("submission__review_id").annotate(first=Min(TruncDate("decided_at"))).order_by()
    )
    # The latest confirmed verdict of each review wins: read in meeting order, later ones overwrite.
    latest = {}
    verdicts = (
        Verdict.objects.filter(agenda_item__submission__review__in=reviews.values("pk"), status=VerdictStatus.CONFIRMED)
        .order_by("agenda_item__meeting__date", "id")
        .values_list("agenda_item__submission__review_id", "id", "agenda_item__meeting__date",
                     "outcome__needs_new_version")
    )
    for review_id, verdict_id, meeting_date, needs_new_version in verdicts:
        latest[review_id] = (verdict_id, meeting_date, not needs_new_version)
    issued = dict(
        Letter.objects.filter(verdict__agenda_item__submission__review__in=reviews.values("pk"),
                              issued_at__isnull=False)
        .exclude(status=LetterStatus.DRAFT)
        .values_list("verdict_id").annotate(first=Min(TruncDate("issued_at"))).order_by()
    )
    rows = reviews.order_by("date_decided", "id").values_list(
        "id", "reference", "csp_id", "csp__name", "date_of_death", "date_csp_notified", "date_decided",
        "date_home_office_notified", "publication__published_on", "publication__url",
    )
    found = []
    for (review_id, reference, csp_id_, csp_name, death, notified, decided, home_office, published_on,
         url) in rows:
        verdict_id, meeting_date, approved = latest.get(review_id, (None, None, False))
        letter_issued = issued.get(verdict_id)
        found.append(ReviewDates(
            review_id=review_id, reference=reference, csp_id=csp_id_, csp_name=csp_name,
            dates={
                "death": death, "csp_notified": notified, "decided": decided, "home_office_notified": home_office,
                "submitted": sent.get(review_id), "accepted": accepted.get(review_id),
                "meeting": meeting_date, "letter_issued": letter_issued, "published": published_on,
            },
            # Approved only once its letter is out: until then the CSP has nothing to publish.
            approved=approved and letter_issued is not None,
            publication_url=url or "",
        ))
    return found
