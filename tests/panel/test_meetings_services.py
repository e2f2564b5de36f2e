"""Planning a meeting and taking it from planned to closed: panel/services/meetings.py."""

import datetime

import pytest

from dhrqa import clock
from dhrqa.enums import AuditAction
from panel.enums import MeetingStatus, VerdictStatus
from panel.models import Meeting, MeetingMember
from panel.refusals import (
    AgendaIsEmpty,
    CapacityBelowAgenda,
    ItemsStillUndecided,
    MeetingAlreadyHeld,
    MeetingNotYetDue,
    MeetingRefused,
    MemberIsReading,
    NotAPanelMember,
)
from panel.services.meetings import (
    change_meeting,
    close_meeting,
    create_meeting,
    hold_meeting,
    invite_members,
    release_papers,
    remove_member,
)
from tests.factories import MeetingFactory, UserFactory, VerdictFactory
from tests.panel.meeting_setup import MEETING_DATE, invite, item_on, planned, reader_of
from tests.panel.scenario import audit_trail

pytestmark = pytest.mark.django_db


def _members(meeting):
    return sorted(meeting.memberships.values_list("member__full_name", "attended"))


# Creating


def test_create_meeting_invites_members_but_not_the_chair(secretariat, panel_member, chair):
    other = UserFactory(panel_member=True, full_name="Zoe Reader")

    meeting = create_meeting(date=MEETING_DATE, start_time=datetime.time(10, 30), location="Room 1",
                             video_link="https://teams.example/1", capacity=6, chair=panel_member,
                             members=[panel_member, other, chair], created_by=secretariat)

    assert (meeting.status, meeting.chair, meeting.capacity, meeting.start_time) == (
        MeetingStatus.PLANNED, panel_member, 6, datetime.time(10, 30))
    assert sorted(meeting.memberships.values_list("member__email", flat=True)) == sorted([other.email, chair.email])
    assert audit_trail(meeting) == [(secretariat.pk, AuditAction.MEETING_CREATED, {
        "chair": panel_member.email, "date": "2026-12-09", "members": sorted([panel_member.email, other.email,
                                                                              chair.email])})]


def test_create_meeting_secretariat_chair_refused(secretariat):
    with pytest.raises(NotAPanelMember, match="is not a member of the Panel"):
        create_meeting(date=MEETING_DATE, chair=secretariat, created_by=secretariat)

    assert Meeting.objects.count() == 0


def test_create_meeting_inactive_member_refused(secretariat, chair):
    gone = UserFactory(panel_member=True, is_active=False)

    with pytest.raises(NotAPanelMember):
        create_meeting(date=MEETING_DATE, chair=chair, members=[gone], created_by=secretariat)

    assert Meeting.objects.count() == 0


# Changing


def test_change_meeting_records_old_and_new_values(secretariat):
    meeting = planned(start_time=datetime.time(10), capacity=10)

    change_meeting(meeting=meeting, changed_by=secretariat, start_time=datetime.time(14, 30), capacity=5,
                   location="Room 2")

    meeting.refresh_from_db()
    assert (meeting.start_time, meeting.capacity, meeting.location) == (datetime.time(14, 30), 5, "Room 2")
    assert audit_trail(meeting) == [(secretariat.pk, AuditAction.MEETING_CHANGED, {"changes": {
        "start_time": ["10:00:00", "14:30:00"], "capacity": [10, 5], "location": ["", "Room 2"]}})]


def test_change_meeting_nothing_changed_writes_no_event(secretariat):
    meeting = planned(capacity=10)

    change_meeting(meeting=meeting, changed_by=secretariat, capacity=10)

    assert audit_trail(meeting) == []


def test_change_meeting_capacity_below_agenda_refused(secretariat):
    meeting = planned(capacity=5)
    item_on(meeting)
    item_on(meeting)

    with pytest.raises(CapacityBelowAgenda, match="The agenda already has 2 items: the capacity cannot be less"):
        change_meeting(meeting=meeting, changed_by=secretariat, capacity=1)

    meeting.refresh_from_db()
    assert meeting.capacity == 5


def test_change_meeting_once_held_refused(secretariat):
    meeting = MeetingFactory(held=True, location="Room 1")

    with pytest.raises(MeetingAlreadyHeld, match="A meeting that has been held can no longer be changed"):
        change_meeting(meeting=meeting, changed_by=secretariat, location="Room 9")

    meeting.refresh_from_db()
    assert meeting.location == "Room 1"


