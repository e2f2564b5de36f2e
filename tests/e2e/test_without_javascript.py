"""Journeys work without JavaScript: JavaScript only enhances them."""

import re

import pytest
from playwright.sync_api import expect

from dhrqa.celery import app as celery_app
from panel.services.letters import draft_letter
from panel.services.rendering import render_letter
from submissions.models import Document, Review
from tests.factories import UserFactory, VerdictFactory, pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_review_registration_without_javascript_reports_errors_then_registers(pages, tmp_path):
    officer = UserFactory(csp_officer=True)
    (tmp_path / "report.pdf").write_bytes(pdf_bytes())
    (tmp_path / "empty.pdf").write_bytes(b"")

    page = pages.sign_in(officer, javascript=False)
    page.get_by_role("link", name="Register a review").first.click()
    pages.check(page)
    page.get_by_label("A Domestic Homicide Review").check()
    page.get_by_role("button", name="Continue").click()
    pages.check(page)
    page.get_by_role("button", name="Save and continue").click()
    pages.check(page)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the pseudonym of at least one victim")
    expect(summary).to_contain_text("Enter the date of death")
    assert page.title().startswith("Error: ")

    # "Add another victim" keeps what was typed and checks nothing yet.
    page.locator("#id_victim-0-pseudonym").fill("Sarah")
    page.get_by_role("button", name="Add another victim").click()
    pages.check(page)
    expect(page.locator("#id_victim-0-pseudonym")).to_have_value("Sarah")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    page.locator("#id_victim-1-pseudonym").fill("Amy")
    page.locator("#id_perpetrator-0-pseudonym").fill("Andrew")
    page.get_by_label("Domestic Homicide Review (DHR)").check()
    page.get_by_label("Homicide", exact=True).check()
    page.get_by_label("Familial (a relative)").check()
    page.get_by_label("Police force area").select_option(label="Surrey")
    for field, (day, month, year) in {
        "date_of_death": ("1", "2", "2023"), "date_csp_notified": ("8", "2", "2023"),
        "date_decided": ("1", "3", "2023"), "date_home_office_notified": ("2", "3", "2023"),
    }.items():
        page.locator(f"#id_{field}_0").fill(day)
        page.locator(f"#id_{field}_1").fill(month)
        page.locator(f"#id_{field}_2").fill(year)
    page.get_by_label("Independent chair's name").fill("Alex Chair")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been registered")
    pages.check(page)
    review = Review.objects.get()
    assert (review.csp, review.victim_pseudonym, review.perpetrator_pseudonym) == (officer.csp, "Sarah and Amy", "Andrew")

    page.get_by_role("link", name="Documents").click()
    page.get_by_label("Overview report", exact=True).check()
    page.get_by_label("Upload a file").set_input_files(tmp_path / "empty.pdf")
    page.get_by_role("button", name="Add document").click()
    pages.check(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("The selected file is empty")
    assert Document.objects.count() == 0
    page.get_by_label("Overview report", exact=True).check()
    page.get_by_label("Upload a file").set_input_files(tmp_path / "report.pdf")
    page.get_by_role("button", name="Add document").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "report.pdf has been added as the overview report")
    pages.check(page)
    assert list(Document.objects.values_list("kind", "original_name")) == [("overview_report", "report.pdf")]


def test_letter_page_without_javascript_shows_progress_until_refreshed(pages):
    verdict = VerdictFactory()
    secretariat = UserFactory(secretariat=True)
    letter = draft_letter(verdict=verdict, drafted_by=secretariat)
    celery_app.control.purge()

    page = pages.sign_in(secretariat, javascript=False)
    page.goto(f"{pages.base}/letters/{letter.pk}/")
    pages.check(page)
    expect(page.get_by_role("status")).to_contain_text("Refresh the page to see if it is ready")
    expect(page.get_by_role("link", name=re.compile("Download"))).to_have_count(0)

    render_letter(letter.pk)  # what the worker does
    page.reload()
    pages.check(page)
    expect(page.locator(".govuk-tag", has_text="Draft ready")).to_be_visible()
    expect(page.get_by_role("link", name="Download the draft letter (PDF)")).to_be_visible()
