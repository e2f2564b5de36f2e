"""Putting versions on an agenda, ordering it and moving items between meetings: panel/services/agenda.py."""

import datetime

import pytest

from dhrqa.enums import AuditAction
from dhrqa.transitions import IllegalTransition
from panel.enums import MeetingStatus
from panel.models import AgendaItem
from panel.refusals import AgendaClosed, AgendaFull, ItemAlreadyDiscussed
from panel.services.agenda import move_agenda_item, reorder_agenda, schedule_on_agenda
from submissions.enums import SubmissionStatus
from tests.factories import MeetingFactory, VerdictFactory
from tests.panel.meeting_setup import MEETING_DATE, item_on, planned, reader_of, waiting
from tests.panel.scenario import audit_trail

pytestmark = pytest.mark.django_db


def _order(meeting):
    return list(meeting.agenda_items.order_by("position").values_list("submission__review__reference", "position"))


# Scheduling


def test_schedule_on_agenda_puts_version_last_and_marks_it_scheduled(secretariat):
    meeting = planned()
    item_on(meeting, "FIRST-2026-001")
    submission = waiting("WAIT-2026-001")

    item = schedule_on_agenda(meeting=meeting, submission=submission, scheduled_by=secretariat)

    assert _order(meeting) == [("FIRST-2026-001", 1), ("WAIT-2026-001", 2)]
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SCHEDULED
    assert audit_trail(submission) == [(secretariat.pk, AuditAction.SUBMISSION_SCHEDULED, {
        "version": 1, "meeting": meeting.pk, "meeting_date": "2026-12-09", "position": 2})]
    assert item.scheduled_by == secretariat


def test_schedule_on_agenda_full_refused(secretariat):
    meeting = planned(capacity=1)
    item_on(meeting)
    submission = waiting("WAIT-2026-001")

    with pytest.raises(AgendaFull, match="is full: it takes 1 items"):
        schedule_on_agenda(meeting=meeting, submission=submission, scheduled_by=secretariat)

    assert meeting.agenda_items.count() == 1
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED


def test_schedule_on_agenda_held_meeting_refused(secretariat):
    meeting = MeetingFactory(held=True)
    submission = waiting("WAIT-2026-001")

    with pytest.raises(AgendaClosed, match="can no longer change: the meeting has been held"):
        schedule_on_agenda(meeting=meeting, submission=submission, scheduled_by=secretariat)

    assert AgendaItem.objects.count() == 0


def test_schedule_on_agenda_version_already_scheduled_refused(secretariat):
    elsewhere = item_on(planned(), "SCHED-2026-001")
    meeting = planned()

    with pytest.raises(IllegalTransition, match="SCHED-2026-001 must be accepted, and not already on an agenda"):
        schedule_on_agenda(meeting=meeting, submission=elsewhere.submission, scheduled_by=secretariat)

    assert meeting.agenda_items.count() == 0


# Reordering


def test_reorder_agenda_swaps_with_neighbour(secretariat):
    meeting = planned()
    item_on(meeting, "A-2026-001")
    second = item_on(meeting, "B-2026-001")
    item_on(meeting, "C-2026-001")

    reorder_agenda(item=second, direction="up", reordered_by=secretariat)

    assert _order(meeting) == [("B-2026-001", 1), ("A-2026-001", 2), ("C-2026-001", 3)]
    assert [action for _, action, _ in audit_trail(meeting)] == [AuditAction.AGENDA_REORDERED]


def test_reorder_agenda_last_item_down_changes_nothing(secretariat):
    meeting = planned()
    item_on(meeting, "A-2026-001")
    last = item_on(meeting, "B-2026-001")

    reorder_agenda(item=last, direction="down", reordered_by=secretariat)

    assert _order(meeting) == [("A-2026-001", 1), ("B-2026-001", 2)]
    assert audit_trail(meeting) == []


