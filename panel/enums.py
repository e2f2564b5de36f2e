"""The Panel's states, the moves each may make, and its fixed vocabularies.

Outcomes are not here: outcome sets are data (panel.models.outcomes), so a
new era of verdicts is a row, not a code change.
"""

from django.db import models

from submissions.enums import CaseKind


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    PAPERS_RELEASED = "papers_released", "Papers released"
    HELD = "held", "Held"
    CLOSED = "closed", "Closed"


MEETING_TRANSITIONS = {
    MeetingStatus.PLANNED: {MeetingStatus.PAPERS_RELEASED},
    MeetingStatus.PAPERS_RELEASED: {MeetingStatus.HELD},
    MeetingStatus.HELD: {MeetingStatus.CLOSED},
    MeetingStatus.CLOSED: set(),
}

# What may be done at a meeting in each of its states.
AGENDA_OPEN = frozenset({MeetingStatus.PLANNED, MeetingStatus.PAPERS_RELEASED})
PAPERS_OUT = frozenset({MeetingStatus.PAPERS_RELEASED, MeetingStatus.HELD, MeetingStatus.CLOSED})
ASSESSING = frozenset({MeetingStatus.PAPERS_RELEASED, MeetingStatus.HELD})
MEETING_STATUS_COLOURS = {
    MeetingStatus.PLANNED: "grey",
    MeetingStatus.PAPERS_RELEASED: "blue",
    MeetingStatus.HELD: "turquoise",
    MeetingStatus.CLOSED: "green",
}


class AgendaItemStatus(models.TextChoices):
    SCHEDULED = "scheduled", "On the agenda"
    DISCUSSED = "discussed", "Verdict recorded"


# {state: {move: next state}}: an item is reordered or moved to another meeting
# until the Panel records a verdict on it.
AGENDA_ITEM_MOVES = {
    AgendaItemStatus.SCHEDULED: {
        "reorder": AgendaItemStatus.SCHEDULED,
        "move": AgendaItemStatus.SCHEDULED,
        "record_verdict": AgendaItemStatus.DISCUSSED,
    },
    AgendaItemStatus.DISCUSSED: {},
}


class AssessmentStatus(models.TextChoices):
    # "Not started" is a reader with no assessment row yet.
    NOT_STARTED = "not_started", "Not started"
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


# {state: {move: next state}}: a draft is saved as often as the reader likes, then submitted once.
ASSESSMENT_MOVES = {
    AssessmentStatus.NOT_STARTED: {"save": AssessmentStatus.DRAFT, "submit": AssessmentStatus.SUBMITTED},
    AssessmentStatus.DRAFT: {"save": AssessmentStatus.DRAFT, "submit": AssessmentStatus.SUBMITTED},
    AssessmentStatus.SUBMITTED: {},
}
ASSESSMENT_STATUS_COLOURS = {
    AssessmentStatus.NOT_STARTED: "grey",
    AssessmentStatus.DRAFT: "yellow",
    AssessmentStatus.SUBMITTED: "green",
}


class VerdictStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    CONFIRMED = "confirmed", "Confirmed"


# {state: {move: next state}}: a pending verdict is revised and confirmed; a confirmed
# one is only changed, by the chair, with a reason kept in the audit trail.
VERDICT_MOVES = {
    VerdictStatus.PENDING: {"revise": VerdictStatus.PENDING, "confirm": VerdictStatus.CONFIRMED},
    VerdictStatus.CONFIRMED: {"change": VerdictStatus.CONFIRMED},
}


class ConflictKind(models.TextChoices):
    PERSONAL = "personal", "Personal"
    PROFESSIONAL = "professional", "Professional or employer"
    LOCAL_AREA = "local_area", "Local area"
    OTHER = "other", "Other"


class CriterionScope(models.TextChoices):
    """Which cases a criterion is assessed for."""

    ALL = "all", "Reviews and decisions not to review"
    REVIEWS = CaseKind.REVIEW.value, "Reviews only"
    DECISIONS = CaseKind.DECISION_NOT_TO_REVIEW.value, "Decisions not to review only"


class LetterStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_SIGNATURE = "awaiting_signature", "With the chair to sign"
    SIGNED = "signed", "Signed"
    ISSUED = "issued", "Issued"
    SUPERSEDED = "superseded", "Superseded"


