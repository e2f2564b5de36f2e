"""Journeys work without JavaScript: JavaScript only enhances them."""

import re

import pytest
from playwright.sync_api import expect

from dhrqa.celery import app as celery_app
from panel.services.letters import draft_letter, render_letter
from submissions.models import Review
from tests.factories import UserFactory, VerdictFactory, docx_bytes, pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_review_submission_without_javascript_reports_errors_then_submits(pages, tmp_path):
    officer = UserFactory(csp_officer=True)
    (tmp_path / "report.pdf").write_bytes(pdf_bytes())
    (tmp_path / "summary.docx").write_bytes(docx_bytes())
    (tmp_path / "empty.pdf").write_bytes(b"")

    page = pages.sign_in(officer, javascript=False)
    page.get_by_role("link", name="Submit a review").first.click()
    pages.check(page)
    page.get_by_role("button", name="Submit to the Home Office").click()
    pages.check(page)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the victim's pseudonym")
    expect(summary).to_contain_text("Select the overview report")
    assert page.title().startswith("Error: ")

    page.get_by_label("Victim's pseudonym").fill("Sarah")
    page.get_by_label("Perpetrator's pseudonym").fill("Andrew")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2023")
    page.get_by_label("Independent chair's name").fill("Alex Chair")
    page.get_by_label("Overview report").set_input_files(tmp_path / "empty.pdf")
    page.get_by_label("Executive summary").set_input_files(tmp_path / "summary.docx")
    page.get_by_label("Action plan").set_input_files(tmp_path / "report.pdf")
    page.get_by_role("button", name="Submit to the Home Office").click()
    pages.check(page)
    expect(page.locator("#div_id_overview_report .govuk-error-message")).to_contain_text(
        "The selected file for the overview report is empty"
    )
    assert Review.objects.count() == 0

    # Browsers forget chosen files after an error, so the officer chooses them again.
    page.get_by_label("Overview report").set_input_files(tmp_path / "report.pdf")
    page.get_by_label("Executive summary").set_input_files(tmp_path / "summary.docx")
    page.get_by_label("Action plan").set_input_files(tmp_path / "report.pdf")
    page.get_by_role("button", name="Submit to the Home Office").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been submitted")
    pages.check(page)
    review = Review.objects.get()
    assert (review.csp, review.victim_pseudonym) == (officer.csp, "Sarah")


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