def test_reorder_agenda_after_verdict_refused(secretariat):
    meeting = MeetingFactory(held=True)
    decided = VerdictFactory(agenda_item__meeting=meeting, agenda_item__position=1,
                             agenda_item__submission__review__reference="A-2026-001",
                             agenda_item__submission__documents=False).agenda_item
    item_on(meeting, "B-2026-001")

    with pytest.raises(ItemAlreadyDiscussed, match="The Panel has recorded a verdict on item 1: it stays where it is"):
        reorder_agenda(item=decided, direction="down", reordered_by=secretariat)

    assert _order(meeting) == [("A-2026-001", 1), ("B-2026-001", 2)]


def test_reorder_agenda_held_meeting_refused(secretariat):
    meeting = MeetingFactory(held=True)
    item_on(meeting, "A-2026-001")
    second = item_on(meeting, "B-2026-001")

    with pytest.raises(AgendaClosed):
        reorder_agenda(item=second, direction="up", reordered_by=secretariat)

    assert _order(meeting) == [("A-2026-001", 1), ("B-2026-001", 2)]


def test_reorder_agenda_unknown_direction_refused(secretariat):
    item = item_on(planned())

    with pytest.raises(ValueError):
        reorder_agenda(item=item, direction="sideways", reordered_by=secretariat)


# Moving to another meeting


def test_move_agenda_item_takes_readers_and_closes_gap(secretariat, settings):
    source, target = planned(), MeetingFactory(date=datetime.date(2027, 1, 20))
    item_on(source, "A-2026-001")
    moving = item_on(source, "B-2026-001")
    item_on(source, "C-2026-001")
    item_on(target, "T-2026-001")
    assignment = reader_of(moving)

    move_agenda_item(item=moving, to_meeting=target, moved_by=secretariat)

    assert _order(source) == [("A-2026-001", 1), ("C-2026-001", 2)]
    assert _order(target) == [("T-2026-001", 1), ("B-2026-001", 2)]
    assignment.refresh_from_db()
    assert assignment.due_on == datetime.date(2027, 1, 20) - datetime.timedelta(
        days=settings.DHRQA_ASSESSMENT_DUE_DAYS)
    assert list(target.memberships.values_list("member", flat=True)) == [assignment.reader_id]
    assert audit_trail(moving) == [(secretariat.pk, AuditAction.AGENDA_ITEM_MOVED, {
        "version": 1, "from_meeting": source.pk, "to_meeting": target.pk, "meeting_date": "2027-01-20"})]


def test_move_agenda_item_to_closed_meeting_refused(secretariat):
    source = planned()
    closed = MeetingFactory(status=MeetingStatus.CLOSED, papers_released_at=datetime.datetime(
        2026, 1, 1, tzinfo=datetime.UTC), held_at=datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC))
    item = item_on(source, "A-2026-001")

    with pytest.raises(AgendaClosed):
        move_agenda_item(item=item, to_meeting=closed, moved_by=secretariat)

    assert _order(source) == [("A-2026-001", 1)]
    assert closed.agenda_items.count() == 0


def test_move_agenda_item_to_full_meeting_refused(secretariat):
    source, full = planned(), planned(capacity=1)
    item_on(full)
    item = item_on(source, "A-2026-001")

    with pytest.raises(AgendaFull):
        move_agenda_item(item=item, to_meeting=full, moved_by=secretariat)

    assert _order(source) == [("A-2026-001", 1)]


def test_move_agenda_item_after_verdict_refused(secretariat):
    held = MeetingFactory(held=True, date=MEETING_DATE)
    decided = VerdictFactory(agenda_item__meeting=held, agenda_item__position=1,
                             agenda_item__submission__documents=False).agenda_item
    target = planned()

    with pytest.raises(ItemAlreadyDiscussed):
        move_agenda_item(item=decided, to_meeting=target, moved_by=secretariat)

    decided.refresh_from_db()
    assert decided.meeting == held
    assert target.agenda_items.count() == 0
