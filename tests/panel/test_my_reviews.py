"""A panel member's "My reviews": what they are reading, for which meeting and by when, and their conflicts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dhrqa import clock
from panel.enums import MeetingStatus
from tests.dhrqa.govuk_page import body_paragraphs, heading, parse
from tests.factories import AgendaItemFactory, MeetingFactory, UserFactory, VerdictFactory
from tests.panel.reading import conflict, draft, links, reader_of, submitted, table_rows

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)
MY_REVIEWS = reverse("panel:my_reviews")


@pytest.fixture
def member():
    return UserFactory(panel_member=True, full_name="Alex Member")


def item_on(date, position=1, **meeting):
    return AgendaItemFactory(meeting=MeetingFactory(date=date, **meeting), position=position,
                             submission__documents=False)


def closed_meeting():
    now = timezone.now()
    return {"status": MeetingStatus.CLOSED, "papers_released_at": now, "held_at": now, "closed_at": now}


def test_my_reviews_soonest_due_first_with_status_overdue_and_links(client_for, member):
    later = reader_of(item_on(datetime.date(2026, 12, 16)), member)
    planned = reader_of(item_on(datetime.date(2026, 12, 9)), member)
    overdue = draft(reader_of(item_on(datetime.date(2026, 12, 2), released=True), member)).assignment
    done = submitted(reader_of(item_on(datetime.date(2026, 12, 2), position=2, released=True), member)).assignment
    held = reader_of(item_on(datetime.date(2026, 11, 25), held=True), member)
    ref = {reading: reading.agenda_item.submission.review for reading in (later, planned, overdue, done, held)}

    with clock.at(TODAY):
        response = client_for(member).get(MY_REVIEWS)

    assert heading(response) == "My reviews"
    assert table_rows(response, id="reading-now") == [
        [ref[held].reference, ref[held].csp.name, "25 November 2026", "23 November 2026", "Not started Overdue",
         "Assess the report"],
        [ref[overdue].reference, ref[overdue].csp.name, "2 December 2026", "30 November 2026", "Draft Overdue",
         "Assess the report"],
        [ref[done].reference, ref[done].csp.name, "2 December 2026", "30 November 2026", "Submitted",
         "View your assessment"],
        [ref[planned].reference, ref[planned].csp.name, "9 December 2026", "7 December 2026", "Not started",
         "Papers not yet released"],
        [ref[later].reference, ref[later].csp.name, "16 December 2026", "14 December 2026", "Not started",
         "Papers not yet released"],
    ]
    shown = links(response)
    for reading in (held, overdue, done, planned, later):
        assert (ref[reading].reference, reverse("panel:agenda_item_detail", kwargs={"pk": reading.agenda_item_id})) \
            in shown
    assert [href for _text, href in shown if "/assessment/" in href] == [
        reverse("panel:assessment", kwargs={"pk": reading.pk}) for reading in (held, overdue, done)]


def test_my_reviews_item_they_may_no_longer_see_not_linked(client_for, member):
    decided = VerdictFactory(agenda_item__submission__documents=False).agenda_item
    reading = submitted(reader_of(decided, member)).assignment
    review = decided.submission.review
    conflict(member, review)

    response = client_for(member).get(MY_REVIEWS)

    assert table_rows(response, id="reading-now") == [
        [review.reference, review.csp.name, "9 December 2026", "7 December 2026", "Submitted", ""]]
    assert [href for _text, href in links(response)
            if href in (reverse("panel:agenda_item_detail", kwargs={"pk": decided.pk}),
                        reverse("panel:assessment", kwargs={"pk": reading.pk}))] == []


def test_my_reviews_closed_meetings_read_before_latest_first(client_for, member):
    older = submitted(reader_of(item_on(datetime.date(2025, 3, 5), **closed_meeting()), member)).assignment
    newer = submitted(reader_of(item_on(datetime.date(2025, 6, 4), **closed_meeting()), member)).assignment

    response = client_for(member).get(MY_REVIEWS)

    assert table_rows(response, id="reading-now") is None
    assert [row[2:] for row in table_rows(response, id="read-before")] == [
        ["4 June 2025", "Submitted"], ["5 March 2025", "Submitted"]]
    assert [row[0] for row in table_rows(response, id="read-before")] == [
        newer.agenda_item.submission.review.reference, older.agenda_item.submission.review.reference]


def test_my_reviews_conflicts_listed_latest_first(client_for, member):
    first = AgendaItemFactory(submission__documents=False).submission.review
    second = AgendaItemFactory(submission__documents=False).submission.review
    with clock.at(datetime.datetime(2026, 10, 1, 9, 0, tzinfo=datetime.UTC)):
        conflict(member, first, kind="professional")
    with clock.at(datetime.datetime(2026, 11, 3, 16, 15, tzinfo=datetime.UTC)):
        conflict(member, second, kind="local_area")

    response = client_for(member).get(MY_REVIEWS)

    assert table_rows(response, id="conflicts") == [
        [second.reference, "Local area", "3 November 2026 at 4:15pm"],
        [first.reference, "Professional or employer", "1 October 2026 at 10am"],
    ]


def test_my_reviews_nothing_yet_says_so(client_for, member):
    response = client_for(member).get(MY_REVIEWS)

    assert body_paragraphs(response) == [
        "You have not been asked to read any reports for the meetings coming up.",
        "You have not declared any conflicts of interest. You can declare one from a review's page on a meeting's "
        "agenda.",
    ]


def test_my_reviews_shows_only_their_own(client_for, member):
    reader_of(item_on(datetime.date(2026, 12, 9)))
    conflict(UserFactory(panel_member=True), AgendaItemFactory(submission__documents=False).submission.review)

    response = client_for(member).get(MY_REVIEWS)

    assert (table_rows(response, id="reading-now"), table_rows(response, id="conflicts")) == (None, None)


def test_my_reviews_chair_reads_too(client_for, chair):
    item = item_on(datetime.date(2026, 12, 9))
    reader_of(item, chair)

    response = client_for(chair).get(MY_REVIEWS)

    assert [row[0] for row in table_rows(response, id="reading-now")] == [item.submission.review.reference]


@pytest.mark.parametrize("role", ["secretariat", "csp_officer"])
def test_my_reviews_not_on_the_panel_forbidden(client_for, role):
    assert client_for(UserFactory(**{role: True})).get(MY_REVIEWS).status_code == 403


@pytest.mark.parametrize("page", ["abc", "-1", "0", "9" * 40, "%00", "2"])
def test_my_reviews_any_page_number_shows_the_page(client_for, member, page):
    reader_of(item_on(datetime.date(2025, 6, 4), **closed_meeting()), member)

    response = client_for(member).get(MY_REVIEWS, {"page": page})

    assert len(table_rows(response, id="read-before")) == 1


# Session, user, the readings for meetings not closed, the count and page of those closed, the conflicts.
MY_REVIEWS_QUERIES = 6


@pytest.mark.parametrize("rows", [1, 20])
def test_my_reviews_queries_constant(client_for, member, django_assert_max_num_queries, rows):
    meeting = MeetingFactory(released=True)
    closed = MeetingFactory(date=datetime.date(2025, 6, 4), **closed_meeting())
    for position in range(1, rows + 1):
        draft(reader_of(AgendaItemFactory(meeting=meeting, position=position, submission__documents=False), member))
        reader_of(AgendaItemFactory(meeting=closed, position=position, submission__documents=False), member)
        conflict(member, AgendaItemFactory(submission__documents=False).submission.review)
    client = client_for(member)

    with django_assert_max_num_queries(MY_REVIEWS_QUERIES):
        response = client.get(MY_REVIEWS)

    assert [len(table_rows(response, id=table)) for table in ("reading-now", "read-before", "conflicts")] == [
        rows, rows, rows]
    assert parse(response).find(tag="h1").text() == "My reviews"
