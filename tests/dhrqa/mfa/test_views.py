"""The code step of signing in, setting up an app, and recovery codes (dhrqa/views/mfa.py, dhrqa/mfa/services.py).

People sign in here through the password form, as a browser does, and give their codes as a phone shows them.
"""

from base64 import b32decode

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from dhrqa.enums import AuditAction
from dhrqa.mfa.services import replace_recovery_codes
from dhrqa.models import AuditEvent
from dhrqa.views.mfa import WRONG_CODE, WRONG_SETUP_CODE
from tests.dhrqa.govuk_page import error_messages, error_summary, heading, notification_banners, parse, text_of
from tests.mfa import app_code, authenticator_for, code_for

pytestmark = pytest.mark.django_db

SET_UP = reverse("mfa_setup")
VERIFY = reverse("mfa_verify")
CODE_ERROR = "id_code_1_error"


def signed_in_with_password(user, password, next_page=None):
    """A browser that has given the password, and no code yet."""
    browser = Client()
    response = browser.post(reverse("login"), {"username": user.email, "password": password,
                                                **({"next": next_page} if next_page else {})})
    assert response.status_code == 302
    return browser


def events(action):
    return list(AuditEvent.objects.filter(action=action).values_list("actor", "object_id", "detail"))


def key_shown(response):
    """The setup key as the page writes it out for typing, back in django-otp's hex."""
    return b32decode(text_of(response, cls="app-setup-key").replace(" ", "")).hex()


def wrong(code):
    return f"{(int(code) + 1) % 1_000_000:06d}"


def recovery_codes_shown(response):
    return [item.text() for item in parse(response).find(cls="app-recovery-codes").find_all(tag="li")]


# Setting up an app

def test_sign_in_without_app_leads_to_set_up(secretariat, password):
    browser = signed_in_with_password(secretariat, password)

    response = browser.get("/", follow=True)

    assert response.redirect_chain == [(f"{SET_UP}?next=%2F", 302)]
    assert heading(response) == "Set up two-factor sign-in"
    image = parse(response).find(cls="app-qr-code")
    assert (image.attrs["src"][:26], image.attrs["alt"]) == (
        "data:image/svg+xml;charset", "QR code to add DHR QA to your authenticator app")
    assert len(key_shown(response)) == 40


def test_set_up_right_code_saves_app_and_shows_recovery_codes_once(secretariat, password):
    browser = signed_in_with_password(secretariat, password)
    key = key_shown(browser.get(SET_UP))

    confirmed = browser.post(f"{SET_UP}?next=/meetings/", {"code": code_for(key)})
    codes_page = browser.get(confirmed["Location"])
    second_look = browser.get(confirmed["Location"])

    assert confirmed["Location"] == f"{reverse('mfa_recovery_codes')}?next=%2Fmeetings%2F"
    assert heading(codes_page) == "Your recovery codes"
    codes = recovery_codes_shown(codes_page)
    assert (len(codes), len(set(codes)), {len(code) for code in codes}) == (10, 10, {9})
    assert parse(codes_page).find(cls="govuk-button").attrs["href"] == "/meetings/"
    assert second_look["Location"] == reverse("account")
    assert list(TOTPDevice.objects.filter(user=secretariat).values_list("key", "confirmed")) == [(key, True)]
    assert events(AuditAction.MFA_SET_UP) == [(secretariat.pk, str(secretariat.pk), {"recovery_codes": 10})]
    assert browser.get("/")["Location"] == "/submissions/"


def test_set_up_wrong_code_refused_and_nothing_saved(secretariat, password):
    browser = signed_in_with_password(secretariat, password)
    key = key_shown(browser.get(SET_UP))

    response = browser.post(SET_UP, {"code": wrong(code_for(key))})

    assert error_messages(response) == {CODE_ERROR: WRONG_SETUP_CODE}
    assert error_summary(response) == [("#id_code", WRONG_SETUP_CODE)]
    assert key_shown(response) == key
    assert TOTPDevice.objects.filter(user=secretariat).count() == 0
    assert events(AuditAction.MFA_SET_UP) == []
    assert browser.get("/submissions/")["Location"] == f"{SET_UP}?next=%2Fsubmissions%2F"


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Enter the 6-digit code from your authenticator app"),
    ("12ab56", "Enter the code as 6 digits, like 123456"),
    ("1234567", "Enter the code as 6 digits, like 123456"),
    # Digits to str.isdigit, not to int().
    ("²²²²²²", "Enter the code as 6 digits, like 123456"),
])
def test_set_up_code_not_six_digits_refused_with_message(secretariat, password, typed, message):
    browser = signed_in_with_password(secretariat, password)
    browser.get(SET_UP)

    response = browser.post(SET_UP, {"code": typed})

    assert error_messages(response) == {CODE_ERROR: message}
    assert TOTPDevice.objects.filter(user=secretariat).count() == 0


