"""Planning a meeting, inviting its members, and taking it from planned to closed."""

import datetime

from django.conf import settings
from django.db import transaction

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import PANEL_ROLES, AuditAction
from dhrqa.transitions import check_transition
from panel.enums import MEETING_TRANSITIONS, MeetingStatus, VerdictStatus
from panel.models import AgendaItem, Meeting, MeetingMember, ReaderAssignment
from panel.refusals import (
    AgendaIsEmpty,
    ItemsStillUndecided,
    MeetingNotHeld,
    CapacityBelowAgenda,
    MeetingAlreadyHeld,
    MeetingNotYetDue,
    MeetingRefused,
    MemberIsReading,
    NotAPanelMember,
)
from panel.services import notices
from submissions.services.panel_steps import mark_rescheduled


# What a meeting's planning form may change.
MEETING_FIELDS = ("date", "start_time", "location", "video_link", "capacity", "chair")


def check_panel_member(user):
    """Refuse anyone who is not an active panel member or chair."""
    if not user.is_active or user.role not in PANEL_ROLES:
        raise NotAPanelMember(f"{user} is not a member of the Panel")


def due_date(meeting):
    """When readers' assessments are due: DHRQA_ASSESSMENT_DUE_DAYS before the meeting."""
    return meeting.date - datetime.timedelta(days=settings.DHRQA_ASSESSMENT_DUE_DAYS)


def locked_meeting(meeting):
    return Meeting.objects.select_for_update(of=("self",)).select_related("chair").get(pk=meeting.pk)


def create_meeting(*, date, chair, created_by, start_time=None, location="", video_link="", capacity=10,
                   members=()):
    """Plan a Panel meeting.

    1. Check the chair and every member is on the Panel.
    2. Save the meeting as planned, with its members invited.
    3. Write the audit event.
    """
    check_panel_member(chair)
    for member in members:
        check_panel_member(member)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            date=date, start_time=start_time, location=location, video_link=video_link, capacity=capacity,
            chair=chair, created_by=created_by,
        )
        MeetingMember.objects.bulk_create(
            MeetingMember(meeting=meeting, member=member, invited_by=created_by)
            for member in members if member.pk != chair.pk
        )
        record(created_by, AuditAction.MEETING_CREATED, meeting, chair=chair.email, date=date.isoformat(),
               members=sorted(member.email for member in members))
    return meeting


def change_meeting(*, meeting, changed_by, **fields):
    """Change a meeting's date, time, place, capacity or chair.

    1. Lock the meeting; refuse once it has been held.
    2. Check a new chair is on the Panel and the capacity still holds the agenda.
    3. Save what changed. A new chair is no longer also an invited member;
       the old chair stays on as one while they read a report on the agenda,
       so they can still open it. A new date moves the readers' due dates.
    4. Write the audit event with the old and new values; tell the CSPs a
       new date once committed.
    """
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise ValueError(f"Meetings have no field {sorted(unknown)}")
    with transaction.atomic():
        meeting = locked_meeting(meeting)
        if meeting.status in (MeetingStatus.HELD, MeetingStatus.CLOSED):
            raise MeetingAlreadyHeld("A meeting that has been held can no longer be changed")
        if "chair" in fields:
            check_panel_member(fields["chair"])
        items = meeting.agenda_items.count()
        if fields.get("capacity", meeting.capacity) < items:
            raise CapacityBelowAgenda(f"The agenda already has {items} item{'s' if items != 1 else ''}: "
                                      "the capacity cannot be less than that")
        changes = {}
        old_chair = meeting.chair
        for name, value in fields.items():
            old = getattr(meeting, name)
            if old != value:
                changes[name] = [_plain(old), _plain(value)]
                setattr(meeting, name, value)
        if not changes:
            return meeting
        meeting.save(update_fields=list(changes))
        if "chair" in changes:
            meeting.memberships.filter(member=meeting.chair).delete()
            if ReaderAssignment.objects.filter(agenda_item__meeting=meeting, reader=old_chair).exists():
                MeetingMember.objects.get_or_create(meeting=meeting, member=old_chair,
                                                    defaults={"invited_by": changed_by})
        record(changed_by, AuditAction.MEETING_CHANGED, meeting, changes=changes)
        if "date" in changes:
            # Readers' due dates follow the meeting, and the reminder goes again before the new date.
            ReaderAssignment.objects.filter(agenda_item__meeting=meeting).update(due_on=due_date(meeting))
            Meeting.objects.filter(pk=meeting.pk).update(readers_reminded_at=None)
            for item in meeting.agenda_items.select_related("submission"):
                mark_rescheduled(submission=item.submission, meeting_date=meeting.date)
    return meeting


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "email"):
        return value.email
    return value


def invite_members(*, meeting, members, invited_by):
    """Invite panel members to a meeting. Those already invited, and the chair, are left alone.

    1. Check each is on the Panel; lock the meeting, refusing once it has been
       held (attendance is recorded for the members invited before).
    2. Add the new members and write one audit event for each.
    Returns the members newly invited.
    """
    for member in members:
        check_panel_member(member)
    with transaction.atomic():
        meeting = locked_meeting(meeting)
        if meeting.status in (MeetingStatus.HELD, MeetingStatus.CLOSED):
            raise MeetingAlreadyHeld("Attendance has been recorded: members can no longer be invited to this "
                                     "meeting")
        already = set(meeting.memberships.values_list("member_id", flat=True)) | {meeting.chair_id}
        new = [member for member in members if member.pk not in already]
        MeetingMember.objects.bulk_create(
            MeetingMember(meeting=meeting, member=member, invited_by=invited_by) for member in new
        )
        for member in new:
            record(invited_by, AuditAction.MEMBER_INVITED, meeting, member=member.email)
    return new


