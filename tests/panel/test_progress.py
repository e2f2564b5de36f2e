"""A meeting's progress: each item's readers and where their assessments are, for the secretariat and the chair."""

import datetime

import pytest
from django.urls import reverse

from dhrqa import clock
from panel.models import MeetingMember
from tests.dhrqa.govuk_page import heading, parse, text_of
from tests.factories import AgendaItemFactory, MeetingFactory, UserFactory
from tests.panel.reading import conflict, draft, links, reader_of, submitted, table_rows

pytestmark = pytest.mark.django_db

MEETING_DATE = datetime.date(2026, 12, 9)
# The day after readers' assessments were due.
AFTER_DUE = datetime.date(2026, 12, 8)


@pytest.fixture
def meeting(chair, secretariat):
    return MeetingFactory(date=MEETING_DATE, chair=chair, created_by=secretariat, released=True)


@pytest.fixture
def items(meeting):
    return [AgendaItemFactory(meeting=meeting, position=position, submission__documents=False)
            for position in (1, 2, 3)]


@pytest.fixture
def readers(items):
    """Item 1: Alex submitted, Bea has a draft. Item 2: Cy has not started. Item 3: nobody."""
    alex, bea, cy = (UserFactory(panel_member=True, full_name=name) for name in ("Alex Reader", "Bea Busy", "Cy Slow"))
    submitted(reader_of(items[0], alex))
    draft(reader_of(items[0], bea))
    reader_of(items[1], cy)
    return alex, bea, cy


def progress_url(meeting):
    return reverse("panel:meeting_progress", kwargs={"pk": meeting.pk})


def test_meeting_progress_secretariat_sees_each_reader_status_and_what_is_overdue(
        client_for, secretariat, meeting, items, readers):
    with clock.at(AFTER_DUE):
        response = client_for(secretariat).get(progress_url(meeting))

    ref = [item.submission.review.reference for item in items]
    assert heading(response) == "Readers' progress"
    assert text_of(response, id="progress-summary") == "1 of 3 assessments submitted, 2 overdue"
    assert table_rows(response) == [
        ["1", ref[0], "Alex Reader", "7 December 2026", "Submitted"],
        ["", "", "Bea Busy", "7 December 2026", "Draft Overdue"],
        ["2", ref[1], "Cy Slow", "7 December 2026", "Not started Overdue"],
        ["3", ref[2], "No readers assigned"],
    ]
    assert ("Send reminders", reverse("panel:meeting_reminders", kwargs={"pk": meeting.pk})) in links(response)


def test_meeting_progress_before_the_due_date_nothing_overdue(client_for, secretariat, meeting, items, readers):
    with clock.at(datetime.date(2026, 12, 7)):
        response = client_for(secretariat).get(progress_url(meeting))

    assert text_of(response, id="progress-summary") == "1 of 3 assessments submitted, 0 overdue"
    assert [row[-1] for row in table_rows(response)][:3] == ["Submitted", "Draft", "Not started"]


def test_meeting_progress_shows_who_is_recused(client_for, secretariat, meeting, items, readers):
    dee = UserFactory(panel_member=True, full_name="Dee Recused")
    MeetingMember.objects.create(meeting=meeting, member=dee, invited_by=secretariat)
    conflict(dee, items[0].submission.review)
    # Not on this meeting: not a recusal from it.
    conflict(UserFactory(panel_member=True, full_name="Ed Elsewhere"), items[0].submission.review)

    response = client_for(secretariat).get(progress_url(meeting))

    assert table_rows(response)[0][1] == f"{items[0].submission.review.reference} Recused: Dee Recused"


def test_meeting_progress_all_submitted_offers_no_reminder(client_for, secretariat, meeting, items):
    submitted(reader_of(items[0]))

    response = client_for(secretariat).get(progress_url(meeting))

    assert text_of(response, id="progress-summary") == "1 of 1 assessment submitted, 0 overdue"
    assert [text for text, _href in links(response) if text == "Send reminders"] == []


def test_meeting_progress_held_meeting_offers_no_reminder(client_for, secretariat):
    item = AgendaItemFactory(meeting__held=True, submission__documents=False)
    reader_of(item)

    response = client_for(secretariat).get(progress_url(item.meeting))

    assert text_of(response, id="progress-summary") == "0 of 1 assessment submitted, 0 overdue"
    assert [text for text, _href in links(response) if text == "Send reminders"] == []


def test_meeting_progress_no_readers_yet_says_so(client_for, secretariat, meeting, items):
    response = client_for(secretariat).get(progress_url(meeting))

    assert text_of(response, id="progress-summary") == "No readers have been assigned yet"


def test_meeting_progress_chair_sees_it_without_reminders_and_not_an_item_they_are_conflicted_with(
        client_for, chair, meeting, items, readers):
    conflict(chair, items[1].submission.review)

    with clock.at(AFTER_DUE):
        response = client_for(chair).get(progress_url(meeting))

    ref = [item.submission.review.reference for item in items]
    assert text_of(response, id="progress-summary") == "1 of 2 assessments submitted, 1 overdue"
    assert table_rows(response) == [
        ["1", ref[0], "Alex Reader", "7 December 2026", "Submitted"],
        ["", "", "Bea Busy", "7 December 2026", "Draft Overdue"],
        ["2", ref[1], "You declared a conflict of interest with this review"],
        ["3", ref[2], "No readers assigned"],
    ]
    assert [text for text, _href in links(response) if text == "Send reminders"] == []


def test_meeting_progress_member_of_the_meeting_forbidden(client_for, meeting, readers):
    alex = readers[0]

    assert client_for(alex).get(progress_url(meeting)).status_code == 403


@pytest.mark.parametrize("who", ["panel_member", "chair", "csp_officer"])
def test_meeting_progress_meeting_they_may_not_see_not_found(client_for, meeting, who):
    assert client_for(UserFactory(**{who: True})).get(progress_url(meeting)).status_code == 404


def test_meeting_progress_unknown_meeting_not_found(client_for, secretariat):
    assert client_for(secretariat).get(reverse("panel:meeting_progress", kwargs={"pk": 999999})).status_code == 404


# Session, user, the meeting with its chair, its items with review and CSP (and whether
# the viewer declared a conflict with each), their readers with assessments, the recusals.
PROGRESS_QUERIES = 6


@pytest.mark.parametrize("rows", [1, 20])
@pytest.mark.parametrize("viewer", ["secretariat", "chair"])
def test_meeting_progress_queries_constant(client_for, meeting, django_assert_max_num_queries, rows, viewer):
    member = UserFactory(panel_member=True)
    MeetingMember.objects.create(meeting=meeting, member=member, invited_by=meeting.created_by)
    for position in range(1, rows + 1):
        item = AgendaItemFactory(meeting=meeting, position=position, submission__documents=False)
        for number in range(2 + position % 3):
            reading = reader_of(item)
            if number == 0:
                submitted(reading)
            elif number == 1:
                draft(reading)
        conflict(member, item.submission.review)
    client = client_for(meeting.chair if viewer == "chair" else UserFactory(secretariat=True))

    with django_assert_max_num_queries(PROGRESS_QUERIES):
        response = client.get(progress_url(meeting))

    readers = sum(2 + position % 3 for position in range(1, rows + 1))
    assert len(table_rows(response)) == readers
    assert text_of(response, id="progress-summary").startswith(f"{rows} of {readers} assessments submitted")
    assert parse(response).find(tag="h1").text() == "Readers' progress"
