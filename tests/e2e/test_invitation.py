"""The invitation journey in Chromium: the secretariat invites, the e-mail arrives, the invitee chooses a password."""

from base64 import b32decode

import pytest
from playwright.sync_api import expect

from dhrqa.models import User
from tests.factories import UserFactory
from tests.mfa import code_for
from tests.smtp import smtp_server  # noqa: F401 - a fixture
from tests.worker import running_worker

pytestmark = [
    pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_PASSWORD = "marble tugboat copper meadow"


def new_page(pages, *, javascript=True):
    """A page in a browser of its own, signed in as nobody."""
    context = pages.browser.new_context(java_script_enabled=javascript)
    pages.contexts.append(context)
    page = context.new_page()
    page.javascript = javascript
    return page


def test_invitation_journey_from_invite_to_first_sign_in(pages, live_server, smtp_server):  # noqa: F811
    secretariat = UserFactory(secretariat=True, full_name="Sasha Secretariat")
    with running_worker(env={"EMAIL_URL": smtp_server.url, "DHRQA_SITE_URL": live_server.url}):
        page = pages.sign_in(secretariat)
        page.get_by_role("link", name="Users").first.click()
        pages.check(page)
        page.get_by_role("button", name="Invite someone").click()
        pages.check(page)
        page.get_by_label("Full name").fill("Nia Newcomer")
        page.get_by_label("Email address").fill("nia.newcomer@homeoffice.example")
        page.get_by_label("Panel member").check()
        page.get_by_role("button", name="Send invitation").click()
        expect(page.locator("h1")).to_have_text("Invitation sent")
        pages.check(page)
        [received] = smtp_server.wait_for(1, timeout=60)

    [link] = [line for line in received.message.get_content().splitlines() if line.startswith(live_server.url)]
    token = link.split("token=")[1]
    assert token not in page.content()

    invitee = new_page(pages)
    invitee.goto(link)
    expect(invitee.locator("h1")).to_have_text("Choose your password")
    assert invitee.url == f"{live_server.url}/invitation/"
    pages.check(invitee)
    invitee.get_by_label("New password").fill("short")
    invitee.get_by_label("Confirm your password").fill("short")
    invitee.get_by_role("button", name="Set password").click()
    expect(invitee.locator(".govuk-error-summary")).to_contain_text("Password must be 12 characters or more")
    pages.check(invitee)
    invitee.get_by_label("New password").fill(NEW_PASSWORD)
    invitee.get_by_label("Confirm your password").fill(NEW_PASSWORD)
    invitee.get_by_role("button", name="Set password").click()
    expect(invitee.locator(".govuk-notification-banner__heading")).to_have_text(
        "Your password has been set. You can now sign in.")
    pages.check(invitee)

    invitee.get_by_label("Email address").fill("nia.newcomer@homeoffice.example")
    invitee.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    invitee.get_by_role("button", name="Sign in").click()
    # A panel member sets up two-factor sign-in at their first sign-in, then reaches their reviews.
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    pages.check(invitee)
    key = b32decode(invitee.locator(".app-setup-key").inner_text().replace(" ", "")).hex()
    invitee.get_by_label("Code from your app").fill(code_for(key))
    invitee.get_by_role("button", name="Confirm and continue").click()
    invitee.get_by_role("button", name="I have stored my codes, continue").click()
    expect(invitee.get_by_role("heading", level=1)).to_have_text("My reviews")
    assert invitee.url == f"{live_server.url}/my-reviews/"

    stranger = new_page(pages)
    stranger.goto(link)
    expect(stranger.locator("h1")).to_have_text("This link no longer works")
    pages.check(stranger)
    assert User.objects.get(email="nia.newcomer@homeoffice.example").check_password(NEW_PASSWORD) is True


def test_forgotten_password_without_javascript(pages, live_server):
    UserFactory(panel_member=True, email="dana.hill@example.gov.uk")
    page = new_page(pages, javascript=False)
    page.goto(f"{live_server.url}/sign-in/")

    page.get_by_role("link", name="Forgotten your password?").click()
    pages.check(page)
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
    pages.check(page)
    page.get_by_label("Email address").fill("dana.hill@example.gov.uk")
    page.get_by_role("button", name="Send the link").click()

    expect(page.locator("h1")).to_have_text("Check your email")
    pages.check(page)
