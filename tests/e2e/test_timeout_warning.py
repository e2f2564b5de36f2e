"""The session timeout warning in Chromium (static/js/timeout-warning.mjs), with tiny timings; axe-core on each page."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import browser, pages  # noqa: F401 - the browser fixtures
from tests.factories import UserFactory
from tests.mfa import app_code, authenticator_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The warning shows 5 s after a page loads, so "Stay signed in" ends the session a few seconds later than the
# page's own end, which the first test waits past; its 10 s leave room for axe-core and a click on a busy machine.
IDLE_SECONDS = 15
WARNING_SECONDS = 10


@pytest.fixture
def short_sessions(settings):
    settings.DHRQA_SESSION_IDLE_MINUTES = IDLE_SECONDS / 60
    settings.DHRQA_SESSION_WARNING_SECONDS = WARNING_SECONDS


def test_timeout_warning_stay_signed_in_keeps_the_session_then_expiry_signs_out(short_sessions, pages, password):
    secretariat = UserFactory(secretariat=True, full_name="Priya Secretariat")
    page = pages.sign_in(secretariat)
    page.goto(f"{pages.base}/users/")
    loaded_at = time.monotonic()
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")

    expect(dialog).to_be_visible(timeout=(IDLE_SECONDS + 5) * 1000)
    expect(dialog).to_be_focused()
    expect(dialog.locator("#app-timeout-dialog-text")).to_have_text(
        re.compile(r"For your security, we will sign you out in \d+ seconds?\."))
    pages.check(page)
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()

    # Past the end the page was loaded with: only "Stay signed in" kept the session open.
    page.wait_for_timeout(max(0, (loaded_at + IDLE_SECONDS + 1 - time.monotonic()) * 1000))
    page.goto(f"{pages.base}/account/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")

    # Left alone, the page ends the session when the time is up and the sign-in page says why.
    expect(page).to_have_url(f"{pages.base}/sign-in/?next=/account/", timeout=(IDLE_SECONDS + 10) * 1000)
    expect(page.locator(".govuk-notification-banner__heading")).to_have_text(
        "You have been signed out after 0.25 minutes of inactivity.")
    pages.check(page)
    page.get_by_label("Email address").fill(secretariat.email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code", exact=True).fill(app_code(authenticator_for(secretariat)))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")


def test_work_in_another_tab_keeps_the_session_and_the_warning_goes_away(settings, pages):
    # Long enough that the other tab's request leaves more than the warning's time when the first tab's ends
    # (the other tab asks at 15 s, so 25 s after it is 14 s after the first tab's end).
    settings.DHRQA_SESSION_IDLE_MINUTES = (2 * WARNING_SECONDS + 5) / 60
    settings.DHRQA_SESSION_WARNING_SECONDS = WARNING_SECONDS
    secretariat = UserFactory(secretariat=True, full_name="Priya Secretariat")
    page = pages.sign_in(secretariat)
    page.goto(f"{pages.base}/users/")
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_visible(timeout=(2 * WARNING_SECONDS + 10) * 1000)

    # A mark that a reload would wipe: the first tab must keep what it holds (a half-filled form, say).
    page.evaluate("window.appNotReloaded = true")
    other_tab = page.context.new_page()
    other_tab.goto(f"{pages.base}/account/")

    # At the end the first tab asks how long is left, finds the session open, and stays where it was.
    expect(dialog).to_be_hidden(timeout=(WARNING_SECONDS + 5) * 1000)
    expect(page).to_have_url(f"{pages.base}/users/")
    assert page.evaluate("window.appNotReloaded") is True


def test_without_javascript_no_warning_and_the_session_simply_ends(short_sessions, pages):
    secretariat = UserFactory(secretariat=True, full_name="Priya Secretariat")
    page = pages.sign_in(secretariat, javascript=False)
    page.goto(f"{pages.base}/users/")
    expect(page.locator("dialog")).to_be_hidden()

    page.wait_for_timeout((IDLE_SECONDS + 1) * 1000)
    page.reload()

    expect(page).to_have_url(f"{pages.base}/sign-in/?next=/users/")
    expect(page.locator(".govuk-notification-banner__heading")).to_have_text(
        "You have been signed out after 0.25 minutes of inactivity.")
    pages.check(page)
