"""The secretariat's audit trail page (dhrqa/views/audit.py): newest first, filters and their errors, secrets hidden."""

import datetime

import pytest
from django.urls import reverse

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from tests.dhrqa.govuk_page import error_summary, parse
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("audit_trail")
# Session, user, the people for the person filter, the count for the pagination, the page's events with their people.
AUDIT_TRAIL_QUERIES = 5


def at(day, hour, minute=0):
    return clock.at(datetime.datetime(2014, 1, day, hour, minute))


@pytest.fixture
def people():
    return {
        "officer": UserFactory(csp_officer=True, full_name="Kim Officer", email="kim@kent.example"),
        "secretariat": UserFactory(secretariat=True, full_name="Sam Secretariat", email="sam@homeoffice.example"),
        "chair": UserFactory(chair=True, full_name="Chris Chair", email="chris@homeoffice.example"),
    }


@pytest.fixture
def trail(people):
    with at(6, 9, 30):
        record(people["officer"], AuditAction.REVIEW_REGISTERED, review="KENT-2014-01")
    with at(7, 10):
        record(None, AuditAction.TEXT_EXTRACTED, review="KENT-2014-01", characters=5120)
    with at(8, 14):
        record(people["secretariat"], AuditAction.SUBMISSION_ACCEPTED, review="KENT-2014-01", version=1)
    with at(22, 16, 45):
        record(people["chair"], AuditAction.VERDICT_CONFIRMED, review="MEDWAY-2014-02", outcome="adequate")


def rows(response):
    body = parse(response).find(tag="tbody")
    if body is None:
        return []
    return [tuple(cell.text(include_hidden=False) for cell in row.find_all(tag="td"))
            for row in body.find_all(tag="tr")]


def caption(response):
    return parse(response).find(tag="caption").text()


OFFICER_ROW = ("6 January 2014 at 9:30am", "Kim Officer (kim@kent.example)", "Review registered", "KENT-2014-01", "")
SERVICE_ROW = ("7 January 2014 at 10am", "The service", "Document text extracted", "KENT-2014-01",
               "Characters: 5120")
SECRETARIAT_ROW = ("8 January 2014 at 2pm", "Sam Secretariat (sam@homeoffice.example)", "Submission accepted",
                   "KENT-2014-01", "Version: 1")
CHAIR_ROW = ("22 January 2014 at 4:45pm", "Chris Chair (chris@homeoffice.example)", "Verdict confirmed",
             "MEDWAY-2014-02", "Outcome: adequate")


def test_audit_trail_lists_events_newest_first(client_for, secretariat, trail):
    response = client_for(secretariat).get(URL, {"date_to_0": "31", "date_to_1": "12", "date_to_2": "2014"})

    assert response.status_code == 200
    assert rows(response) == [CHAIR_ROW, SECRETARIAT_ROW, SERVICE_ROW, OFFICER_ROW]
    assert caption(response) == "Showing 1 to 4 of 4 events"


@pytest.mark.parametrize("filters, expected", [
    ({"review": " kent-2014-01 "}, [SECRETARIAT_ROW, SERVICE_ROW, OFFICER_ROW]),
    ({"action": "verdict_confirmed"}, [CHAIR_ROW]),
    ({"person": "service"}, [SERVICE_ROW]),
    ({"date_from_0": "7", "date_from_1": "1", "date_from_2": "2014",
      "date_to_0": "8", "date_to_1": "1", "date_to_2": "2014"}, [SECRETARIAT_ROW, SERVICE_ROW]),
    ({"review": "KENT-2014-01", "action": "review_registered"}, [OFFICER_ROW]),
    ({"review": "SURREY-2014-01"}, []),
], ids=["review", "action", "the-service", "dates", "review-and-action", "none-match"])
def test_audit_trail_filters(client_for, secretariat, trail, filters, expected):
    response = client_for(secretariat).get(URL, filters)

    assert error_summary(response) == []
    assert rows(response) == expected
    if not expected:
        assert "No events match these filters." in response.text


def test_audit_trail_filter_by_person(client_for, secretariat, people, trail):
    response = client_for(secretariat).get(URL, {"person": people["secretariat"].pk})

    assert rows(response) == [SECRETARIAT_ROW]
    chosen = parse(response).find(id="id_person").find_all(tag="option")
    assert [option.text() for option in chosen if "selected" in option.attrs] == [
        "Sam Secretariat (sam@homeoffice.example)"]