def test_change_meeting_chair_to_non_panel_refused(secretariat):
    meeting = planned()
    chair = meeting.chair

    with pytest.raises(NotAPanelMember):
        change_meeting(meeting=meeting, changed_by=secretariat, chair=secretariat)

    meeting.refresh_from_db()
    assert meeting.chair == chair


def test_change_meeting_new_chair_leaves_members_and_reading_old_chair_joins_them(secretariat, panel_member):
    meeting = planned()
    old_chair = meeting.chair
    invite(meeting, panel_member)
    reader_of(item_on(meeting), reader=old_chair)

    change_meeting(meeting=meeting, changed_by=secretariat, chair=panel_member)

    assert list(meeting.memberships.values_list("member", flat=True)) == [old_chair.pk]


def test_change_meeting_old_chair_not_reading_is_not_invited(secretariat, panel_member):
    meeting = planned()

    change_meeting(meeting=meeting, changed_by=secretariat, chair=panel_member)

    assert list(meeting.memberships.all()) == []


def test_change_meeting_date_moves_readers_due_dates(secretariat, settings):
    meeting = planned()
    assignment = reader_of(item_on(meeting))

    change_meeting(meeting=meeting, changed_by=secretariat, date=datetime.date(2027, 1, 20))

    assignment.refresh_from_db()
    assert assignment.due_on == datetime.date(2027, 1, 20) - datetime.timedelta(
        days=settings.DHRQA_ASSESSMENT_DUE_DAYS)


# Members


def test_invite_members_skips_those_already_invited_and_the_chair(secretariat, panel_member):
    meeting = planned()
    invite(meeting, panel_member)
    newcomer = UserFactory(panel_member=True)

    invited = invite_members(meeting=meeting, members=[panel_member, newcomer, meeting.chair],
                             invited_by=secretariat)

    assert invited == [newcomer]
    assert [(action, detail) for _, action, detail in audit_trail(meeting)] == [
        (AuditAction.MEMBER_INVITED, {"member": newcomer.email})]


def test_invite_members_once_held_refused(secretariat, panel_member):
    meeting = MeetingFactory(held=True)

    with pytest.raises(MeetingAlreadyHeld):
        invite_members(meeting=meeting, members=[panel_member], invited_by=secretariat)

    assert meeting.memberships.count() == 0


def test_invite_members_csp_officer_refused(secretariat, csp_officer):
    meeting = planned()

    with pytest.raises(NotAPanelMember):
        invite_members(meeting=meeting, members=[csp_officer], invited_by=secretariat)

    assert meeting.memberships.count() == 0


def test_remove_member_withdraws_invitation(secretariat, panel_member):
    meeting = planned()
    invite(meeting, panel_member)

    remove_member(meeting=meeting, member=panel_member, removed_by=secretariat)

    assert meeting.memberships.count() == 0
    assert [(action, detail) for _, action, detail in audit_trail(meeting)] == [
        (AuditAction.MEMBER_REMOVED, {"member": panel_member.email})]


def test_remove_member_who_reads_an_item_refused(secretariat, panel_member):
    meeting = planned()
    reader_of(item_on(meeting), reader=panel_member)

    with pytest.raises(MemberIsReading, match="reads a report on this agenda: remove them as a reader first"):
        remove_member(meeting=meeting, member=panel_member, removed_by=secretariat)

    assert list(meeting.memberships.values_list("member", flat=True)) == [panel_member.pk]


def test_remove_member_once_held_refused(secretariat, panel_member):
    meeting = MeetingFactory(held=True)
    invite(meeting, panel_member)

    with pytest.raises(MeetingAlreadyHeld):
        remove_member(meeting=meeting, member=panel_member, removed_by=secretariat)

    assert meeting.memberships.count() == 1


# Releasing the papers


def test_release_papers_empty_agenda_refused(secretariat):
    meeting = planned()

    with pytest.raises(AgendaIsEmpty, match="Put at least one review on the agenda before releasing the papers"):
        release_papers(meeting=meeting, released_by=secretariat)

    meeting.refresh_from_db()
    assert (meeting.status, meeting.papers_released_at) == (MeetingStatus.PLANNED, None)


