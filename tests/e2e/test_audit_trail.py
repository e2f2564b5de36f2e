"""The secretariat reads, filters and exports the audit trail in Chromium, with and without JavaScript."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_audit_trail_secretariat_filters_and_exports(pages, javascript):
    officer = UserFactory(csp_officer=True, full_name="Kim Officer")
    with clock.at(datetime.datetime(2014, 1, 6, 9, 30)):
        record(officer, AuditAction.REVIEW_REGISTERED, review="KENT-2014-01")
    with clock.at(datetime.datetime(2014, 1, 7, 10)):
        record(None, AuditAction.TEXT_EXTRACTED, review="KENT-2014-01", characters=5120)
        record(officer, AuditAction.REVIEW_REGISTERED, review="MEDWAY-2014-01")
    secretariat = UserFactory(secretariat=True)

    page = pages.sign_in(secretariat, javascript=javascript)
    page.get_by_role("link", name="Audit trail").click()
    pages.check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")
    # Their own sign-in is the newest event.
    expect(page.locator("tbody tr").first).to_contain_text("Signed in")

    # Filter by action: both reviews registered, newest first.
    page.get_by_label("Action", exact=True).select_option(label="Review registered")
    page.get_by_role("button", name="Apply filters").click()
    pages.check(page)
    expect(page.locator("caption")).to_have_text("Showing 1 to 2 of 2 events")
    expect(page.locator("tbody tr td:nth-child(4)")).to_have_text(["MEDWAY-2014-01", "KENT-2014-01"])

    # A date that is not a date is refused on the form; the list keeps the other filters.
    dates = page.get_by_role("group", name="Date from")
    dates.get_by_label("Day").fill("31")
    dates.get_by_label("Month").fill("2")
    dates.get_by_label("Year").fill("2014")
    page.get_by_role("button", name="Apply filters").click()
    pages.check(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Date from must be a real date")
    assert page.title().startswith("Error: ")
    expect(page.locator("caption")).to_have_text("Showing 1 to 2 of 2 events")

    # One review's events, exported exactly.
    page.get_by_role("link", name="Clear filters").click()
    pages.check(page)
    page.get_by_label("Review reference").fill("KENT-2014-01")
    page.get_by_role("button", name="Apply filters").click()
    pages.check(page)
    expect(page.locator("caption")).to_have_text("Showing 1 to 2 of 2 events")
    days = {f"audit-trail-{timezone.localdate():%Y-%m-%d}.csv"}
    with page.expect_download() as download:
        page.get_by_role("button", name="Export as CSV").click()
    days.add(f"audit-trail-{timezone.localdate():%Y-%m-%d}.csv")
    assert download.value.suggested_filename in days
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"), newline="")))
    assert [(row[1], row[3], row[4]) for row in rows] == [
        ("Person", "Action", "Review"),
        ("The service", "Document text extracted", "KENT-2014-01"),
        ("Kim Officer", "Review registered", "KENT-2014-01"),
    ]

    # The export itself is on the trail.
    page.get_by_role("link", name="Clear filters").click()
    page.get_by_label("Action", exact=True).select_option(label="Audit trail exported as CSV")
    page.get_by_role("button", name="Apply filters").click()
    pages.check(page)
    expect(page.locator("tbody tr td:nth-child(5) li")).to_have_text(
        ["Rows: 2", 'Filters: {"review": "KENT-2014-01"}'])