def remove_member(*, meeting, member, removed_by):
    """Withdraw a member's invitation: not while they read an item on the agenda, nor once the meeting is held."""
    with transaction.atomic():
        meeting = locked_meeting(meeting)
        if meeting.status in (MeetingStatus.HELD, MeetingStatus.CLOSED):
            raise MeetingAlreadyHeld("Attendance has been recorded: the members of this meeting stay on the record")
        if meeting.agenda_items.filter(readers__reader=member).exists():
            raise MemberIsReading(f"{member} reads a report on this agenda: remove them as a reader first")
        deleted, _ = meeting.memberships.filter(member=member).delete()
        if deleted:
            record(removed_by, AuditAction.MEMBER_REMOVED, meeting, member=member.email)
    return meeting


def release_papers(*, meeting, released_by):
    """Release the papers: from now on the meeting's members can open its documents.

    1. Lock the meeting; check it is planned and its agenda is not empty.
    2. Mark it released, write the audit event and e-mail the members and
       readers once committed.
    """
    with transaction.atomic():
        meeting = locked_meeting(meeting)
        check_transition(MEETING_TRANSITIONS, meeting.status, MeetingStatus.PAPERS_RELEASED,
                         "The papers for this meeting have already been released", error=MeetingRefused)
        if not meeting.agenda_items.exists():
            raise AgendaIsEmpty("Put at least one review on the agenda before releasing the papers")
        meeting.status = MeetingStatus.PAPERS_RELEASED
        meeting.papers_released_at = clock.now()
        meeting.save(update_fields=["status", "papers_released_at"])
        record(released_by, AuditAction.PAPERS_RELEASED, meeting, items=meeting.agenda_items.count())
        notices.papers_released(meeting)
    return meeting


def hold_meeting(*, meeting, attended, recorded_by):
    """Record that the meeting is being held, and who came.

    `attended` is the members present (the chair is taken to be there).

    1. Lock the meeting; check its papers are out and its day has come.
    2. Record each invited member as present or absent.
    3. Mark it held, point meeting mode at the first item, write the audit event.
    """
    attended_ids = {member.pk for member in attended}
    with transaction.atomic():
        meeting = locked_meeting(meeting)
        check_transition(MEETING_TRANSITIONS, meeting.status, MeetingStatus.HELD,
                         _hold_refusal(meeting), error=MeetingRefused)
        if meeting.date > clock.today():
            raise MeetingNotYetDue(f"This meeting is on {meeting.date:%-d %B %Y}: record it as held on the day")
        memberships = list(meeting.memberships.select_related("member"))
        strangers = attended_ids - {membership.member_id for membership in memberships}
        if strangers:
            raise MeetingRefused("Record attendance only for the members invited to this meeting")
        for membership in memberships:
            membership.attended = membership.member_id in attended_ids
        MeetingMember.objects.bulk_update(memberships, ["attended"])
        meeting.status = MeetingStatus.HELD
        meeting.held_at = clock.now()
        meeting.current_item = meeting.agenda_items.order_by("position").first()
        meeting.save(update_fields=["status", "held_at", "current_item"])
        record(recorded_by, AuditAction.MEETING_HELD, meeting,
               attended=sorted(m.member.email for m in memberships if m.attended),
               absent=sorted(m.member.email for m in memberships if not m.attended))
    return meeting


def _hold_refusal(meeting):
    if meeting.status == MeetingStatus.PLANNED:
        return "Release the papers before the meeting is held"
    return "This meeting has already been held"


def close_meeting(*, meeting, closed_by):
    """Close a held meeting once every item on its agenda has a confirmed verdict.

    1. Lock the meeting; check it is held.
    2. Refuse while any item's verdict is missing or pending.
    3. Mark it closed and write the audit event.
    """
    with transaction.atomic():
        meeting = locked_meeting(meeting)
        check_transition(MEETING_TRANSITIONS, meeting.status, MeetingStatus.CLOSED,
                         "Only a meeting that has been held, and is not closed, can be closed", error=MeetingRefused)
        undecided = meeting.agenda_items.exclude(verdict__status=VerdictStatus.CONFIRMED).count()
        if undecided:
            raise ItemsStillUndecided(
                f"{undecided} item{'s' if undecided != 1 else ''} on the agenda "
                f"{'have' if undecided != 1 else 'has'} no confirmed verdict yet"
            )
        meeting.status = MeetingStatus.CLOSED
        meeting.closed_at = clock.now()
        meeting.current_item = None
        meeting.save(update_fields=["status", "closed_at", "current_item"])
        record(closed_by, AuditAction.MEETING_CLOSED, meeting)
    return meeting


def go_to_item(*, meeting, item=None, moved_by):
    """Meeting mode: show `item` next, or, with none given, the item after the current one.

    1. Lock the meeting; check it is being held.
    2. Point it at the item (the next by position, staying on the last) and
       write the audit event.
    """
    with transaction.atomic():
        meeting = locked_meeting(meeting)
        if meeting.status != MeetingStatus.HELD:
            raise MeetingNotHeld("Meeting mode moves between items only while the meeting is being held")
        items = meeting.agenda_items.order_by("position")
        if item is None:
            current = meeting.current_item
            following = items.filter(position__gt=current.position) if current else items
            item = following.first() or current
        elif item.meeting_id != meeting.pk:
            raise MeetingRefused("That item is not on this meeting's agenda")
        if item is None or item.pk == meeting.current_item_id:
            return meeting
        meeting.current_item = AgendaItem.objects.get(pk=item.pk)
        meeting.save(update_fields=["current_item"])
        record(moved_by, AuditAction.MEETING_ITEM_CHANGED, meeting, item=item.pk, position=item.position)
    return meeting