# The code step

def test_code_step_right_code_leads_to_page_asked_for(panel_member, password):
    device = authenticator_for(panel_member)
    browser = signed_in_with_password(panel_member, password, next_page="/meetings/")

    asked = browser.get("/meetings/")
    form = browser.get(asked["Location"])
    given = browser.post(asked["Location"], {"code": app_code(device)})

    assert asked["Location"] == f"{VERIFY}?next=%2Fmeetings%2F"
    assert heading(form) == "Enter the code from your authenticator app"
    assert given["Location"] == "/meetings/"
    assert browser.get("/meetings/").status_code == 200


def test_code_step_same_code_twice_refused(panel_member, password):
    device = authenticator_for(panel_member)
    code = app_code(device)
    signed_in_with_password(panel_member, password).post(VERIFY, {"code": code})

    response = signed_in_with_password(panel_member, password).post(VERIFY, {"code": code})

    assert error_messages(response) == {CODE_ERROR: WRONG_CODE}


def test_code_step_wrong_code_refused_audited_and_still_blocked(panel_member, password):
    device = authenticator_for(panel_member)
    browser = signed_in_with_password(panel_member, password)

    response = browser.post(VERIFY, {"code": wrong(app_code(device))})

    assert error_messages(response) == {CODE_ERROR: WRONG_CODE}
    assert error_summary(response) == [("#id_code", WRONG_CODE)]
    assert events(AuditAction.MFA_CODE_FAILED) == [
        (panel_member.pk, str(panel_member.pk), {"kind": "authenticator app", "failures_in_a_row": 1}),
    ]
    assert browser.get("/my-reviews/")["Location"] == f"{VERIFY}?next=%2Fmy-reviews%2F"