@pytest.mark.parametrize("filters, errors", [
    ({"date_from_0": "31", "date_from_1": "2", "date_from_2": "2014"},
     [("#id_date_from_0", "Date from must be a real date")]),
    ({"date_to_0": "1", "date_to_1": "", "date_to_2": "2014"},
     [("#id_date_to_0", "Date to must include a day, month and year")]),
    ({"date_from_0": "8", "date_from_1": "1", "date_from_2": "2014",
      "date_to_0": "7", "date_to_1": "1", "date_to_2": "2014"},
     [("#id_date_to_0", "Date to must be the same as or after date from")]),
    ({"date_from_0": "1", "date_from_1": "1", "date_from_2": "2999"},
     [("#id_date_from_0", "Date from must be today or in the past")]),
    ({"date_from_0": "²", "date_from_1": "1", "date_from_2": "2014"},
     [("#id_date_from_0", "Date from must be a real date")]),
    ({"person": "99999999999999999999"}, [("#id_person", "Select a person from the list")]),
    ({"action": "dropped_tables"}, [("#id_action", "Select an action from the list")]),
    ({"review": "K" * 41}, [("#id_review", "Review reference must be 40 characters or fewer")]),
], ids=["not-a-date", "incomplete", "to-before-from", "future", "not-digits", "person", "action", "review-long"])
def test_audit_trail_bad_filter_shows_govuk_error_and_lists_without_it(client_for, secretariat, trail, filters,
                                                                       errors):
    response = client_for(secretariat).get(URL, {**filters, "review": filters.get("review", "KENT-2014-01")})

    assert response.status_code == 200
    assert error_summary(response) == errors
    assert parse(response).find(tag="title").text().startswith("Error: ")
    # The field in error is left out; the others still filter.
    if "review" not in filters:
        assert rows(response) == ([SECRETARIAT_ROW] if "date_to_1" in filters and "date_from_1" in filters
                                  else [SECRETARIAT_ROW, SERVICE_ROW, OFFICER_ROW])


def test_audit_trail_hides_secrets_in_details(client_for, secretariat):
    with at(9, 11):
        record(secretariat, AuditAction.USER_CHANGED, review="KENT-2014-09", token="s3cr3t-token-value",
               nested={"one_time_password": "123456", "field": "email"})

    response = client_for(secretariat).get(URL, {"review": "KENT-2014-09"})

    details = parse(response).find(tag="tbody").find_all(tag="td")[4]
    assert [item.text() for item in details.find_all(tag="li")] == [
        "Token: (hidden)", 'Nested: {"field": "email", "one_time_password": "(hidden)"}']
    assert "s3cr3t" not in response.text
    assert "123456" not in response.text


def test_audit_trail_pages_keep_the_filters(client_for, secretariat):
    with at(10, 9):
        for _ in range(51):
            record(None, AuditAction.TEXT_EXTRACTED, review="KENT-2014-10")

    response = client_for(secretariat).get(URL, {"review": "KENT-2014-10", "page": "2"})

    assert caption(response) == "Showing 51 to 51 of 51 events"
    links = [link.attrs["href"] for link in parse(response).find(cls="govuk-pagination").find_all(tag="a")]
    assert links[0] == "?review=KENT-2014-10&page=1"
    export = parse(response).find(tag="a", cls="govuk-button--secondary")
    assert export.attrs["href"] == f"{reverse('audit_trail_export')}?review=KENT-2014-10"


@pytest.mark.parametrize("role", ["csp_officer", "panel_member", "chair"])
def test_audit_trail_refused_to_all_but_the_secretariat(client_for, trail, role):
    response = client_for(UserFactory(**{role: True})).get(URL)

    assert response.status_code == 403
    assert "Chris Chair" not in response.text


@pytest.mark.parametrize("count", [1, 20])
def test_audit_trail_queries_constant(client_for, secretariat, django_assert_num_queries, count):
    with at(11, 9):
        for number in range(count):
            record(UserFactory(), AuditAction.DOCUMENT_DOWNLOADED, review="KENT-2014-11", number=number)
    client = client_for(secretariat)

    with django_assert_num_queries(AUDIT_TRAIL_QUERIES):
        response = client.get(URL, {"review": "KENT-2014-11"})

    assert len(rows(response)) == count
