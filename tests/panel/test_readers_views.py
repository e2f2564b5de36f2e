"""The secretariat assigns an item's readers, seeing each member's load, and removes them."""

import datetime

import pytest
from django.urls import reverse

from dhrqa.enums import AuditAction
from panel.models import Assessment, MeetingMember, ReaderAssignment
from tests.dhrqa.govuk_page import error_messages, error_summary, heading, notification_banners, parse
from tests.factories import AgendaItemFactory, MeetingFactory, UserFactory
from tests.panel.reading import choices, conflict, draft, queued, reader_of, submitted, table_rows
from tests.panel.scenario import audit_trail

pytestmark = pytest.mark.django_db

MEETING_DATE = datetime.date(2026, 12, 9)
NOTHING_CHOSEN = "Select at least one panel member to read this report"
NOT_LISTED = "Select panel members from the list"


@pytest.fixture
def meeting(secretariat):
    chair = UserFactory(chair=True, full_name="Chris Chair")
    return MeetingFactory(date=MEETING_DATE, chair=chair, created_by=secretariat)


@pytest.fixture
def item(meeting):
    return AgendaItemFactory(meeting=meeting, position=1, submission__documents=False)


@pytest.fixture
def reference(item):
    return item.submission.review.reference


@pytest.fixture
def people(meeting, item):
    """Alex reads three other items, Bea nothing, Cara declared a conflict; Dan has a draft and Eve submitted."""
    alex = UserFactory(panel_member=True, full_name="Alex Reader")
    for position in (2, 3, 4):
        reader_of(AgendaItemFactory(meeting=meeting, position=position, submission__documents=False), alex)
    bea = UserFactory(panel_member=True, full_name="Bea Idle")
    cara = UserFactory(panel_member=True, full_name="Cara Conflicted")
    conflict(cara, item.submission.review)
    dan = UserFactory(panel_member=True, full_name="Dan Draft")
    draft(reader_of(item, dan))
    eve = UserFactory(panel_member=True, full_name="Eve Done")
    submitted(reader_of(item, eve))
    UserFactory(panel_member=True, full_name="Fay Former", is_active=False)
    return {"alex": alex, "bea": bea, "cara": cara, "dan": dan, "eve": eve}


def readers_url(item):
    return reverse("panel:item_readers", kwargs={"pk": item.pk})


# The readers page


def test_item_readers_secretariat_sees_readers_loads_and_who_is_unavailable(client_for, secretariat, item, people):
    response = client_for(secretariat).get(readers_url(item))

    dan_reading = ReaderAssignment.objects.get(reader=people["dan"])
    assert heading(response) == f"Readers of {item.submission.review.reference}"
    assert table_rows(response) == [
        ["Dan Draft", "7 December 2026", "Draft", "Remove"],
        ["Eve Done", "7 December 2026", "Submitted", ""],
    ]
    assert parse(response).find(tag="tbody").find(tag="a").attrs["href"] == reverse(
        "panel:reader_remove", kwargs={"pk": dan_reading.pk})
    assert choices(response, "readers") == [
        (str(people["alex"].pk), "Alex Reader – reading 3 reports"),
        (str(people["bea"].pk), "Bea Idle – reading no reports"),
        (str(item.meeting.chair.pk), "Chris Chair – reading no reports"),
    ]
    assert parse(response).find(id="unavailable").text() == "Cara Conflicted – declared a conflict of interest"