def test_code_step_repeated_wrong_codes_slowed_even_for_right_code(panel_member, password, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = authenticator_for(panel_member)
    browser = signed_in_with_password(panel_member, password)
    browser.post(VERIFY, {"code": wrong(app_code(device))})

    slowed = browser.post(VERIFY, {"code": app_code(device)})

    message = "You have entered too many wrong codes. Wait 60 seconds, then try again"
    assert error_messages(slowed) == {CODE_ERROR: message}
    assert browser.get("/my-reviews/")["Location"] == f"{VERIFY}?next=%2Fmy-reviews%2F"
    # Only the wrong code was checked, and counted.
    assert len(events(AuditAction.MFA_CODE_FAILED)) == 1


def test_code_step_blank_refused_with_message(panel_member, password):
    authenticator_for(panel_member)

    response = signed_in_with_password(panel_member, password).post(VERIFY, {"code": ""})

    assert error_messages(response) == {
        CODE_ERROR: "Enter the 6-digit code from your authenticator app, or a recovery code"}


def test_recovery_code_signs_in_once(panel_member, password):
    authenticator_for(panel_member)
    first, *_ = replace_recovery_codes(panel_member)

    used = signed_in_with_password(panel_member, password)
    response = used.post(f"{VERIFY}?next=/my-reviews/", {"code": f" {first[:5].upper()}-{first[5:]} "}, follow=True)
    again = signed_in_with_password(panel_member, password).post(VERIFY, {"code": first})

    assert response.redirect_chain == [("/my-reviews/", 302)]
    assert notification_banners(response) == [
        "You used a recovery code. You have 9 left: you can create new ones from your account page."]
    assert events(AuditAction.MFA_RECOVERY_CODE_USED) == [(panel_member.pk, str(panel_member.pk), {"left": 9})]
    assert error_messages(again) == {CODE_ERROR: WRONG_CODE}


def test_new_recovery_codes_replace_the_old(client_for, chair, password):
    old = replace_recovery_codes(chair)
    client = client_for(chair)

    replaced = client.post(reverse("mfa_recovery_codes_replace"), follow=True)
    new = recovery_codes_shown(replaced)

    assert heading(replaced) == "Your recovery codes"
    assert len(new) == 10
    assert events(AuditAction.MFA_RECOVERY_CODES_REPLACED)[-1] == (chair.pk, str(chair.pk), {"recovery_codes": 10})
    for code, works in ((new[0], True), (old[0], False)):
        response = signed_in_with_password(chair, password).post(VERIFY, {"code": code})
        assert (response.status_code == 302) is works


def test_account_page_says_how_many_recovery_codes_are_left(client_for, chair):
    replace_recovery_codes(chair)

    response = client_for(chair).get(reverse("account"))

    assert text_of(response, id="mfa-status") == (
        "You sign in with your password and a code from your authenticator app. You have 10 recovery codes left.")


def test_user_who_need_not_is_not_asked_for_code(csp_officer, password):
    browser = signed_in_with_password(csp_officer, password)

    assert browser.get("/")["Location"] == "/reviews/"



# What the audit trail says of a sign-in with a code


def trail():
    return list(AuditEvent.objects.order_by("id").values_list("actor", "action", "detail"))


def test_audit_password_then_app_code_signed_in_only_once_the_code_is_accepted(panel_member, password, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the right code straight after the wrong one
    device = authenticator_for(panel_member)
    browser = signed_in_with_password(panel_member, password)
    after_password = trail()

    browser.post(VERIFY, {"code": wrong(app_code(device))})
    browser.post(VERIFY, {"code": app_code(device)})

    assert after_password == [(panel_member.pk, AuditAction.PASSWORD_ACCEPTED, {})]
    assert trail() == [
        (panel_member.pk, AuditAction.PASSWORD_ACCEPTED, {}),
        (panel_member.pk, AuditAction.MFA_CODE_FAILED, {"kind": "authenticator app", "failures_in_a_row": 1}),
        (panel_member.pk, AuditAction.SIGNED_IN, {"code": "authenticator app"}),
    ]


def test_audit_password_then_recovery_code(panel_member, password):
    authenticator_for(panel_member)
    first, *_ = replace_recovery_codes(panel_member)
    before = len(trail())

    signed_in_with_password(panel_member, password).post(VERIFY, {"code": first})

    assert trail()[before:] == [
        (panel_member.pk, AuditAction.PASSWORD_ACCEPTED, {}),
        (panel_member.pk, AuditAction.MFA_RECOVERY_CODE_USED, {"left": 9}),
        (panel_member.pk, AuditAction.SIGNED_IN, {"code": "recovery code"}),
    ]


def test_audit_password_then_abandoned_is_never_signed_in(panel_member, password):
    authenticator_for(panel_member)
    browser = signed_in_with_password(panel_member, password)

    browser.get("/my-reviews/")
    browser.post(reverse("logout"))

    assert [action for _, action, _ in trail()] == [AuditAction.PASSWORD_ACCEPTED, AuditAction.SIGNED_OUT]


def test_audit_password_then_app_set_up_signs_in(secretariat, password):
    browser = signed_in_with_password(secretariat, password)
    key = key_shown(browser.get(SET_UP))

    browser.post(SET_UP, {"code": code_for(key)})

    assert trail() == [
        (secretariat.pk, AuditAction.PASSWORD_ACCEPTED, {}),
        (secretariat.pk, AuditAction.MFA_SET_UP, {"recovery_codes": 10}),
        (secretariat.pk, AuditAction.SIGNED_IN, {"code": "authenticator app set up"}),
    ]


def test_audit_person_without_code_signed_in_at_the_password(csp_officer, password):
    signed_in_with_password(csp_officer, password)

    assert trail() == [(csp_officer.pk, AuditAction.SIGNED_IN, {})]


def test_audit_officer_setting_up_an_app_when_signed_in_is_not_signed_in_again(client_for, csp_officer):
    browser = client_for(csp_officer)
    key = key_shown(browser.get(SET_UP))
    before = len(trail())

    browser.post(SET_UP, {"code": code_for(key)})

    assert [action for _, action, _ in trail()[before:]] == [AuditAction.MFA_SET_UP]


def test_audit_trail_page_reads_password_then_code_in_order(client_for, panel_member, secretariat, password):
    device = authenticator_for(panel_member)
    signed_in_with_password(panel_member, password).post(VERIFY, {"code": app_code(device)})

    page = client_for(secretariat).get(reverse("audit_trail"), {"person": panel_member.pk})

    shown = [tuple(cell.text(include_hidden=False) for cell in row.find_all(tag="td"))[2:]
             for row in parse(page).find(tag="tbody").find_all(tag="tr")]
    # Each event is on the person's own account, named after the action.
    assert shown == [(f"Signed in {panel_member.full_name}", "", "Code: authenticator app"),
                     (f"Password accepted, code asked for {panel_member.full_name}", "", "")]
