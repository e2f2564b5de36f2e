"""The public "Check a letter" page in Chromium, signed out, with and without JavaScript; axe-core on every page."""

import pytest
from playwright.sync_api import expect

from dhrqa.celery import app as celery_app
from panel.services.letters import draft_letter
from tests.e2e.conftest import browser, pages  # noqa: F401 - the browser fixtures
from tests.factories import UserFactory, VerdictFactory
from tests.panel.letter_files import signed_letter, stored_pdf, with_update_after_signing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def signed_out_page(pages, *, javascript):
    context = pages.browser.new_context(java_script_enabled=javascript)
    pages.contexts.append(context)
    page = context.new_page()
    page.javascript = javascript
    page.on("console", pages._watch_console)
    return page


@pytest.fixture
def sealed(signing_certificate):
    """A signed letter, made before the browser starts: pyHanko runs its own event loop, Playwright another."""
    verdict = VerdictFactory()
    secretariat = UserFactory(secretariat=True)
    letter = draft_letter(verdict=verdict, drafted_by=secretariat)
    celery_app.control.purge()
    return signed_letter(letter, secretariat=secretariat, chair=verdict.agenda_item.meeting.chair)


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_check_letter_genuine_then_altered_signed_out(sealed, pages, tmp_path, javascript):
    letter = sealed
    genuine, altered = tmp_path / "letter.pdf", tmp_path / "letter-edited.pdf"
    genuine.write_bytes(stored_pdf(letter))
    altered.write_bytes(with_update_after_signing(stored_pdf(letter)))

    page = signed_out_page(pages, javascript=javascript)
    page.goto(f"{pages.base}/check-a-letter/")
    pages.check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check a letter")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()

    page.get_by_label("Upload the letter").set_input_files(genuine)
    page.get_by_role("button", name="Check the letter").click()
    pages.check(page)
    expect(page.locator(".govuk-panel__title")).to_have_text("This is a genuine letter")
    expect(page.locator(".govuk-panel__body")).to_contain_text(letter.content["reference"])

    page.get_by_label("Upload the letter").set_input_files(altered)
    page.get_by_role("button", name="Check the letter").click()
    pages.check(page)
    expect(page.locator(".govuk-notification-banner__heading")).to_have_text("This letter has been altered")

    page.get_by_role("button", name="Check the letter").click()
    pages.check(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the letter to check")
    assert page.title() == "Error: Check a letter – DHR QA – GOV.UK"
