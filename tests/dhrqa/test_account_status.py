"""Signing out everywhere, and the secretariat closing and reopening accounts (dhrqa/account_status.py, its views)."""

import pytest
from django.test import Client
from django.urls import reverse

from dhrqa.enums import AuditAction, Role
from dhrqa.models import AuditEvent, User
from tests.dhrqa.govuk_page import body_paragraphs, heading, notification_banners, table_column, text_of
from tests.factories import UserFactory
from tests.mfa import app_code, authenticator_for

pytestmark = pytest.mark.django_db

SIGN_IN_URL = reverse("login")


def signed_in_elsewhere(user, password):
    """Another browser, signed in through the sign-in page and, for one who must, the code step."""
    browser = Client()
    response = browser.post(SIGN_IN_URL, {"username": user.email, "password": password})
    assert response.status_code == 302
    device = authenticator_for(user)
    if device is not None:
        assert browser.post(reverse("mfa_verify"), {"code": app_code(device)}).status_code == 302
    return browser


def is_signed_in(client):
    response = client.get(reverse("account"))
    return response.status_code == 200


def events(action):
    return list(AuditEvent.objects.filter(action=action).values_list("actor", "object_id", "detail"))


def test_account_page_shows_who_is_signed_in(client_for, csp_officer):
    response = client_for(csp_officer).get(reverse("account"))

    assert heading(response) == "Your account"
    assert text_of(response, cls="govuk-summary-list") == (
        f"Name {csp_officer.full_name} Email address {csp_officer.email} "
        f"Role CSP officer, {csp_officer.csp.name}")


def test_sign_out_everywhere_ends_every_session_of_the_person_only(client_for, panel_member, password):
    laptop = client_for(panel_member)
    phone = signed_in_elsewhere(panel_member, password)
    colleague = signed_in_elsewhere(UserFactory(panel_member=True), password)

    response = laptop.post(reverse("sign_out_everywhere"))
    sign_in_page = laptop.get(response["Location"])

    assert (response.status_code, response["Location"]) == (302, "/sign-in/")
    assert notification_banners(sign_in_page) == ["You have been signed out on every device and browser."]
    assert (is_signed_in(laptop), is_signed_in(phone), is_signed_in(colleague)) == (False, False, True)


def test_sign_out_everywhere_is_audited(client_for, panel_member):
    client_for(panel_member).post(reverse("sign_out_everywhere"))

    assert events(AuditAction.SESSIONS_ENDED) == [(panel_member.pk, str(panel_member.pk), {})]
    assert events(AuditAction.SIGNED_OUT) == [(panel_member.pk, str(panel_member.pk), {"reason": "everywhere"})]


def test_sign_out_everywhere_then_sign_in_again_works(client_for, panel_member, password):
    client_for(panel_member).post(reverse("sign_out_everywhere"))

    browser = signed_in_elsewhere(panel_member, password)

    assert is_signed_in(browser) is True


def test_user_list_links_each_person_and_says_if_deactivated(client_for, secretariat):
    UserFactory(panel_member=True, full_name="Zed Closed", is_active=False)

    response = client_for(secretariat).get(reverse("user_list"))

    # Panel members list before the secretariat.
    assert (table_column(response, 0), table_column(response, 5)) == (
        ["Zed Closed", secretariat.full_name], ["Deactivated", "Active"])


def test_deactivate_signs_the_person_out_on_their_next_request(client_for, secretariat, csp_officer, password):
    officer_browser = signed_in_elsewhere(csp_officer, password)
    client = client_for(secretariat)
    url = reverse("user_deactivate", kwargs={"pk": csp_officer.pk})

    confirm = client.get(url)
    response = client.post(url)
    user_page = client.get(response["Location"])
    next_request = officer_browser.get(reverse("submissions:review_list"))

    assert heading(confirm) == f"Are you sure you want to deactivate {csp_officer.full_name}'s account?"
    assert (response.status_code, response["Location"]) == (302, f"/users/{csp_officer.pk}/")
    assert notification_banners(user_page) == [
        f"{csp_officer.full_name}'s account has been deactivated. They have been signed out."]
    assert (next_request.status_code, next_request["Location"]) == (302, "/sign-in/?next=/reviews/")
    assert User.objects.get(pk=csp_officer.pk).is_active is False
    assert events(AuditAction.USER_DEACTIVATED) == [
        (secretariat.pk, str(csp_officer.pk), {"role": "csp_officer", "via": "service"})]


