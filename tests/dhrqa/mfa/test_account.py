"""The account page, a CSP officer choosing an app, and the secretariat resetting someone's (dhrqa/views/mfa.py)."""

from base64 import b32decode

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from dhrqa.enums import AuditAction
from dhrqa.mfa.services import replace_recovery_codes
from dhrqa.models import AuditEvent
from tests.dhrqa.govuk_page import heading, notification_banners, parse, text_of
from tests.factories import UserFactory
from tests.mfa import authenticator_for, code_for, sign_in

pytestmark = pytest.mark.django_db

FORBIDDEN = "You do not have permission to see this page"


def reset_url(person):
    return reverse("user_mfa_reset", kwargs={"pk": person.pk})


def test_csp_officer_may_set_up_an_app_from_account_page(client_for, csp_officer, password):
    client = client_for(csp_officer)

    account = client.get(reverse("account"))
    set_up = client.get(parse(account).find(cls="govuk-button").attrs["href"])
    key = b32decode(text_of(set_up, cls="app-setup-key").replace(" ", "")).hex()
    confirmed = client.post(f"{reverse('mfa_setup')}?next=/account/", {"code": code_for(key)}, follow=True)
    later = Client()
    later.post(reverse("login"), {"username": csp_officer.email, "password": password})

    assert text_of(account, id="mfa-status") == "You sign in with your password only."
    assert heading(set_up) == "Set up two-factor sign-in"
    assert heading(confirmed) == "Your recovery codes"
    assert parse(confirmed).find(cls="govuk-button").attrs["href"] == "/account/"
    assert TOTPDevice.objects.filter(user=csp_officer, confirmed=True).count() == 1
    assert later.get("/reviews/")["Location"] == f"{reverse('mfa_verify')}?next=%2Freviews%2F"


def test_secretariat_resets_a_members_app_and_they_set_it_up_again(client_for, secretariat, panel_member):
    replace_recovery_codes(panel_member)
    member = sign_in(Client(), panel_member)
    assert member.get("/my-reviews/").status_code == 200
    client = client_for(secretariat)

    page = client.get(reset_url(panel_member))
    response = client.post(reset_url(panel_member), {"submit": ""}, follow=True)

    assert heading(page) == f"Reset two-factor sign-in for {panel_member.full_name}"
    assert response.redirect_chain == [(reverse("user_list"), 302)]
    assert notification_banners(response) == [
        f"Two-factor sign-in reset for {panel_member.full_name}. They will set it up again when they next sign in."]
    assert (TOTPDevice.objects.filter(user=panel_member).count(),
            StaticDevice.objects.filter(user=panel_member).count()) == (0, 0)
    assert list(AuditEvent.objects.filter(action=AuditAction.MFA_RESET).values_list(
        "actor", "object_id", "detail")) == [(secretariat.pk, str(panel_member.pk), {"had_authenticator": True})]
    # Every session of theirs has ended: signing in again, with the password, leads to setting up an app.
    assert member.get("/my-reviews/")["Location"] == "/sign-in/?next=/my-reviews/"


def test_user_list_links_to_reset_for_others_only(client_for, secretariat, panel_member):
    response = client_for(secretariat).get(reverse("user_list"))

    links = [link.attrs["href"] for link in parse(response).find(tag="tbody").find_all(tag="a")]
    assert [link for link in links if link.endswith("/two-factor/reset/")] == [reset_url(panel_member)]


@pytest.mark.parametrize("method", ["get", "post"])
def test_reset_own_app_refused(client_for, secretariat, method):
    response = getattr(client_for(secretariat), method)(reset_url(secretariat))

    assert (response.status_code, heading(response)) == (403, FORBIDDEN)
    assert TOTPDevice.objects.filter(user=secretariat).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.MFA_RESET).count() == 0


def test_reset_staff_account_refused_to_secretariat_and_allowed_to_superuser(client_for, secretariat):
    staff = UserFactory(secretariat=True, is_staff=True)
    authenticator_for(staff)
    admin = UserFactory(secretariat=True, is_staff=True, is_superuser=True)

    refused = client_for(secretariat).post(reset_url(staff))
    allowed = client_for(admin).post(reset_url(staff))

    assert (refused.status_code, allowed.status_code) == (403, 302)
    assert TOTPDevice.objects.filter(user=staff).count() == 0
    assert list(AuditEvent.objects.filter(action=AuditAction.MFA_RESET).values_list("actor", flat=True)) == [admin.pk]


@pytest.mark.parametrize("role", ["chair", "secretariat"])
def test_reset_of_a_chair_or_secretariat_account_refused_to_secretariat_allowed_to_superuser(client_for, secretariat,
                                                                                          role):
    person = UserFactory(**{role: True})
    authenticator_for(person)
    admin = UserFactory(secretariat=True, is_staff=True, is_superuser=True)

    refused = client_for(secretariat).post(reset_url(person))
    kept = TOTPDevice.objects.filter(user=person).count()
    allowed = client_for(admin).post(reset_url(person))

    assert (refused.status_code, kept, allowed.status_code) == (403, 1, 302)
    assert TOTPDevice.objects.filter(user=person).count() == 0


def test_new_recovery_codes_after_signing_in_with_one_keep_the_session(password):
    person = UserFactory(panel_member=True)
    authenticator_for(person)
    [first, *_] = replace_recovery_codes(person)
    browser = Client()
    browser.post(reverse("login"), {"username": person.email, "password": password})
    browser.post(reverse("mfa_verify"), {"code": first})

    replaced = browser.post(reverse("mfa_recovery_codes_replace"))
    shown = browser.get(replaced["Location"])

    assert (shown.status_code, browser.get("/my-reviews/").status_code) == (200, 200)


@pytest.mark.parametrize("role", ["csp_officer", "panel_member", "chair"])
def test_reset_refused_to_everyone_but_secretariat(request, client_for, secretariat, role):
    authenticator_for(secretariat)

    response = client_for(request.getfixturevalue(role)).post(reset_url(secretariat))

    assert (response.status_code, heading(response)) == (403, FORBIDDEN)
    assert TOTPDevice.objects.filter(user=secretariat).count() == 1
