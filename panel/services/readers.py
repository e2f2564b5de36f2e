"""Readers for each agenda item, the conflicts that rule a member out, and reminders to readers."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.models import User
from panel.enums import AGENDA_OPEN, AssessmentStatus, ConflictKind, MeetingStatus
from panel.models import AgendaItem, ConflictOfInterest, Meeting, MeetingMember, ReaderAssignment
from panel.refusals import (
    AgendaClosed,
    AlreadyReading,
    ConflictAlreadyDeclared,
    NothingToRemind,
    PapersNotReleased,
    ReaderConflicted,
    ReaderHasSubmitted,
)
from panel.services import notices
from panel.services.meetings import check_panel_member, due_date, locked_meeting

READERS_FIXED = "Readers can no longer change: the meeting has been held"



def assign_reader(*, item, reader, assigned_by):
    """Ask a panel member to read one item's report.

    1. Check they are on the Panel; lock the meeting and check its agenda is open.
    2. Refuse a member who has declared a conflict with the review, or who
       already reads this item.
    3. Invite them to the meeting if they were not, save the assignment with
       its due date, write the audit event and e-mail them once committed.
    """
    return assign_readers(item=item, readers=[reader], assigned_by=assigned_by)[0]


def assign_readers(*, item, readers, assigned_by):
    """Ask several panel members to read one item's report: all of them, or none if one is refused.

    The steps of assign_reader, for each reader in turn, in one transaction.
    Returns the assignments in the order of `readers`.
    """
    for reader in readers:
        check_panel_member(reader)
    with transaction.atomic():
        meeting = locked_meeting(item.meeting)
        if meeting.status not in AGENDA_OPEN:
            raise AgendaClosed(READERS_FIXED)
        # The readers' rows too, as declare_conflict locks them: a conflict declared meanwhile is seen here.
        list(User.objects.select_for_update().filter(pk__in=sorted(reader.pk for reader in readers)))
        item = AgendaItem.objects.select_related("submission__review").get(pk=item.pk)
        review = item.submission.review
        conflicted = set(ConflictOfInterest.objects.filter(review=review).values_list("member_id", flat=True))
        reading = set(item.readers.values_list("reader_id", flat=True))
        assignments = []
        for reader in readers:
            if reader.pk in conflicted:
                raise ReaderConflicted(f"{reader} has declared a conflict of interest with {review.reference}")
            if reader.pk in reading:
                raise AlreadyReading(f"{reader} is already reading {review.reference}")
            reading.add(reader.pk)
            if reader.pk != meeting.chair_id:
                MeetingMember.objects.get_or_create(meeting=meeting, member=reader,
                                                    defaults={"invited_by": assigned_by})
            assignment = ReaderAssignment.objects.create(
                agenda_item=item, reader=reader, due_on=due_date(meeting), assigned_by=assigned_by,
            )
            record(assigned_by, AuditAction.READER_ASSIGNED, assignment, review=review, reader=reader.email,
                   due_on=assignment.due_on.isoformat())
            notices.reader_assigned(assignment)
            assignments.append(assignment)
    return assignments


def remove_reader(*, assignment, removed_by, reason="removed by the secretariat"):
    """Take a reader off an item, with their draft assessment, if they have not submitted it.

    1. Lock the meeting, then the assignment; refuse once the meeting has been
       held (who read what stays on its record) or if the assessment is submitted.
    2. Write the audit event with the reason, and delete the assignment and any draft.
    """
    with transaction.atomic():
        meeting = locked_meeting(assignment.agenda_item.meeting)
        assignment = (ReaderAssignment.objects.select_for_update(of=("self",))
                      .select_related("agenda_item__submission__review", "reader").filter(pk=assignment.pk).first())
        if assignment is None:
            # Removed meanwhile, by someone else or by the reader's declaring a conflict: nothing left to do.
            return
        if assignment.assessment_status == AssessmentStatus.SUBMITTED:
            raise ReaderHasSubmitted(f"{assignment.reader} has submitted their assessment: it stays on the record")
        if meeting.status not in AGENDA_OPEN:
            raise AgendaClosed(READERS_FIXED)
        record(removed_by, AuditAction.READER_REMOVED, assignment, review=assignment.agenda_item.submission.review,
               reader=assignment.reader.email, had_draft=assignment.assessment_or_none is not None, reason=reason)
        assignment.delete()


def declare_conflict(*, review, member, kind, reason):
    """A panel member declares a conflict of interest with a review.

    From then on the review's documents, assessments and verdict are hidden
    from them, and they cannot be made its reader.

    1. Check they are on the Panel and the kind is one of ConflictKind; lock
       their user row, so two declarations at once cannot both pass step 2.
    2. Refuse a second declaration for the same review.
    3. Save it and write its audit event.
    4. Take them off reading any of the review's items that have no verdict,
       with any assessment they had begun or submitted (the conflict rules
       their view out of the Panel's discussion), each with its audit event.
    """
    check_panel_member(member)
    if kind not in ConflictKind.values:
        raise ValueError(f"{kind!r} is not a kind of conflict of interest")
    with transaction.atomic():
        User.objects.select_for_update().get(pk=member.pk)
        if ConflictOfInterest.objects.filter(review=review, member=member).exists():
            raise ConflictAlreadyDeclared(f"You have already declared a conflict of interest with {review.reference}")
        conflict = ConflictOfInterest.objects.create(review=review, member=member, kind=kind, reason=reason.strip())
        record(member, AuditAction.CONFLICT_DECLARED, conflict, review=review, kind=kind)
        readings = ReaderAssignment.objects.filter(
            reader=member, agenda_item__submission__review=review, agenda_item__verdict__isnull=True,
        ).select_related("agenda_item__submission__review", "reader", "assessment")
        for assignment in readings:
            record(member, AuditAction.READER_REMOVED, assignment, review=review, reader=member.email,
                   had_draft=assignment.assessment_or_none is not None,
                   assessment=assignment.assessment_status, reason="conflict of interest declared")
            assignment.delete()
    return conflict


def outstanding_readings(meeting):
    """The meeting's assignments of active readers whose assessment is not submitted, by reader then agenda order."""
    return (
        ReaderAssignment.objects.filter(agenda_item__meeting=meeting, reader__is_active=True)
        .filter(Q(assessment__isnull=True) | ~Q(assessment__status=AssessmentStatus.SUBMITTED))
        .select_related("reader", "agenda_item__submission__review")
        .order_by("reader__full_name", "reader_id", "agenda_item__position")
    )


def outstanding_by_reader(meeting):
    """{reader: [their outstanding assignments]}, readers in name order: whom a reminder would go to."""
    by_reader = {}
    for assignment in outstanding_readings(meeting):
        by_reader.setdefault(assignment.reader, []).append(assignment)
    return by_reader


def remind_readers(*, meeting, sent_by):
    """E-mail every reader of the meeting who has an assessment outstanding: one e-mail each.

    `sent_by` is None when Celery beat sends the automatic reminder.

    1. Lock the meeting; refuse unless its papers are out and it has not been
       held: before they are released, readers cannot open the report.
    2. Find the outstanding assessments; refuse if there are none.
    3. Queue one e-mail per reader listing their outstanding items, mark the
       assignments reminded and write the audit event with the counts.
    Returns the number of readers reminded.
    """
    with transaction.atomic():
        meeting = locked_meeting(meeting)
        if meeting.status == MeetingStatus.PLANNED:
            raise PapersNotReleased("Release the papers before reminding readers: until then they cannot open the "
                                    "reports")
        if meeting.status != MeetingStatus.PAPERS_RELEASED:
            raise AgendaClosed("Reminders go to readers before the meeting is held")
        by_reader = outstanding_by_reader(meeting)
        if not by_reader:
            raise NothingToRemind("No reader of this meeting has an assessment outstanding: there is nobody to remind")
        outstanding = [assignment for assignments in by_reader.values() for assignment in assignments]
        for reader, assignments in by_reader.items():
            notices.assessments_outstanding(meeting, reader, assignments)
        ReaderAssignment.objects.filter(pk__in=[a.pk for a in outstanding]).update(reminded_at=clock.now())
        record(sent_by, AuditAction.READERS_REMINDED, meeting, readers=len(by_reader), assessments=len(outstanding),
               automatic=sent_by is None)
    return len(by_reader)


def remind_readers_before_meetings(today=None):
    """Celery beat's daily job: remind readers of meetings DHRQA_READER_REMINDER_DAYS away or less, once a meeting.

    1. Find the meetings whose papers are out, from tomorrow to
       DHRQA_READER_REMINDER_DAYS days ahead, whose readers have not had the
       automatic reminder.
    2. For each, in its own transaction: lock it and check again that it was
       not reminded meanwhile (two runs at once send once), remind its
       readers, and mark it reminded. A meeting whose readers have all
       submitted is left unmarked, so a reader assigned later is still reminded.
    Returns the number of meetings whose readers were reminded.
    """
    today = today or clock.today()
    last_day = today + datetime.timedelta(days=settings.DHRQA_READER_REMINDER_DAYS)
    meetings = Meeting.objects.filter(
        status=MeetingStatus.PAPERS_RELEASED, date__gt=today, date__lte=last_day, readers_reminded_at__isnull=True,
    ).order_by("date", "id")
    reminded = 0
    for meeting in meetings:
        with transaction.atomic():
            if locked_meeting(meeting).readers_reminded_at is not None:
                continue
            try:
                remind_readers(meeting=meeting, sent_by=None)
            except (NothingToRemind, AgendaClosed, PapersNotReleased):
                continue
            Meeting.objects.filter(pk=meeting.pk).update(readers_reminded_at=clock.now())
            reminded += 1
    return reminded
