"""A review's history as its timeline: the moments a CSP officer or the Home Office looks for."""

import datetime
from dataclasses import dataclass

from dhrqa.audit import review_history
from dhrqa.enums import AuditAction
from dhrqa.dates import govuk_date

# What a CSP sees: never the verdict before the letter is issued.
CSP_ACTIONS = {
    AuditAction.REVIEW_REGISTERED: "Registered",
    AuditAction.SUBMISSION_SUBMITTED: "Version {version} sent to the Home Office",
    AuditAction.SUBMISSION_RETURNED: "Version {version} returned to the CSP",
    AuditAction.SUBMISSION_ACCEPTED: "Version {version} accepted for the Panel",
    AuditAction.SUBMISSION_SCHEDULED: "Version {version} scheduled for the Panel meeting of {meeting}",
    AuditAction.SUBMISSION_WITHDRAWN: "Version {version} withdrawn",
    AuditAction.LETTER_ISSUED: "Panel letter issued",
    AuditAction.PUBLICATION_RECORDED: "Publication recorded",
}
HOME_OFFICE_ACTIONS = {**CSP_ACTIONS, AuditAction.VERDICT_RECORDED: "Verdict recorded"}


@dataclass(frozen=True)
class Moment:
    title: str
    at: object
    by: str
    reasons: tuple = ()


def timeline(review, user):
    """The review's moments, oldest first (one query)."""
    titles = HOME_OFFICE_ACTIONS if user.works_for_home_office else CSP_ACTIONS
    moments = []
    for event in review_history(review.reference, actions=titles):
        detail = event.detail or {}
        meeting = detail.get("meeting_date", "")
        if meeting:
            meeting = govuk_date(datetime.date.fromisoformat(meeting))
        title = titles[event.action].format(version=detail.get("version", ""), meeting=meeting)
        by = event.actor.full_name if event.actor else ""
        moments.append(Moment(title=title, at=event.at, by=by, reasons=tuple(detail.get("reasons", ()))))
    return moments
