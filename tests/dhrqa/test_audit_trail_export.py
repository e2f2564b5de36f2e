"""The audit trail's CSV (dhrqa.audit_trail.export_audit_trail): exactly the rows the filters select, audited, safe."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.audit_trail import HEADER
from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EXPORT = reverse("audit_trail_export")


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def exports():
    return list(AuditEvent.objects.filter(action=AuditAction.AUDIT_TRAIL_EXPORTED).order_by("id")
                .values_list("actor", "detail"))


@pytest.fixture
def trail():
    officer = UserFactory(csp_officer=True, full_name="Kim Officer", email="kim@kent.example")
    with clock.at(datetime.datetime(2014, 1, 6, 9, 30)):
        record(officer, AuditAction.REVIEW_REGISTERED, officer.csp, review="KENT-2014-01")
    with clock.at(datetime.datetime(2014, 7, 7, 10)):
        record(None, AuditAction.TEXT_EXTRACTED, review="KENT-2014-01", characters=5120, token="never-shown")
    with clock.at(datetime.datetime(2014, 7, 8, 10)):
        record(officer, AuditAction.REVIEW_REGISTERED, review="MEDWAY-2014-01")
    return officer


def test_audit_trail_export_exactly_the_filtered_rows_newest_first(client_for, secretariat, trail):
    response = client_for(secretariat).get(EXPORT, {"review": "KENT-2014-01"})

    assert (response.status_code, response.streaming, response["Content-Type"]) == (
        200, True, "text/csv; charset=utf-8")
    assert response["Content-Disposition"] == f'attachment; filename="audit-trail-{clock.today():%Y-%m-%d}.csv"'
    assert csv_rows(response) == [
        list(HEADER),
        ["2014-07-07T10:00:00+01:00", "The service", "", "Document text extracted", "KENT-2014-01", "", "", "",
         '{"characters": 5120, "token": "(hidden)"}'],
        ["2014-01-06T09:30:00+00:00", "Kim Officer", "kim@kent.example", "Review registered", "KENT-2014-01",
         "dhrqa.CommunitySafetyPartnership", str(trail.csp.pk), str(trail.csp), "{}"],
    ]
    assert exports() == [(secretariat.pk, {"filters": {"review": "KENT-2014-01"}, "rows": 2})]


def test_audit_trail_export_dates_and_person_recorded_as_chosen(client_for, secretariat, trail):
    response = client_for(secretariat).get(EXPORT, {
        "person": trail.pk, "date_from_0": "1", "date_from_1": "7", "date_from_2": "2014"})

    assert [row[4] for row in csv_rows(response)[1:]] == ["MEDWAY-2014-01"]
    assert exports() == [(secretariat.pk, {"filters": {"person": str(trail.pk), "date_from": "2014-07-01"},
                                           "rows": 1})]


def test_audit_trail_export_holds_earlier_exports_not_its_own(client_for, secretariat):
    client = client_for(secretariat)

    first = csv_rows(client.get(EXPORT, {"action": "audit_trail_exported"}))
    second = csv_rows(client.get(EXPORT, {"action": "audit_trail_exported"}))

    assert first == [list(HEADER)]
    assert [(row[3], row[8]) for row in second[1:]] == [
        ("Audit trail exported as CSV", '{"filters": {"action": "audit_trail_exported"}, "rows": 0}')]
    assert [detail["rows"] for _, detail in exports()] == [0, 1]


def test_audit_trail_export_cells_never_run_as_formulas(client_for, secretariat):
    sneaky = UserFactory(full_name='=HYPERLINK("http://evil.example","Click")', email="sneaky@kent.example")
    record(sneaky, AuditAction.SIGNED_OUT, review="-2+3")

    rows = csv_rows(client_for(secretariat).get(EXPORT, {"person": sneaky.pk}))

    assert [(row[1], row[4]) for row in rows[1:]] == [("'=HYPERLINK(\"http://evil.example\",\"Click\")", "'-2+3")]


@pytest.mark.parametrize("role", ["csp_officer", "panel_member", "chair"])
def test_audit_trail_export_refused_and_not_recorded(client_for, trail, role):
    response = client_for(UserFactory(**{role: True})).get(EXPORT)

    assert response.status_code == 403
    assert exports() == []