def test_item_readers_post_assigns_the_chosen_invites_and_emails_them(
        client_for, secretariat, item, reference, people, django_capture_on_commit_callbacks):
    client = client_for(secretariat)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(readers_url(item), {"readers": [people["alex"].pk, people["bea"].pk]})

    assert response["Location"] == readers_url(item)
    assert list(item.readers.order_by("id").values_list("reader__full_name", flat=True)) == [
        "Dan Draft", "Eve Done", "Alex Reader", "Bea Idle"]
    assert MeetingMember.objects.filter(meeting=item.meeting, member__in=[people["alex"], people["bea"]]).count() == 2
    assert [(template, to) for template, to, _context in queued(callbacks)] == [
        ("reader_assigned", people["alex"].email), ("reader_assigned", people["bea"].email)]
    bea_reading = item.readers.get(reader=people["bea"])
    assert audit_trail(bea_reading) == [(secretariat.pk, AuditAction.READER_ASSIGNED,
                                         {"reader": people["bea"].email, "due_on": "2026-12-07"})]
    assert notification_banners(client.get(readers_url(item))) == [
        f"Alex Reader and Bea Idle are now reading {reference}"]


def test_item_readers_post_one_says_is_reading(client_for, secretariat, item, reference, people):
    client = client_for(secretariat)

    response = client.post(readers_url(item), {"readers": [people["bea"].pk]}, follow=True)

    assert notification_banners(response) == [f"Bea Idle is now reading {reference}"]
    assert ["Bea Idle", "7 December 2026", "Not started", "Remove"] in table_rows(response)


def test_item_readers_same_person_sent_twice_assigned_once(client_for, secretariat, item, people):
    response = client_for(secretariat).post(readers_url(item), {"readers": [people["bea"].pk] * 2})

    assert response["Location"] == readers_url(item)
    assert item.readers.filter(reader=people["bea"]).count() == 1


def test_item_readers_nothing_chosen_shows_error(client_for, secretariat, item, people):
    response = client_for(secretariat).post(readers_url(item), {})

    assert error_summary(response) == [("#id_readers_1", NOTHING_CHOSEN)]
    assert parse(response).find(tag="title").text().startswith("Error: ")
    assert item.readers.count() == 2


def test_item_readers_conflicted_member_cannot_be_chosen(client_for, secretariat, item, people):
    response = client_for(secretariat).post(readers_url(item), {"readers": [people["cara"].pk]})

    assert error_summary(response) == [("#id_readers_1", NOT_LISTED)]
    assert not item.readers.filter(reader=people["cara"]).exists()


@pytest.mark.parametrize("value", ["abc", "-1", "0", "9" * 30, "1 OR 1=1", "\x00", ""])
def test_item_readers_crafted_value_refused(client_for, secretariat, item, people, value):
    response = client_for(secretariat).post(readers_url(item), {"readers": [value]})

    assert list(error_messages(response).values()) == [NOT_LISTED]
    assert item.readers.count() == 2


@pytest.mark.parametrize("who", ["secretariat", "csp_officer", "current reader"])
def test_item_readers_someone_not_on_the_panel_or_already_reading_refused(
        client_for, secretariat, item, people, who):
    person = people["dan"] if who == "current reader" else UserFactory(**{who: True})

    response = client_for(secretariat).post(readers_url(item), {"readers": [person.pk]})

    assert error_summary(response) == [("#id_readers_1", NOT_LISTED)]
    assert item.readers.count() == 2


def test_item_readers_held_meeting_offers_no_form_and_refuses_a_post(client_for, secretariat, people):
    item = AgendaItemFactory(meeting__held=True, submission__documents=False)
    reader_of(item, people["dan"])
    client = client_for(secretariat)

    page = client.get(readers_url(item))
    response = client.post(readers_url(item), {"readers": [people["bea"].pk]}, follow=True)

    assert (choices(page, "readers"), table_rows(page)) == ([], [["Dan Draft", "7 December 2026", "Not started",
                                                                     ""]])
    assert "Readers can no longer change: the meeting has been held." in parse(page).find(tag="main").text()
    assert notification_banners(response) == ["Readers can no longer change: the meeting has been held"]
    assert list(item.readers.values_list("reader", flat=True)) == [people["dan"].pk]