# The secretariat edits a draft and sends it to the chair, who signs it or sends it back;
# a signed letter is issued; a correction supersedes a signed or issued one with a new version.
LETTER_TRANSITIONS = {
    LetterStatus.DRAFT: {LetterStatus.AWAITING_SIGNATURE},
    LetterStatus.AWAITING_SIGNATURE: {LetterStatus.DRAFT, LetterStatus.SIGNED},
    LetterStatus.SIGNED: {LetterStatus.ISSUED, LetterStatus.SUPERSEDED},
    LetterStatus.ISSUED: {LetterStatus.SUPERSEDED},
    LetterStatus.SUPERSEDED: set(),
}
# What the chair has signed: its words, date and file never change again (a database trigger holds them).
SEALED_LETTER_STATUSES = frozenset({LetterStatus.SIGNED, LetterStatus.ISSUED, LetterStatus.SUPERSEDED})
# The letter a verdict stands by: at most one at a time.
LIVE_LETTER_STATUSES = frozenset({LetterStatus.SIGNED, LetterStatus.ISSUED})
# The letter being made: at most one at a time (a correction's, while the one it corrects stays live).
OPEN_LETTER_STATUSES = frozenset({LetterStatus.DRAFT, LetterStatus.AWAITING_SIGNATURE})
LETTER_STATUS_COLOURS = {
    LetterStatus.DRAFT: "grey",
    LetterStatus.AWAITING_SIGNATURE: "yellow",
    LetterStatus.SIGNED: "blue",
    LetterStatus.ISSUED: "green",
    LetterStatus.SUPERSEDED: "red",
}


class LetterLogo(models.TextChoices):
    """The logos bundled with the application; a letter template's letterhead names one."""

    HOME_OFFICE = "home-office", "Home Office"


class RenderStatus(models.TextChoices):
    QUEUED = "queued", "Being prepared"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class NationalStatus(models.TextChoices):
    """Where a national recommendation routed to a body stands (panel.models.RoutedRecommendation)."""

    SENT = "sent", "Sent"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    IN_PROGRESS = "in_progress", "In progress"
    IMPLEMENTED = "implemented", "Implemented"
    # The Panel changed its verdict to name another body before this one answered: nothing more is asked of it.
    WITHDRAWN = "withdrawn", "Withdrawn"


class NationalMoveKind(models.TextChoices):
    """What made one step of a routed recommendation's history (panel.models.RoutedRecommendationMove)."""

    ROUTED = "routed", "Routed by the Panel"
    REROUTED = "rerouted", "Re-routed by the secretariat"
    MOVED = "moved", "The body's step"
    WITHDRAWN = "withdrawn", "Withdrawn by the Panel"


# The steps that send a recommendation to a body: what the body did before the latest of them is not its answer.
NATIONAL_SENDING_KINDS = frozenset({NationalMoveKind.ROUTED, NationalMoveKind.REROUTED})


# {status: {move: next status}}: the only moves a body's responder makes (panel/services/national_tracker.py).
NATIONAL_MOVES = {
    NationalStatus.SENT: {"acknowledge": NationalStatus.ACKNOWLEDGED},
    NationalStatus.ACKNOWLEDGED: {"accept": NationalStatus.ACCEPTED, "decline": NationalStatus.DECLINED},
    NationalStatus.ACCEPTED: {"start": NationalStatus.IN_PROGRESS, "implement": NationalStatus.IMPLEMENTED},
    NationalStatus.IN_PROGRESS: {"implement": NationalStatus.IMPLEMENTED},
    NationalStatus.DECLINED: {},
    NationalStatus.IMPLEMENTED: {},
    NationalStatus.WITHDRAWN: {},
}
# How each move is offered to the responder, in the order offered.
NATIONAL_MOVE_LABELS = {
    "acknowledge": "Acknowledge it: we have received it",
    "accept": "Accept it",
    "decline": "Decline it, with the reasons",
    "start": "Mark it in progress",
    "implement": "Mark it implemented",
}
# Still waiting for the body's answer (accept or decline): these become overdue after their due date.
AWAITING_ANSWER = frozenset({NationalStatus.SENT, NationalStatus.ACKNOWLEDGED})
NATIONAL_STATUS_COLOURS = {
    NationalStatus.SENT: "grey",
    NationalStatus.ACKNOWLEDGED: "blue",
    NationalStatus.ACCEPTED: "turquoise",
    NationalStatus.DECLINED: "red",
    NationalStatus.IN_PROGRESS: "yellow",
    NationalStatus.IMPLEMENTED: "green",
    NationalStatus.WITHDRAWN: "grey",
}
