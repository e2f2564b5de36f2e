"""The one place a submission's status is assigned, checked against SUBMISSION_TRANSITIONS."""

from dhrqa import clock
from dhrqa.transitions import check_transition
from submissions.enums import SUBMISSION_TRANSITIONS
from submissions.models import Submission


def locked(submission):
    """The submission's row, locked for the rest of the transaction, with its review."""
    return Submission.objects.select_for_update(of=("self",)).select_related("review__csp").get(pk=submission.pk)


def move(submission, target, message, **fields):
    """Move a locked submission to `target`, saving `fields` with it, or raise IllegalTransition with `message`."""
    check_transition(SUBMISSION_TRANSITIONS, submission.status, target, message)
    submission.status = target
    submission.status_changed_at = clock.now()
    for name, value in fields.items():
        setattr(submission, name, value)
    submission.save(update_fields=["status", "status_changed_at", *fields])
