"""Setting up two-factor sign-in in Chromium, and signing in later with a recovery code, axe-core clean throughout."""

import re
from base64 import b32decode

import pytest
from playwright.sync_api import expect

from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from tests.factories import UserFactory
from tests.mfa import code_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_secretariat_sets_up_app_at_first_sign_in_then_signs_in_with_recovery_code(pages):
    person = UserFactory(secretariat=True, full_name="Sasha Secretariat")

    # Password first: the next page is setting up an app, whatever was asked for.
    page = pages.open("/meetings/")
    pages.give_password(page, person)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    pages.check(page)
    qr_code = page.get_by_role("img", name="QR code to add DHR QA to your authenticator app")
    assert qr_code.evaluate("image => image.naturalWidth") > 100
    key = b32decode(page.locator(".app-setup-key").inner_text().replace(" ", "")).hex()

    # A wrong code is refused with a GOV.UK error.
    right = code_for(key)
    page.get_by_label("Code from your app").fill(f"{(int(right) + 1) % 1_000_000:06d}")
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code does not match")
    expect(page).to_have_title(re.compile(r"^Error: Set up two-factor sign-in"))
    pages.check(page)

    # The right one: the recovery codes, once, then the page first asked for.
    page.get_by_label("Code from your app").fill(right)
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    pages.check(page)
    codes = page.locator(".app-recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("button", name="I have stored my codes, continue").click()
    expect(page).to_have_url(re.compile(r"/meetings/$"))
    pages.check(page)

    # Later, without the phone and without JavaScript: a recovery code, used up once used.
    later = pages.open("/submissions/", javascript=False)
    pages.give_password(later, person)
    expect(later.get_by_role("heading", level=1)).to_have_text("Enter the code from your authenticator app")
    pages.check(later)
    later.get_by_text("I cannot use my authenticator app").click()
    later.get_by_label("Code", exact=True).fill(codes[0])
    later.get_by_role("button", name="Continue").click()
    expect(later).to_have_url(re.compile(r"/submissions/$"))
    expect(later.locator(".govuk-notification-banner")).to_contain_text("You used a recovery code. You have 9 left")
    pages.check(later)

    assert list(AuditEvent.objects.filter(action__startswith="mfa_").values_list("action", flat=True)
                .order_by("id")) == [AuditAction.MFA_SET_UP, AuditAction.MFA_RECOVERY_CODE_USED]
