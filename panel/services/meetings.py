"""Creating meetings and putting submissions on their agendas."""

from django.db import transaction
from django.db.models import Max

from dhrqa.audit import record
from dhrqa.enums import AuditAction, Role
from dhrqa.transitions import IllegalTransition
from panel.models import AgendaItem, Meeting
from submissions.services.panel_steps import mark_scheduled


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
    """Put an accepted submission on a meeting's agenda.

    1. Lock the meeting, then have submissions move the submission to
       "scheduled" (it checks the move and e-mails the CSP once committed).
    2. Add it at the end of the agenda and write the audit event.
    """
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        submission = mark_scheduled(submission=submission, meeting_date=meeting.date)
        last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
        item = AgendaItem.objects.create(
            meeting=meeting, submission=submission, position=last + 1, scheduled_by=scheduled_by
        )
        record(scheduled_by, AuditAction.SUBMISSION_SCHEDULED, submission, review=submission.review,
               version=submission.number, meeting=meeting.pk, meeting_date=meeting.date.isoformat(),
               position=item.position)
    return item
