"""Creating meetings and putting submissions on their agendas."""

from django.db import transaction
from django.db.models import Max

from dhrqa.audit import record
from dhrqa.enums import AuditAction, Role
from dhrqa.transitions import IllegalTransition, check_transition
from panel.models import AgendaItem, Meeting
from submissions.enums import SUBMISSION_TRANSITIONS, SubmissionStatus
from submissions.models import Submission


def create_meeting(*, date, chair, created_by):
    """Create a Panel meeting.

    1. Check the chair holds the chair role.
    2. Save the meeting and write the audit event.
    """
    if chair.role != Role.CHAIR or not chair.is_active:
        raise IllegalTransition(f"{chair} cannot chair a meeting")
    with transaction.atomic():
        meeting = Meeting.objects.create(date=date, chair=chair, created_by=created_by)
        record(created_by, AuditAction.MEETING_CREATED, meeting, chair=chair.email, date=date.isoformat())
    return meeting


def schedule_on_agenda(*, meeting, submission, scheduled_by):
    """Put a submitted review on a meeting's agenda.

    1. Lock the submission and check it may move to "scheduled".
    2. Add it at the end of the agenda.
    3. Move the submission on and write the audit event.
    """
    with transaction.atomic():
        submission = Submission.objects.select_for_update().select_related("review").get(pk=submission.pk)
        check_transition(
            SUBMISSION_TRANSITIONS, submission.status, SubmissionStatus.SCHEDULED,
            f"{submission.review.reference} is already on an agenda or has been decided",
        )
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
        item = AgendaItem.objects.create(
            meeting=meeting, submission=submission, position=last + 1, scheduled_by=scheduled_by
        )
        submission.status = SubmissionStatus.SCHEDULED
        submission.save(update_fields=["status"])
        record(scheduled_by, AuditAction.SUBMISSION_SCHEDULED, submission,
               meeting=meeting.pk, meeting_date=meeting.date.isoformat(), position=item.position)
    return item
