"""A person locked out of signing in, unlocked by the secretariat, then signed in: in Chromium, with axe-core."""

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def try_to_sign_in(page, email, password):
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_locked_out_person_sees_why_and_signs_in_once_the_secretariat_unlocks(pages, password):
    UserFactory(email="dana.hill@example.gov.uk", full_name="Dana Hill", csp_officer=True)
    secretariat = UserFactory(secretariat=True)
    context = pages.browser.new_context()
    pages.contexts.append(context)
    person = context.new_page()
    person.on("console", pages._watch_console)
    person.goto(f"{pages.base}/sign-in/")

    for attempt in range(4):
        try_to_sign_in(person, "dana.hill@example.gov.uk", f"wrong-password-{attempt}")
        expect(person.locator(".govuk-error-summary")).to_contain_text("Enter a correct email address and password")
    try_to_sign_in(person, "dana.hill@example.gov.uk", "wrong-password-4")

    expect(person.get_by_role("heading", level=1)).to_have_text("Too many attempts to sign in")
    expect(person.locator("#try-again")).to_contain_text("You can try again after ")
    expect(person.get_by_role("main")).to_contain_text("Contact the DHR QA secretariat.")
    assert person.title() == "Too many attempts to sign in – DHR QA – GOV.UK"
    pages.check(person)
    # The right password is refused too while the lock lasts.
    person.goto(f"{pages.base}/sign-in/")
    try_to_sign_in(person, "dana.hill@example.gov.uk", password)
    expect(person.get_by_role("heading", level=1)).to_have_text("Too many attempts to sign in")

    staff = pages.sign_in(secretariat, javascript=False)
    staff.get_by_role("link", name="Users").click()
    staff.get_by_role("link", name="Locked sign-ins").click()
    pages.check(staff)
    expect(staff.get_by_role("row", name="Email address dana.hill@example.gov.uk")).to_contain_text("Dana Hill")
    staff.get_by_role("button", name="Unlock dana.hill@example.gov.uk").click()
    expect(staff.locator(".govuk-notification-banner")).to_contain_text("dana.hill@example.gov.uk can sign in again")
    expect(staff.locator("#locks")).to_have_text("No email address or network address is locked.")
    pages.check(staff)

    person.goto(f"{pages.base}/sign-in/")
    try_to_sign_in(person, "dana.hill@example.gov.uk", password)
    expect(person.get_by_role("heading", level=1)).not_to_have_text("Too many attempts to sign in")
    assert person.url == f"{pages.base}/reviews/"
    pages.check(person)
