"""Readers for each agenda item, the conflicts that rule a member out, and reminders to readers."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from panel.enums import AGENDA_OPEN, AssessmentStatus, MeetingStatus
from panel.models import AgendaItem, ConflictOfInterest, Meeting, MeetingMember, ReaderAssignment
from panel.refusals import (
    AgendaClosed,
    AlreadyReading,
    ConflictAlreadyDeclared,
    NothingToRemind,
    ReaderConflicted,
    ReaderHasSubmitted,
)
from panel.services import notices
from panel.services.meetings import check_panel_member, locked_meeting


def due_date(meeting):
    """When readers' assessments are due: DHRQA_ASSESSMENT_DUE_DAYS before the meeting."""
    return meeting.date - datetime.timedelta(days=settings.DHRQA_ASSESSMENT_DUE_DAYS)


def assign_reader(*, item, reader, assigned_by):
    """Ask a panel member to read one item's report.

    1. Check they are on the Panel; lock the meeting and check its agenda is open.
    2. Refuse a member who has declared a conflict with the review, or who
       already reads this item.
    3. Invite them to the meeting if they were not, save the assignment with
       its due date, write the audit event and e-mail them once committed.
    """
    check_panel_member(reader)
    with transaction.atomic():
        meeting = locked_meeting(item.meeting)
        if meeting.status not in AGENDA_OPEN:
            raise AgendaClosed("Readers are assigned before the meeting is held")
        item = AgendaItem.objects.select_related("submission__review").get(pk=item.pk)
        review = item.submission.review
        if ConflictOfInterest.objects.filter(review=review, member=reader).exists():
            raise ReaderConflicted(f"{reader} has declared a conflict of interest with {review.reference}")
        if item.readers.filter(reader=reader).exists():
            raise AlreadyReading(f"{reader} is already reading {review.reference}")
        if reader.pk != meeting.chair_id:
            MeetingMember.objects.get_or_create(meeting=meeting, member=reader, defaults={"invited_by": assigned_by})
        assignment = ReaderAssignment.objects.create(
            agenda_item=item, reader=reader, due_on=due_date(meeting), assigned_by=assigned_by,
        )
        record(assigned_by, AuditAction.READER_ASSIGNED, assignment, review=review, reader=reader.email,
               due_on=assignment.due_on.isoformat())
        notices.reader_assigned(assignment)
    return assignment


def remove_reader(*, assignment, removed_by, reason="removed by the secretariat"):
    """Take a reader off an item, with their draft assessment, if they have not submitted it.

    1. Lock the assignment; refuse if its assessment is submitted.
    2. Delete it (and any draft) and write the audit event with the reason.
    """
    with transaction.atomic():
        assignment = (ReaderAssignment.objects.select_for_update(of=("self",))
                      .select_related("agenda_item__submission__review", "reader").get(pk=assignment.pk))
        if assignment.assessment_status == AssessmentStatus.SUBMITTED:
            raise ReaderHasSubmitted(f"{assignment.reader} has submitted their assessment: it stays on the record")
        record(removed_by, AuditAction.READER_REMOVED, assignment, review=assignment.agenda_item.submission.review,
               reader=assignment.reader.email, had_draft=assignment.assessment_or_none is not None, reason=reason)
        assignment.delete()


def declare_conflict(*, review, member, kind, reason):
    """A panel member declares a conflict of interest with a review.

    From then on the review's documents, assessments and verdict are hidden
    from them, and they cannot be made its reader.

    1. Refuse a second declaration for the same review.
    2. Save it; take them off reading any of the review's items that have no
       verdict, with any assessment they had begun (the conflict rules their
       view out of the Panel's discussion).
    3. Write the audit event.
    """
    with transaction.atomic():
        if ConflictOfInterest.objects.filter(review=review, member=member).exists():
            raise ConflictAlreadyDeclared(f"You have already declared a conflict of interest with {review.reference}")
        conflict = ConflictOfInterest.objects.create(review=review, member=member, kind=kind, reason=reason.strip())
        record(member, AuditAction.CONFLICT_DECLARED, conflict, review=review, kind=kind)
        readings = ReaderAssignment.objects.filter(
            reader=member, agenda_item__submission__review=review, agenda_item__verdict__isnull=True,
        ).select_related("agenda_item__submission__review", "reader")
        for assignment in readings:
            record(member, AuditAction.READER_REMOVED, assignment, review=review, reader=member.email,
                   had_draft=assignment.assessment_or_none is not None, reason="conflict of interest declared")
            assignment.delete()
    return conflict


def outstanding_readings(meeting):
    """The meeting's reader assignments whose assessment is not submitted."""
    return (
        ReaderAssignment.objects.filter(agenda_item__meeting=meeting)
        .filter(Q(assessment__isnull=True) | ~Q(assessment__status=AssessmentStatus.SUBMITTED))
        .select_related("reader", "agenda_item__submission__review")
        .order_by("reader__full_name", "agenda_item__position")
    )


def remind_readers(*, meeting, sent_by):
    """E-mail every reader of the meeting who has an assessment outstanding: one e-mail each.

    1. Find the outstanding assessments; refuse if there are none.
    2. Queue one e-mail per reader listing their outstanding items, mark the
       assignments reminded and write the audit event with the count.
    Returns the number of readers reminded.
    """
    with transaction.atomic():
        meeting = locked_meeting(meeting)
        if meeting.status not in (MeetingStatus.PAPERS_RELEASED, MeetingStatus.PLANNED):
            raise AgendaClosed("Reminders go to readers before the meeting is held")
        outstanding = list(outstanding_readings(meeting))
        if not outstanding:
            raise NothingToRemind("Every reader of this meeting has submitted their assessment")
        by_reader = {}
        for assignment in outstanding:
            by_reader.setdefault(assignment.reader, []).append(assignment)
        for reader, assignments in by_reader.items():
            notices.assessments_outstanding(meeting, reader, assignments)
        ReaderAssignment.objects.filter(pk__in=[a.pk for a in outstanding]).update(reminded_at=clock.now())
        record(sent_by, AuditAction.READERS_REMINDED, meeting, readers=len(by_reader), assessments=len(outstanding),
               automatic=sent_by is None)
    return len(by_reader)


def remind_readers_before_meetings(today=None):
    """Celery beat's daily job: remind readers of meetings DHRQA_READER_REMINDER_DAYS away, once per meeting.

    Returns the number of meetings whose readers were reminded.
    """
    today = today or clock.today()
    reminder_day = today + datetime.timedelta(days=settings.DHRQA_READER_REMINDER_DAYS)
    meetings = Meeting.objects.filter(
        status__in=AGENDA_OPEN, date__gt=today, date__lte=reminder_day, readers_reminded_at__isnull=True,
    )
    reminded = 0
    for meeting in meetings:
        with transaction.atomic():
            try:
                remind_readers(meeting=meeting, sent_by=None)
            except NothingToRemind:
                pass
            else:
                reminded += 1
            Meeting.objects.filter(pk=meeting.pk).update(readers_reminded_at=clock.now())
    return reminded
