"""Assigning and removing readers, their loads, and the secretariat's reminders (panel/services/readers.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dhrqa.enums import AuditAction
from dhrqa.notifications import render_email
from panel.enums import MeetingStatus
from panel.models import Assessment, Meeting, MeetingMember, ReaderAssignment
from panel.queries import readers_and_loads
from panel.refusals import (
    AgendaClosed,
    AlreadyReading,
    NotAPanelMember,
    NothingToRemind,
    PapersNotReleased,
    ReaderConflicted,
    ReaderHasSubmitted,
)
from panel.services.readers import assign_reader, assign_readers, remind_readers, remove_reader
from tests.factories import AgendaItemFactory, MeetingFactory, UserFactory, VerdictFactory
from tests.panel.reading import conflict, draft, queued, reader_of, submitted
from tests.panel.scenario import audit_trail

pytestmark = pytest.mark.django_db

MEETING_DATE = datetime.date(2026, 12, 9)


@pytest.fixture
def meeting(chair, secretariat):
    return MeetingFactory(date=MEETING_DATE, chair=chair, created_by=secretariat)


@pytest.fixture
def item(meeting):
    return AgendaItemFactory(meeting=meeting, position=1, submission__documents=False)


@pytest.fixture
def reader():
    return UserFactory(panel_member=True, full_name="Alex Reader", email="alex@panel.example")


# assign_reader


def test_assign_reader_panel_member_assigned_invited_audited_and_emailed(
        item, reader, secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assignment = assign_reader(item=item, reader=reader, assigned_by=secretariat)

    saved = ReaderAssignment.objects.get(agenda_item=item)
    assert (saved.pk, saved.reader, saved.due_on, saved.assigned_by) == (
        assignment.pk, reader, datetime.date(2026, 12, 7), secretariat)
    assert list(MeetingMember.objects.filter(meeting=item.meeting).values_list("member", "invited_by")) == [
        (reader.pk, secretariat.pk)]
    reference = item.submission.review.reference
    assert audit_trail(assignment) == [(secretariat.pk, AuditAction.READER_ASSIGNED,
                                        {"reader": "alex@panel.example", "due_on": "2026-12-07"})]
    assert queued(callbacks) == [("reader_assigned", "alex@panel.example", {
        "recipient_name": "Alex Reader", "reference": reference, "meeting_date": "9 December 2026",
        "due_date": "7 December 2026", "path": reverse("panel:my_reviews"),
    })]


def test_assign_reader_meeting_chair_reads_without_being_invited(item, chair, secretariat):
    assign_reader(item=item, reader=chair, assigned_by=secretariat)

    assert list(item.readers.values_list("reader", flat=True)) == [chair.pk]
    assert not MeetingMember.objects.filter(meeting=item.meeting).exists()


def test_assign_reader_another_chair_reads_as_a_member(item, secretariat):
    other_chair = UserFactory(chair=True)

    assign_reader(item=item, reader=other_chair, assigned_by=secretariat)

    assert list(MeetingMember.objects.filter(meeting=item.meeting).values_list("member", flat=True)) == [
        other_chair.pk]


def test_assign_reader_papers_released_still_assigned(secretariat, reader):
    item = AgendaItemFactory(meeting__released=True, submission__documents=False)

    assign_reader(item=item, reader=reader, assigned_by=secretariat)

    assert list(item.readers.values_list("reader", flat=True)) == [reader.pk]


def test_assign_reader_conflicted_member_refused(item, reader, secretariat, django_capture_on_commit_callbacks):
    conflict(reader, item.submission.review)

    with django_capture_on_commit_callbacks(execute=False) as callbacks, pytest.raises(ReaderConflicted) as refused:
        assign_reader(item=item, reader=reader, assigned_by=secretariat)

    reference = item.submission.review.reference
    assert str(refused.value) == f"Alex Reader has declared a conflict of interest with {reference}"
    assert (ReaderAssignment.objects.count(), MeetingMember.objects.count(), callbacks) == (0, 0, [])


def test_assign_reader_already_reading_refused(item, reader, secretariat):
    reader_of(item, reader)

    with pytest.raises(AlreadyReading) as refused:
        assign_reader(item=item, reader=reader, assigned_by=secretariat)

    assert str(refused.value) == f"Alex Reader is already reading {item.submission.review.reference}"
    assert item.readers.count() == 1


def test_assign_reader_held_meeting_refused(reader, secretariat):
    item = AgendaItemFactory(meeting__held=True, submission__documents=False)

    with pytest.raises(AgendaClosed) as refused:
        assign_reader(item=item, reader=reader, assigned_by=secretariat)

    assert str(refused.value) == "Readers can no longer change: the meeting has been held"
    assert not ReaderAssignment.objects.exists()


@pytest.mark.parametrize("person", [
    {"secretariat": True}, {"csp_officer": True}, {"panel_member": True, "is_active": False},
])
def test_assign_reader_not_an_active_panel_member_refused(item, secretariat, person):
    someone = UserFactory(full_name="Sam Someone", **person)

    with pytest.raises(NotAPanelMember) as refused:
        assign_reader(item=item, reader=someone, assigned_by=secretariat)

    assert str(refused.value) == "Sam Someone is not a member of the Panel"
    assert not ReaderAssignment.objects.exists()


def test_assign_readers_several_assigned_in_order(item, reader, secretariat, django_capture_on_commit_callbacks):
    second = UserFactory(panel_member=True)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assignments = assign_readers(item=item, readers=[reader, second], assigned_by=secretariat)

    assert [a.reader for a in assignments] == [reader, second]
    assert [to for _template, to, _context in queued(callbacks)] == [reader.email, second.email]


def test_assign_readers_one_conflicted_assigns_none(item, reader, secretariat, django_capture_on_commit_callbacks):
    conflicted = UserFactory(panel_member=True)
    conflict(conflicted, item.submission.review)

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ReaderConflicted):
        assign_readers(item=item, readers=[reader, conflicted], assigned_by=secretariat)

    assert (ReaderAssignment.objects.count(), MeetingMember.objects.count(), callbacks) == (0, 0, [])


# readers_and_loads


def test_readers_and_loads_counts_open_readings_only(reader, secretariat):
    reader_of(AgendaItemFactory(submission__documents=False), reader)
    draft(reader_of(AgendaItemFactory(submission__documents=False), reader))
    submitted(reader_of(AgendaItemFactory(submission__documents=False), reader))
    reader_of(VerdictFactory(agenda_item__submission__documents=False).agenda_item, reader)
    idle = UserFactory(panel_member=True, full_name="Bea Idle")
    UserFactory(panel_member=True, full_name="Cy Gone", is_active=False)

    loads = {person.full_name: person.load for person in readers_and_loads()}

    assert {name: load for name, load in loads.items() if name in ("Alex Reader", "Bea Idle", "Cy Gone")} == {
        "Alex Reader": 2, "Bea Idle": 0}
    assert idle.pk not in [person.pk for person in readers_and_loads(exclude_ids=[idle.pk])]


# remove_reader


def test_remove_reader_with_draft_removed_and_audited(item, reader, secretariat):
    assignment = reader_of(item, reader)
    draft(assignment)

    remove_reader(assignment=assignment, removed_by=secretariat)

    assert (ReaderAssignment.objects.count(), Assessment.objects.count()) == (0, 0)
    assert audit_trail(assignment) == [(secretariat.pk, AuditAction.READER_REMOVED, {
        "reader": "alex@panel.example", "had_draft": True, "reason": "removed by the secretariat"})]


def test_remove_reader_submitted_refused(item, reader, secretariat):
    assignment = reader_of(item, reader)
    submitted(assignment)

    with pytest.raises(ReaderHasSubmitted) as refused:
        remove_reader(assignment=assignment, removed_by=secretariat)

    assert str(refused.value) == "Alex Reader has submitted their assessment: it stays on the record"
    assert (ReaderAssignment.objects.count(), Assessment.objects.count(), audit_trail(assignment)) == (1, 1, [])


def test_remove_reader_held_meeting_refused(reader, secretariat):
    assignment = reader_of(AgendaItemFactory(meeting__held=True, submission__documents=False), reader)

    with pytest.raises(AgendaClosed) as refused:
        remove_reader(assignment=assignment, removed_by=secretariat)

    assert str(refused.value) == "Readers can no longer change: the meeting has been held"
    assert ReaderAssignment.objects.filter(pk=assignment.pk).exists()


# remind_readers


def release(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.PAPERS_RELEASED, papers_released_at=timezone.now())


def test_remind_readers_before_the_papers_are_released_refused(meeting, item, reader, secretariat,
                                                              django_capture_on_commit_callbacks):
    reader_of(item, reader)

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(PapersNotReleased) as refused:
        remind_readers(meeting=meeting, sent_by=secretariat)

    assert str(refused.value) == ("Release the papers before reminding readers: until then they cannot open the "
                                  "reports")
    assert (callbacks, audit_trail(meeting)) == ([], [])


def test_remind_readers_one_email_per_reader_with_their_outstanding_items(
        meeting, reader, secretariat, django_capture_on_commit_callbacks):
    release(meeting)
    first = AgendaItemFactory(meeting=meeting, position=1, submission__documents=False)
    second = AgendaItemFactory(meeting=meeting, position=2, submission__documents=False)
    bea = UserFactory(panel_member=True, full_name="Bea Busy", email="bea@panel.example")
    done = UserFactory(panel_member=True, full_name="Cy Done")
    reminded = [reader_of(first, reader), draft(reader_of(second, reader)).assignment, reader_of(second, bea)]
    submitted(reader_of(first, bea))
    submitted(reader_of(first, done))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sent = remind_readers(meeting=meeting, sent_by=secretariat)

    assert sent == 2
    assert queued(callbacks) == [
        ("assessments_outstanding", "alex@panel.example", {
            "recipient_name": "Alex Reader", "meeting_date": "9 December 2026", "due_date": "7 December 2026",
            "references": [first.submission.review.reference, second.submission.review.reference],
            "path": reverse("panel:my_reviews")}),
        ("assessments_outstanding", "bea@panel.example", {
            "recipient_name": "Bea Busy", "meeting_date": "9 December 2026", "due_date": "7 December 2026",
            "references": [second.submission.review.reference], "path": reverse("panel:my_reviews")}),
    ]
    assert sorted(ReaderAssignment.objects.filter(reminded_at__isnull=False).values_list("pk", flat=True)) == sorted(
        assignment.pk for assignment in reminded)
    assert audit_trail(meeting) == [(secretariat.pk, AuditAction.READERS_REMINDED,
                                     {"readers": 2, "assessments": 3, "automatic": False})]


def test_remind_readers_inactive_reader_not_emailed(meeting, item, reader, secretariat,
                                                   django_capture_on_commit_callbacks):
    release(meeting)
    reader_of(item, reader)
    reader_of(item, UserFactory(panel_member=True, is_active=False))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sent = remind_readers(meeting=meeting, sent_by=secretariat)

    assert (sent, [to for _template, to, _context in queued(callbacks)]) == (1, ["alex@panel.example"])


def test_remind_readers_all_submitted_refused(meeting, item, reader, secretariat, django_capture_on_commit_callbacks):
    release(meeting)
    submitted(reader_of(item, reader))

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(NothingToRemind) as refused:
        remind_readers(meeting=meeting, sent_by=secretariat)

    assert str(refused.value) == (
        "No reader of this meeting has an assessment outstanding: there is nobody to remind")
    assert (callbacks, audit_trail(meeting)) == ([], [])


def test_remind_readers_held_meeting_refused(reader, secretariat, django_capture_on_commit_callbacks):
    item = AgendaItemFactory(meeting__held=True, submission__documents=False)
    reader_of(item, reader)

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(AgendaClosed) as refused:
        remind_readers(meeting=item.meeting, sent_by=secretariat)

    assert str(refused.value) == "Reminders go to readers before the meeting is held"
    assert (callbacks, ReaderAssignment.objects.filter(reminded_at__isnull=False).exists()) == ([], False)


def test_reader_assigned_email_says_what_to_read_and_by_when(item, reader, secretariat, settings,
                                                              django_capture_on_commit_callbacks):
    settings.DHRQA_SITE_URL = "https://dhrqa.example.gov.uk"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assign_reader(item=item, reader=reader, assigned_by=secretariat)
    [(template, to, context)] = queued(callbacks)

    message = render_email(template, context, to)

    reference = item.submission.review.reference
    assert message.subject == f"You have been asked to read {reference}"
    assert message.body.splitlines()[:10] == [
        "Dear Alex Reader,",
        "",
        f"The secretariat has asked you to read {reference} for the Quality Assurance Panel meeting on "
        "9 December 2026.",
        "",
        "Please submit your assessment by 7 December 2026. You can open the report once the meeting's papers "
        "are released.",
        "",
        "See your reviews:",
        "https://dhrqa.example.gov.uk/my-reviews/",
        "",
        "If you have a conflict of interest with this review, declare it in the service and the secretariat will "
        "ask someone else.",
    ]
    assert [name for name in ("Louise", "Neil") if name in message.message().as_string()] == []
