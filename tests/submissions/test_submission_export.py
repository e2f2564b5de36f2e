"""The secretariat's CSV of the submissions list: its rows, its cells, its audit event and who may have it."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from dhrqa.spreadsheets import safe_cell
from submissions.enums import CaseKind, PersonRole, ReviewType, SubmissionStatus
from submissions.services.exports import HEADER
from tests.dhrqa.govuk_page import heading, parse
from tests.factories import CSPFactory
from tests.submissions.sent_versions import get, many, sent

pytestmark = pytest.mark.django_db

EXPORT = reverse("submissions:submission_export")
FORBIDDEN = "You do not have permission to see this page"


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def exports():
    return list(AuditEvent.objects.filter(action=AuditAction.SUBMISSIONS_EXPORTED).values_list("actor", "detail"))


@pytest.fixture
def secretariat_client(client_for, secretariat):
    return client_for(secretariat)


def test_submission_export_filtered_list_exact_rows(secretariat, secretariat_client):
    kent = CSPFactory(name="Kent Community Safety Partnership")
    sent("KENT-2026-01", csp=kent, on=datetime.date(2026, 4, 2), status=SubmissionStatus.ACCEPTED,
         people=[(PersonRole.VICTIM, "Sarah"), (PersonRole.VICTIM, "Amy"), (PersonRole.PERPETRATOR, "Andrew")])
    sent("KENT-2026-02", csp=kent, on=datetime.date(2026, 3, 1), kind=CaseKind.DECISION_NOT_TO_REVIEW,
         death=datetime.date(2025, 12, 25))
    sent("KENT-2026-03", csp=kent, on=datetime.date(2026, 4, 20), review_type=ReviewType.DARDR,
         status=SubmissionStatus.WITHDRAWN)
    sent("MEDWAY-2026-01", on=datetime.date(2026, 4, 1))

    response = get(secretariat_client, EXPORT, csp=kent.pk, status=[SubmissionStatus.SUBMITTED,
                                                                     SubmissionStatus.ACCEPTED], sort="-received")

    assert (response.status_code, response.streaming, response["Content-Type"]) == (
        200, True, "text/csv; charset=utf-8")
    assert response["Content-Disposition"] == 'attachment; filename="submissions-2026-05-01.csv"'
    assert csv_rows(response) == [
        list(HEADER),
        ["KENT-2026-01", "1", "Kent Community Safety Partnership", "Domestic Homicide Review (DHR)", "Sarah and Amy",
         "Andrew", "Accepted", "2026-04-02", "29", "2024-03-27", "765"],
        ["KENT-2026-02", "1", "Kent Community Safety Partnership", "Decision not to review", "Louise", "Neil",
         "Received", "2026-03-01", "61", "2025-12-25", "127"],
    ]
    assert exports() == [(secretariat.pk, {
        "filters": {"status": ["submitted", "accepted"], "csp": kent.pk}, "sort": "-received", "rows": 2,
    })]


def test_submission_export_every_page_in_list_order(secretariat_client):
    many(120, status=SubmissionStatus.ACCEPTED)
    sent("OTHER-2026-01", status=SubmissionStatus.SUBMITTED)

    response = get(secretariat_client, EXPORT, status=SubmissionStatus.ACCEPTED, page="2")

    rows = csv_rows(response)
    assert rows[0] == list(HEADER)
    assert [row[0] for row in rows[1:]] == [f"R-2026-{number:03d}" for number in range(1, 121)]
    assert [detail["rows"] for _, detail in exports()] == [120]


def test_submission_export_header_header_only_when_nothing_matches(secretariat, secretariat_client):
    sent("KENT-2026-01")

    response = get(secretariat_client, EXPORT, q="nobody")

    assert csv_rows(response) == [list(HEADER)]
    assert exports() == [(secretariat.pk, {"filters": {"q": "nobody"}, "sort": "received", "rows": 0})]


def test_submission_export_formula_cells_escaped(secretariat_client):
    csp = CSPFactory(name="=HYPERLINK(\"http://evil.example\",\"Kent\")")
    sent("KENT-2026-01", csp=csp, people=[(PersonRole.VICTIM, "+44 7700"), (PersonRole.PERPETRATOR, "@SUM(A1)")])

    response = get(secretariat_client, EXPORT)

    row = csv_rows(response)[1]
    assert (row[2], row[4], row[5]) == ("'=HYPERLINK(\"http://evil.example\",\"Kent\")", "'+44 7700", "'@SUM(A1)")


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("Louise", "Louise"), (" =1", " =1"), ("a=b", "a=b"), (765, "765"), ("", ""),
])
def test_safe_cell_formula_starts_prefixed(value, expected):
    assert safe_cell(value) == expected


def test_submission_export_hostile_filters_ignored_and_not_recorded(secretariat, secretariat_client):
    sent("KENT-2026-01")

    response = get(secretariat_client, EXPORT, csp="abc", status="draft", q="x" * 10_000, sort="anything",
                   received_from_0="99", received_from_1="99", received_from_2="99999")

    assert [row[0] for row in csv_rows(response)[1:]] == ["KENT-2026-01"]
    assert exports() == [(secretariat.pk, {"filters": {}, "sort": "received", "rows": 1})]


@pytest.mark.parametrize("member", ["panel_member", "chair", "csp_officer"])
def test_submission_export_anyone_but_secretariat_forbidden(client_for, request, member):
    user = request.getfixturevalue(member)
    sent("KENT-2026-01", csp=user.csp)

    response = get(client_for(user), EXPORT)

    assert (response.status_code, heading(response)) == (403, FORBIDDEN)
    assert exports() == []


def test_submission_export_head_not_allowed_nothing_recorded(secretariat_client):
    sent("KENT-2026-01")

    response = secretariat_client.head(EXPORT)

    assert response.status_code == 405
    assert exports() == []


def test_submission_list_download_link_keeps_filters_and_sort(secretariat_client):
    sent("KENT-2026-01")

    response = get(secretariat_client, status=SubmissionStatus.SUBMITTED, q="kent", sort="csp", page="1")

    links = [link.attrs["href"] for link in parse(response).find_all(tag="a")
             if link.attrs.get("href", "").startswith(EXPORT)]
    assert links == [f"{EXPORT}?q=kent&status=submitted&sort=csp"]


def test_submission_export_records_every_kind_of_filter(secretariat, secretariat_client):
    sent("KENT-2026-01", on=datetime.date(2026, 4, 10))

    response = get(secretariat_client, EXPORT, q="kent", case=ReviewType.DHR, received_from_0="1", received_from_1="4",
        received_from_2="2026", received_to_0="30", received_to_1="4", received_to_2="2026", sort="-days-death")

    assert [row[0] for row in csv_rows(response)[1:]] == ["KENT-2026-01"]
    assert exports() == [(secretariat.pk, {
        "filters": {"q": "kent", "case": "dhr", "received_from": "2026-04-01", "received_to": "2026-04-30"},
        "sort": "-days-death", "rows": 1,
    })]