def test_deactivated_person_cannot_sign_in(client_for, secretariat, panel_member, password):
    client_for(secretariat).post(reverse("user_deactivate", kwargs={"pk": panel_member.pk}))

    response = Client().post(SIGN_IN_URL, {"username": panel_member.email, "password": password})

    assert response.status_code == 200
    assert "_auth_user_id" not in response.wsgi_request.session


def test_reactivate_lets_them_sign_in_again_but_old_sessions_stay_ended(client_for, secretariat, panel_member,
                                                                        password):
    old_browser = signed_in_elsewhere(panel_member, password)
    client = client_for(secretariat)
    client.post(reverse("user_deactivate", kwargs={"pk": panel_member.pk}))

    confirm = client.get(reverse("user_reactivate", kwargs={"pk": panel_member.pk}))
    response = client.post(reverse("user_reactivate", kwargs={"pk": panel_member.pk}))

    assert heading(confirm) == f"Are you sure you want to reactivate {panel_member.full_name}'s account?"
    assert notification_banners(client.get(response["Location"])) == [
        f"{panel_member.full_name}'s account has been reactivated. They can sign in again."]
    assert is_signed_in(old_browser) is False
    assert is_signed_in(signed_in_elsewhere(panel_member, password)) is True
    assert events(AuditAction.USER_REACTIVATED) == [
        (secretariat.pk, str(panel_member.pk), {"role": "panel_member", "via": "service"})]


def test_deactivate_an_account_already_closed_changes_nothing(client_for, secretariat):
    closed = UserFactory(panel_member=True, is_active=False)
    client = client_for(secretariat)
    url = reverse("user_deactivate", kwargs={"pk": closed.pk})

    page = client.get(url)
    response = client.post(url)

    assert heading(page) == f"{closed.full_name}'s account is already deactivated"
    assert notification_banners(client.get(response["Location"])) == ["This account is already deactivated"]
    assert events(AuditAction.USER_DEACTIVATED) == []


@pytest.mark.parametrize("flags", [
    {"role": Role.SECRETARIAT}, {"role": Role.CHAIR}, {"role": Role.PANEL_MEMBER, "is_staff": True},
    {"role": Role.PANEL_MEMBER, "is_superuser": True},
])
def test_secretariat_cannot_deactivate_an_account_above_those_it_creates(client_for, secretariat, flags):
    higher = UserFactory(**flags)
    client = client_for(secretariat)
    url = reverse("user_deactivate", kwargs={"pk": higher.pk})

    page = client.get(url)
    response = client.post(url)
    user_page = client.get(reverse("user_detail", kwargs={"pk": higher.pk}))

    assert (page.status_code, response.status_code) == (403, 403)
    assert User.objects.get(pk=higher.pk).is_active is True
    assert body_paragraphs(user_page)[-1] == "An admin manages this account."
    assert events(AuditAction.USER_DEACTIVATED) == []


def test_secretariat_cannot_deactivate_itself(client_for, secretariat):
    response = client_for(secretariat).post(reverse("user_deactivate", kwargs={"pk": secretariat.pk}))

    assert response.status_code == 403
    assert User.objects.get(pk=secretariat.pk).is_active is True


@pytest.mark.parametrize("role", ["csp_officer", "panel_member", "chair"])
def test_only_the_secretariat_deactivates(request, client_for, role):
    target = UserFactory(panel_member=True)
    client = client_for(request.getfixturevalue(role))

    response = client.post(reverse("user_deactivate", kwargs={"pk": target.pk}))

    assert (response.status_code, heading(response)) == (403, "You do not have permission to see this page")
    assert User.objects.get(pk=target.pk).is_active is True


def test_crafted_account_creation_cannot_grant_admin_flags(client_for, secretariat):
    client_for(secretariat).post(reverse("user_create"), {
        "full_name": "Eve Crafted", "email": "eve@example.gov.uk", "role": Role.PANEL_MEMBER,
        "is_superuser": "on", "is_staff": "on", "is_active": "on",
    })

    eve = User.objects.get(email="eve@example.gov.uk")
    assert (eve.role, eve.is_superuser, eve.is_staff) == (Role.PANEL_MEMBER, False, False)