def test_release_papers_releases_and_records(secretariat):
    meeting = planned()
    item_on(meeting)

    with clock.at(datetime.date(2026, 11, 20)):
        release_papers(meeting=meeting, released_by=secretariat)

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PAPERS_RELEASED
    assert meeting.papers_released_at.date() == datetime.date(2026, 11, 20)
    assert audit_trail(meeting) == [(secretariat.pk, AuditAction.PAPERS_RELEASED, {"items": 1})]


def test_release_papers_twice_refused(secretariat):
    meeting = MeetingFactory(released=True)
    item_on(meeting)

    with pytest.raises(MeetingRefused, match="The papers for this meeting have already been released"):
        release_papers(meeting=meeting, released_by=secretariat)

    assert audit_trail(meeting) == []


# Holding


def test_hold_meeting_before_its_date_refused(secretariat, panel_member):
    meeting = MeetingFactory(released=True, date=MEETING_DATE)
    invite(meeting, panel_member)

    with clock.at(MEETING_DATE - datetime.timedelta(days=1)), pytest.raises(
            MeetingNotYetDue, match="This meeting is on 9 December 2026: record it as held on the day"):
        hold_meeting(meeting=meeting, attended=[panel_member], recorded_by=secretariat)

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PAPERS_RELEASED
    assert _members(meeting) == [(panel_member.full_name, None)]


def test_hold_meeting_papers_not_released_refused(secretariat):
    meeting = planned()

    with clock.at(MEETING_DATE), pytest.raises(MeetingRefused, match="Release the papers before the meeting is held"):
        hold_meeting(meeting=meeting, attended=[], recorded_by=secretariat)

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_hold_meeting_records_attendance_and_first_item(secretariat):
    meeting = MeetingFactory(released=True, date=MEETING_DATE)
    came, stayed_away = UserFactory(panel_member=True, full_name="Ann Came"), UserFactory(
        panel_member=True, full_name="Bob Away")
    invite(meeting, came, stayed_away)
    first = item_on(meeting)
    item_on(meeting)

    with clock.at(MEETING_DATE):
        hold_meeting(meeting=meeting, attended=[came], recorded_by=meeting.chair)

    meeting.refresh_from_db()
    assert (meeting.status, meeting.current_item) == (MeetingStatus.HELD, first)
    assert _members(meeting) == [("Ann Came", True), ("Bob Away", False)]
    assert audit_trail(meeting) == [(meeting.chair.pk, AuditAction.MEETING_HELD, {
        "attended": [came.email], "absent": [stayed_away.email]})]


def test_hold_meeting_stranger_attending_refused(secretariat, panel_member):
    meeting = MeetingFactory(released=True, date=MEETING_DATE)

    with clock.at(MEETING_DATE), pytest.raises(MeetingRefused, match="only for the members invited"):
        hold_meeting(meeting=meeting, attended=[panel_member], recorded_by=secretariat)

    assert MeetingMember.objects.count() == 0


# Closing


def test_close_meeting_with_undecided_item_refused(secretariat):
    meeting = MeetingFactory(held=True)
    VerdictFactory(agenda_item__meeting=meeting, agenda_item__position=1, agenda_item__submission__documents=False)
    VerdictFactory(agenda_item__meeting=meeting, agenda_item__position=2, agenda_item__submission__documents=False,
                   status=VerdictStatus.PENDING, confirmed_by=None, confirmed_at=None)
    item_on(meeting)

    with pytest.raises(ItemsStillUndecided, match="2 items on the agenda have no confirmed verdict yet"):
        close_meeting(meeting=meeting, closed_by=secretariat)

    meeting.refresh_from_db()
    assert (meeting.status, meeting.closed_at) == (MeetingStatus.HELD, None)


def test_close_meeting_every_verdict_confirmed_closes(secretariat):
    meeting = MeetingFactory(held=True)
    VerdictFactory(agenda_item__meeting=meeting, agenda_item__position=1, agenda_item__submission__documents=False)

    close_meeting(meeting=meeting, closed_by=secretariat)

    meeting.refresh_from_db()
    assert (meeting.status, meeting.current_item) == (MeetingStatus.CLOSED, None)
    assert audit_trail(meeting) == [(secretariat.pk, AuditAction.MEETING_CLOSED, {})]


def test_close_meeting_not_held_refused(secretariat):
    meeting = MeetingFactory(released=True)
    item_on(meeting)

    with pytest.raises(MeetingRefused, match="Only a meeting that has been held"):
        close_meeting(meeting=meeting, closed_by=secretariat)

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PAPERS_RELEASED
