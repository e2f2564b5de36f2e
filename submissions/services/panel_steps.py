"""The steps the Panel takes a submission through. The panel app calls these; only they move it."""

from django.db import transaction

from dhrqa.transitions import IllegalTransition
from submissions.enums import IssueSource, SubmissionStatus
from submissions.models import RaisedIssue
from submissions.services import notices
from submissions.services.status import locked, move


def mark_scheduled(*, submission, meeting_date):
    """Move an accepted version to "scheduled" and tell the CSP the meeting's date, once committed.

    Called inside the panel's own transaction, which writes the audit event.
    Returns the locked submission.
    """
    with transaction.atomic():
        submission = locked(submission)
        move(submission, SubmissionStatus.SCHEDULED,
             f"{submission.review.reference} must be accepted, and not already on an agenda, to be scheduled")
        notices.submission_scheduled(submission, meeting_date)
    return submission


def mark_rescheduled(*, submission, meeting_date):
    """A scheduled version moved to another meeting: tell the CSP the new date, once committed."""
    with transaction.atomic():
        submission = locked(submission)
        if submission.status != SubmissionStatus.SCHEDULED:
            raise IllegalTransition(f"{submission.review.reference} is not waiting for a meeting")
        notices.submission_scheduled(submission, meeting_date)
    return submission


def mark_decided(*, submission):
    """Move a scheduled version to "decided". The CSP is told nothing until the letter is issued."""
    with transaction.atomic():
        submission = locked(submission)
        move(submission, SubmissionStatus.DECIDED, "This review is not waiting for a verdict")
    return submission


def release_outcome(*, submission, new_version_needed, issues):
    """When the Panel's letter is issued: conclude the version, or ask for a new one.

    `issues` are the texts the letter asks the CSP to address; with
    `new_version_needed` they become the raised issues the next version
    answers one by one.
    """
    with transaction.atomic():
        submission = locked(submission)
        target = SubmissionStatus.CHANGES_REQUESTED if new_version_needed else SubmissionStatus.CONCLUDED
        move(submission, target, "The Panel's verdict on this version has not been recorded")
        if new_version_needed:
            RaisedIssue.objects.bulk_create(
                RaisedIssue(submission=submission, source=IssueSource.PANEL, position=position, text=text)
                for position, text in enumerate(issues, start=1)
            )
    return submission