@pytest.mark.parametrize("role", ["panel_member", "chair", "csp_officer"])
def test_item_readers_not_secretariat_forbidden(client_for, item, role):
    client = client_for(UserFactory(**{role: True}))

    assert client.get(readers_url(item)).status_code == 403
    assert client.post(readers_url(item), {"readers": []}).status_code == 403


def test_item_readers_unknown_item_not_found(client_for, secretariat):
    assert client_for(secretariat).get(reverse("panel:item_readers", kwargs={"pk": 999999})).status_code == 404


# Removing a reader


def remove_url(assignment):
    return reverse("panel:reader_remove", kwargs={"pk": assignment.pk})


def test_reader_remove_asks_first(client_for, secretariat, item, reference, people):
    assignment = ReaderAssignment.objects.get(reader=people["dan"])

    response = client_for(secretariat).get(remove_url(assignment))

    assert heading(response) == f"Are you sure you want to remove Dan Draft as a reader of {reference}?"
    assert parse(response).find(cls="govuk-warning-text__text").text(include_hidden=False) == (
        "Their draft assessment will be deleted.")
    assert ReaderAssignment.objects.filter(pk=assignment.pk).exists()


def test_reader_remove_post_removes_and_audits(client_for, secretariat, item, reference, people):
    assignment = ReaderAssignment.objects.get(reader=people["dan"])
    client = client_for(secretariat)

    response = client.post(remove_url(assignment), follow=True)

    assert response.redirect_chain == [(readers_url(item), 302)]
    assert notification_banners(response) == [f"Dan Draft is no longer reading {reference}"]
    assert list(item.readers.values_list("reader__full_name", flat=True)) == ["Eve Done"]
    assert not Assessment.objects.filter(assignment_id=assignment.pk).exists()
    assert audit_trail(assignment) == [(secretariat.pk, AuditAction.READER_REMOVED, {
        "reader": people["dan"].email, "had_draft": True, "reason": "removed by the secretariat"})]


def test_reader_remove_submitted_refused_clearly(client_for, secretariat, item, people):
    assignment = ReaderAssignment.objects.get(reader=people["eve"])
    client = client_for(secretariat)

    page = client.get(remove_url(assignment))
    response = client.post(remove_url(assignment), follow=True)

    assert heading(page) == "Eve Done cannot be removed"
    assert parse(page).find(tag="main").find(tag="form") is None
    assert notification_banners(response) == ["Eve Done has submitted their assessment: it stays on the record"]
    assert item.readers.filter(pk=assignment.pk).exists()
    assert audit_trail(assignment) == []


@pytest.mark.parametrize("role", ["panel_member", "chair", "csp_officer"])
def test_reader_remove_not_secretariat_forbidden(client_for, item, people, role):
    assignment = ReaderAssignment.objects.get(reader=people["dan"])
    client = client_for(UserFactory(**{role: True}))

    assert client.post(remove_url(assignment)).status_code == 403
    assert item.readers.filter(pk=assignment.pk).exists()


def test_reader_remove_unknown_assignment_not_found(client_for, secretariat):
    assert client_for(secretariat).get(reverse("panel:reader_remove", kwargs={"pk": 999999})).status_code == 404


# Query counts

# Session, user, the item with meeting, review and CSP, its readers with their assessments,
# the members conflicted with the review, the panel members with their loads.
ITEM_READERS_QUERIES = 6


@pytest.mark.parametrize("rows", [1, 20])
def test_item_readers_queries_constant(client_for, secretariat, item, django_assert_max_num_queries, rows):
    for _ in range(rows):
        reader_of(item)
        UserFactory(panel_member=True)
        conflict(UserFactory(panel_member=True), item.submission.review)
    client = client_for(secretariat)

    with django_assert_max_num_queries(ITEM_READERS_QUERIES):
        response = client.get(readers_url(item))

    # The chair, and the members neither reading nor conflicted.
    assert (len(table_rows(response)), len(choices(response, "readers"))) == (rows, rows + 1)
