"""A CSP records where it published its report; the secretariat reads the delay dashboard, its charts and tables."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.factories import CSPFactory, UserFactory
from tests.panel.delays import review_through

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
D = datetime.date


def test_dashboard_and_publication_journey(pages):
    north = CSPFactory(name="Northdale Community Safety Partnership", code="northdale")
    review_through(north, reference="NORTHDALE-2024-001", death=D(2024, 1, 1), notified=D(2024, 1, 11),
                   decided=D(2024, 2, 20), home_office=D(2024, 2, 25), sent=D(2024, 9, 25), accepted=D(2024, 10, 5),
                   meeting=D(2024, 11, 12), letter=D(2024, 12, 2))
    review_through(north, reference="NORTHDALE-2024-002", death=D(2024, 3, 1), notified=D(2024, 3, 5),
                   decided=D(2024, 3, 25), sent=D(2024, 8, 25), accepted=D(2024, 9, 4), meeting=D(2024, 10, 8),
                   letter=D(2024, 10, 28), published=D(2024, 12, 1))
    officer = UserFactory(csp_officer=True, csp=north)
    secretariat = UserFactory(secretariat=True)

    # The CSP records where it published the approved report, after one mistake.
    page = pages.sign_in(officer)
    page.goto(f"{pages.base}/reviews/NORTHDALE-2024-001/")
    pages.check(page)
    expect(page.locator("#publication + p")).to_have_text("Not recorded yet.")
    page.get_by_role("link", name="Record where and when the report was published").click()
    pages.check(page)
    page.get_by_label("Web address of the published report").fill("http://www.northdale.example/dhr/anna")
    page.get_by_label("Day").fill("6")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2025")
    page.get_by_role("button", name="Save publication").click()
    pages.check(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Web address must start with https://")
    page.get_by_label("Web address of the published report").fill("https://www.northdale.example/dhr/anna")
    page.get_by_role("button", name="Save publication").click()
    pages.check(page)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Publication recorded")
    expect(page.locator(".govuk-summary-list").last).to_contain_text("6 January 2025")
    expect(page.locator(".govuk-summary-list").last).to_contain_text("https://www.northdale.example/dhr/anna")

    # The secretariat reads the dashboard: two charts, each with its table, and the figures by year and CSP.
    page = pages.sign_in(secretariat)
    page.get_by_role("link", name="Delays").click()
    pages.check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Delays and publication")
    expect(page.locator("svg.app-chart__svg")).to_have_count(2)
    expect(page.get_by_role("img", name="Days spent at each stage")).to_be_visible()
    # Published 35 days (2024-001) and 34 days (2024-002) after their letters.
    expect(page.locator("#chart-stages-table tbody tr").nth(7).locator("th, td")).to_have_text(
        ["Letter issued to published", "2", "34.5", "35"])
    expect(page.locator("#chart-completion-table tbody tr")).to_have_count(1)
    expect(page.locator("#by-csp tbody tr")).to_have_count(1)
    expect(page.locator("#reviews-count")).to_have_text("2 reviews.")

    # A crafted filter gets a GOV.UK error; a good one narrows the figures.
    page.goto(f"{pages.base}/dashboard/?year=1999")
    pages.check(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a year from the list")
    page.get_by_label("Year of the decision to review").select_option("2024")
    page.get_by_role("button", name="Show figures").click()
    pages.check(page)
    expect(page.locator("#reviews-count")).to_have_text("2 reviews decided in 2024.")

    # Every approved report is published now.
    page.get_by_role("link", name="Approved reports not yet published (0)").click()
    pages.check(page)
    expect(page.locator("main p.govuk-body").last).to_have_text("Every approved report has been published.")
