"""The secretariat's intake: check a received version for completeness, then accept or return it."""

from django.db import transaction

from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.transitions import IllegalTransition
from submissions.enums import IntakeCheck, IssueSource, SubmissionStatus
from submissions.models import IntakeDecision, RaisedIssue
from submissions.services import notices
from submissions.services.status import locked, move


def _checklist(ticked):
    ticked = set(ticked)
    unknown = ticked - set(IntakeCheck.values)
    if unknown:
        raise IllegalTransition("Tick only the items on the checklist")
    return {check.value: check.value in ticked for check in IntakeCheck}


def accept_submission(*, submission, accepted_by, ticked):
    """Accept a received version for a Panel meeting.

    `ticked` is the checklist items the secretariat confirmed.

    1. Lock it and check every checklist item is ticked.
    2. Move it to "accepted" and save the checklist as the intake decision.
    3. Write the audit event and e-mail the CSP once committed.
    """
    checklist = _checklist(ticked)
    if not all(checklist.values()):
        raise IllegalTransition("Tick every item on the checklist before accepting, or return the submission")
    with transaction.atomic():
        submission = locked(submission)
        move(submission, SubmissionStatus.ACCEPTED, "Only a version waiting for intake can be accepted")
        IntakeDecision.objects.create(submission=submission, checklist=checklist, accepted=True,
                                      decided_by=accepted_by)
        record(accepted_by, AuditAction.SUBMISSION_ACCEPTED, submission, review=submission.review,
               version=submission.number)
        notices.submission_accepted(submission)
    return submission


def return_submission(*, submission, returned_by, ticked, reasons):
    """Return a received version to its CSP with reasons, which the CSP answers in its next version.

    1. Check there is at least one reason (blank ones are dropped); lock it.
    2. Move it to "returned", save the checklist and each reason as a
       raised issue.
    3. Write the audit event and e-mail the CSP the reasons once committed.
    """
    checklist = _checklist(ticked)
    reasons = [reason.strip() for reason in reasons if reason.strip()]
    if not reasons:
        raise IllegalTransition("Enter at least one reason for returning the submission")
    with transaction.atomic():
        submission = locked(submission)
        move(submission, SubmissionStatus.RETURNED, "Only a version waiting for intake can be returned")
        IntakeDecision.objects.create(submission=submission, checklist=checklist, accepted=False,
                                      decided_by=returned_by)
        RaisedIssue.objects.bulk_create(
            RaisedIssue(submission=submission, source=IssueSource.INTAKE, position=position, text=text)
            for position, text in enumerate(reasons, start=1)
        )
        record(returned_by, AuditAction.SUBMISSION_RETURNED, submission, review=submission.review,
               version=submission.number, reasons=list(reasons))
        notices.submission_returned(submission, reasons)
    return submission
