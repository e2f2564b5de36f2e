"""The secretariat works through the submissions list in Chromium, with and without JavaScript."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from submissions.enums import PersonRole, SubmissionStatus
from tests.factories import CSPFactory, SubmissionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sent(reference, csp, days_ago, status, people=None):
    # The live server runs outside the test's clock, on today's date.
    when = timezone.now() - datetime.timedelta(days=days_ago)
    return SubmissionFactory(documents=False, status=status, submitted_at=when, review__csp=csp,
                             review__reference=reference, review__people=people)


@pytest.fixture
def queue():
    north = CSPFactory(name="Northshire Community Safety Partnership", code="north")
    east = CSPFactory(name="Eastshire Community Safety Partnership", code="east")
    for number in range(1, 52):
        sent(f"NORTH-2026-{number:02d}", north, days_ago=200 - number, status=SubmissionStatus.ACCEPTED)
    sent("NORTH-2026-60", north, days_ago=10, status=SubmissionStatus.SUBMITTED)
    sent("EAST-2026-01", east, days_ago=30, status=SubmissionStatus.ACCEPTED,
         people=[(PersonRole.VICTIM, "Sarah"), (PersonRole.PERPETRATOR, "Andrew")])
    return {"north": north, "east": east}


def first_column(page):
    return [text.split(" ")[0] for text in page.locator("tbody tr td:first-child").all_inner_texts()]


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_submission_list_secretariat_filters_searches_sorts_pages_and_downloads(pages, queue, javascript):
    secretariat = UserFactory(secretariat=True)

    # Signing in lands the secretariat on the list: every version sent, oldest first.
    page = pages.sign_in(secretariat, javascript=javascript)
    expect(page.get_by_role("heading", level=1)).to_have_text("Submissions")
    expect(page.locator("caption")).to_have_text("Showing 1 to 50 of 53 submissions")
    assert first_column(page)[:2] == ["NORTH-2026-01", "NORTH-2026-02"]
    if javascript:
        # MoJ Frontend's button hides the filter to give the table the width of the page.
        page.get_by_role("button", name="Hide filter").click()
        expect(page.get_by_role("button", name="Apply filters")).to_be_hidden()
        page.get_by_role("button", name="Show filter").click()
    else:
        expect(page.get_by_role("button", name="Hide filter")).to_have_count(0)

    # Filter: accepted versions from Northshire.
    page.get_by_label("Accepted", exact=True).check()
    page.get_by_label("CSP", exact=True).select_option(label="Northshire Community Safety Partnership")
    page.get_by_role("button", name="Apply filters").click()
    pages.check(page)
    expect(page.locator("caption")).to_have_text("Showing 1 to 50 of 51 submissions")
    expect(page.locator(".moj-filter__selected")).to_contain_text("Northshire Community Safety Partnership")

    # Sort by reference, then reverse it.
    page.get_by_role("link", name="Reference", exact=True).click()
    pages.check(page)
    expect(page.locator("th", has_text="Reference")).to_have_attribute("aria-sort", "ascending")
    page.get_by_role("link", name="Reference", exact=True).click()
    pages.check(page)
    expect(page.locator("th", has_text="Reference")).to_have_attribute("aria-sort", "descending")
    assert first_column(page)[0] == "NORTH-2026-51"

    # The next page keeps the filters and the sort.
    page.get_by_role("link", name="Next page").click()
    pages.check(page)
    expect(page.locator("caption")).to_have_text("Showing 51 to 51 of 51 submissions")
    assert first_column(page) == ["NORTH-2026-01"]
    expect(page.get_by_label("Accepted", exact=True)).to_be_checked()

    # A date that is not a date is refused on the form; the list stays.
    page.get_by_role("group", name="Date received from").get_by_label("Day").fill("99")
    page.get_by_role("group", name="Date received from").get_by_label("Month").fill("99")
    page.get_by_role("group", name="Date received from").get_by_label("Year").fill("99999")
    page.get_by_role("button", name="Apply filters").click()
    pages.check(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Date received from must be a real date")
    assert page.title().startswith("Error: ")

    # Clear the filters and search by pseudonym.
    page.get_by_role("link", name="Clear filters").click()
    pages.check(page)
    page.get_by_label("Search").fill("sarah")
    page.get_by_role("button", name="Apply filters").click()
    pages.check(page)
    assert first_column(page) == ["EAST-2026-01"]

    # Download exactly those rows.
    # Named for the day it was made: either side of the download, in case the run crosses midnight.
    days = {f"submissions-{timezone.localdate():%Y-%m-%d}.csv"}
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    days.add(f"submissions-{timezone.localdate():%Y-%m-%d}.csv")
    assert download.value.suggested_filename in days
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [(row[0], row[2], row[4], row[6]) for row in rows] == [
        ("Reference", "CSP", "Victim", "Status"),
        ("EAST-2026-01", "Eastshire Community Safety Partnership", "Sarah", "Accepted"),
    ]
