"""Signing in and out, and accounts made by the secretariat (dhrqa/views/users.py, accounts.py)."""

import json

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from dhrqa.enums import AuditAction, Role
from dhrqa.models import AuditEvent, User
from tests.dhrqa.govuk_page import error_messages, error_summary, heading, summary_links_without_target, text_of
from tests.factories import CSPFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGN_IN_URL = reverse("login")
USER_CREATE_URL = reverse("user_create")
BAD_SIGN_IN = "Enter a correct email address and password"
NEW_PASSWORD = "a-long-and-new-passphrase-2027"


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def events(action):
    return list(
        AuditEvent.objects.filter(action=action).values_list("actor", "object_type", "object_id", "detail")
    )


def test_sign_in_email_and_password_signs_in(client, password):
    user = UserFactory(email="dana.hill@example.gov.uk")

    response = client.post(SIGN_IN_URL, {"username": "dana.hill@example.gov.uk", "password": password})

    assert (response.status_code, response["Location"]) == (302, "/")
    assert signed_in_user_id(client) == str(user.pk)


def test_sign_in_email_in_other_case_signs_in(client, password):
    user = UserFactory(email="dana.hill@example.gov.uk")

    response = client.post(SIGN_IN_URL, {"username": "Dana.Hill@EXAMPLE.gov.uk", "password": password})

    assert (response.status_code, response["Location"]) == (302, "/")
    assert signed_in_user_id(client) == str(user.pk)


def test_sign_in_writes_audit_event(client, password):
    user = UserFactory(email="dana.hill@example.gov.uk")

    client.post(SIGN_IN_URL, {"username": "dana.hill@example.gov.uk", "password": password})

    assert events(AuditAction.SIGNED_IN) == [(user.pk, "dhrqa.User", str(user.pk), {})]


def test_sign_in_wrong_password_shows_error(client):
    UserFactory(email="dana.hill@example.gov.uk")

    response = client.post(SIGN_IN_URL, {"username": "dana.hill@example.gov.uk", "password": "not-the-password"})

    assert response.status_code == 200
    assert error_messages(response) == {"id_username-error": BAD_SIGN_IN}
    assert error_summary(response) == [("#id_username", BAD_SIGN_IN)]
    assert signed_in_user_id(client) is None


def test_sign_in_wrong_password_audited_without_password(client):
    UserFactory(email="dana.hill@example.gov.uk")

    client.post(SIGN_IN_URL, {"username": "Dana.Hill@example.gov.uk", "password": "not-the-password"})

    assert events(AuditAction.SIGN_IN_FAILED) == [(None, "", "", {"email": "dana.hill@example.gov.uk"})]
    recorded = [
        json.dumps(event.detail) + event.object_repr for event in AuditEvent.objects.all()
    ]
    assert [text for text in recorded if "not-the-password" in text] == []
    assert events(AuditAction.SIGNED_IN) == []


def test_sign_in_unknown_email_same_message(client):
    response = client.post(SIGN_IN_URL, {"username": "nobody@example.gov.uk", "password": "whatever-it-is"})

    assert error_messages(response) == {"id_username-error": BAD_SIGN_IN}
    assert events(AuditAction.SIGN_IN_FAILED) == [(None, "", "", {"email": "nobody@example.gov.uk"})]


def test_sign_in_closed_account_refused(client, password):
    UserFactory(email="dana.hill@example.gov.uk", is_active=False)

    response = client.post(SIGN_IN_URL, {"username": "dana.hill@example.gov.uk", "password": password})

    assert error_messages(response) == {"id_username-error": BAD_SIGN_IN}
    assert signed_in_user_id(client) is None


def test_sign_in_blank_form_names_both_fields(client):
    response = client.post(SIGN_IN_URL, {"username": "", "password": ""})

    assert error_messages(response) == {
        "id_username-error": "Enter your email address",
        "id_password-error": "Enter your password",
    }


def test_sign_in_offsite_next_ignored(client, password):
    UserFactory(email="dana.hill@example.gov.uk")

    response = client.post(SIGN_IN_URL, {
        "username": "dana.hill@example.gov.uk", "password": password, "next": "https://evil.example/",
    })

    assert response["Location"] == "/"


def test_sign_out_signs_out_and_writes_audit_event(client_for, secretariat):
    client = client_for(secretariat)

    response = client.post(reverse("logout"))

    assert (response.status_code, response["Location"]) == (302, "/sign-in/")
    assert signed_in_user_id(client) is None
    assert events(AuditAction.SIGNED_OUT) == [(secretariat.pk, "dhrqa.User", str(secretariat.pk), {})]


def new_account(**changes):
    data = {
        "full_name": "Olive Officer", "email": "Olive.Officer@Kent.gov.uk", "role": Role.CSP_OFFICER,
        "csp": "", "letter_titles": "",
    }
    data.update(changes)
    return data


def test_user_create_secretariat_creates_account_without_password(client_for, secretariat):
    kent = CSPFactory(name="Kent Community Safety Partnership")
    client = client_for(secretariat)

    response = client.post(USER_CREATE_URL, new_account(csp=kent.pk))

    user = User.objects.get(email="olive.officer@kent.gov.uk")
    assert (user.full_name, user.role, user.csp, user.has_usable_password()) == (
        "Olive Officer", Role.CSP_OFFICER, kent, False,
    )
    assert (response.status_code, heading(response)) == (200, "Account created")


def test_user_create_writes_audit_event(client_for, secretariat):
    kent = CSPFactory(name="Kent Community Safety Partnership")
    client = client_for(secretariat)

    client.post(USER_CREATE_URL, new_account(csp=kent.pk))

    user = User.objects.get(email="olive.officer@kent.gov.uk")
    assert events(AuditAction.USER_CREATED) == [(
        secretariat.pk, "dhrqa.User", str(user.pk),
        {"role": "csp_officer", "csp": "Kent Community Safety Partnership"},
    )]


@pytest.mark.parametrize("role", [Role.CHAIR, Role.SECRETARIAT])
def test_user_create_signing_or_managing_role_refused(client_for, secretariat, role):
    # Only an admin makes accounts that can sign letters or manage users.
    client = client_for(secretariat)

    response = client.post(USER_CREATE_URL, new_account(
        full_name="Chris Chair", email="chris.chair@homeoffice.gov.uk", role=role,
    ))

    assert error_messages(response) == {
        "id_role_1_error": "Choose CSP officer or panel member. An admin creates secretariat and chair accounts",
    }
    assert User.objects.filter(email="chris.chair@homeoffice.gov.uk").exists() is False


def set_password_link(response):
    return text_of(response, cls="app-secret-link")


def test_user_create_page_shows_working_set_password_link(client_for, secretariat):
    client = client_for(secretariat)

    response = client.post(USER_CREATE_URL, new_account(role=Role.PANEL_MEMBER))

    user = User.objects.get(email="olive.officer@kent.gov.uk")
    link = set_password_link(response)
    prefix = f"http://testserver/set-password/{urlsafe_base64_encode(force_bytes(user.pk))}/"
    assert link.startswith(prefix)
    assert default_token_generator.check_token(user, link.removeprefix(prefix).rstrip("/")) is True


def choose_password(link, password1, password2=None):
    """Follow a set-password link in a fresh browser and submit the form."""
    browser = Client()
    form_page = browser.get(link, follow=True)
    response = browser.post(form_page.redirect_chain[-1][0], {
        "new_password1": password1, "new_password2": password2 or password1,
    })
    return form_page, response


def test_set_password_link_lets_person_choose_password_and_sign_in(client_for, secretariat):
    link = set_password_link(client_for(secretariat).post(USER_CREATE_URL, new_account(role=Role.PANEL_MEMBER)))

    form_page, response = choose_password(link, NEW_PASSWORD)

    assert heading(form_page) == "Choose your password"
    assert (response.status_code, response["Location"]) == (302, "/sign-in/")
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_SET).count() == 1
    person = Client()
    signed_in = person.post(SIGN_IN_URL, {"username": "olive.officer@kent.gov.uk", "password": NEW_PASSWORD})
    assert (signed_in.status_code, signed_in["Location"]) == (302, "/")
    assert signed_in_user_id(person) == str(User.objects.get(email="olive.officer@kent.gov.uk").pk)


def test_set_password_link_works_only_once(client_for, secretariat):
    link = set_password_link(client_for(secretariat).post(USER_CREATE_URL, new_account(role=Role.PANEL_MEMBER)))
    choose_password(link, NEW_PASSWORD)

    response = Client().get(link, follow=True)

    assert heading(response) == "This link has expired"


def test_set_password_short_password_refused(client_for, secretariat):
    link = set_password_link(client_for(secretariat).post(USER_CREATE_URL, new_account(role=Role.PANEL_MEMBER)))

    _, response = choose_password(link, "short-pw1")

    assert error_messages(response) == {
        "id_new_password2-error": "This password is too short. It must contain at least 12 characters.",
    }
    assert User.objects.get(email="olive.officer@kent.gov.uk").has_usable_password() is False


def test_user_create_csp_officer_without_csp_refused(client_for, secretariat):
    client = client_for(secretariat)

    response = client.post(USER_CREATE_URL, new_account(csp=""))

    assert error_messages(response) == {"id_csp_1_error": "Choose the CSP this officer works for"}
    assert error_summary(response) == [("#id_csp", "Choose the CSP this officer works for")]
    assert User.objects.filter(email="olive.officer@kent.gov.uk").count() == 0
    assert events(AuditAction.USER_CREATED) == []


def test_user_create_csp_for_home_office_role_refused(client_for, secretariat):
    client = client_for(secretariat)

    response = client.post(USER_CREATE_URL, new_account(role=Role.PANEL_MEMBER, csp=CSPFactory().pk))

    assert error_messages(response) == {"id_csp_1_error": "Only CSP officers belong to a CSP"}
    assert User.objects.filter(email="olive.officer@kent.gov.uk").count() == 0


def test_user_create_duplicate_email_refused_in_any_case(client_for, secretariat):
    UserFactory(email="olive.officer@kent.gov.uk", role=Role.PANEL_MEMBER)
    client = client_for(secretariat)

    response = client.post(USER_CREATE_URL, new_account(email="OLIVE.Officer@kent.gov.uk", role=Role.PANEL_MEMBER))

    assert error_messages(response) == {"id_email_1_error": "There is already an account with this email address"}
    assert User.objects.filter(email__iexact="olive.officer@kent.gov.uk").count() == 1
    assert events(AuditAction.USER_CREATED) == []


@pytest.mark.parametrize("role", ["csp_officer", "panel_member", "chair"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_user_create_non_secretariat_forbidden(request, client_for, role, method):
    client = client_for(request.getfixturevalue(role))
    data = new_account(role=Role.PANEL_MEMBER) if method == "post" else None

    response = getattr(client, method)(USER_CREATE_URL, data)

    assert (response.status_code, heading(response)) == (403, "You do not have permission to see this page")
    assert User.objects.filter(email="olive.officer@kent.gov.uk").count() == 0
    assert events(AuditAction.USER_CREATED) == []


def test_user_create_blank_form_summary_links_reach_fields(client_for, secretariat):
    client = client_for(secretariat)

    response = client.post(USER_CREATE_URL, {"full_name": "", "email": "", "csp": "", "letter_titles": ""})

    assert summary_links_without_target(response) == []


def test_user_create_blank_form_names_each_field(client_for, secretariat):
    client = client_for(secretariat)

    response = client.post(USER_CREATE_URL, {"full_name": "", "email": "", "csp": "", "letter_titles": ""})

    assert error_messages(response) == {
        "id_full_name_1_error": "Enter the person's full name",
        "id_email_1_error": "Enter an email address",
        "id_role_1_error": "Choose the person's role",
    }
    assert User.objects.count() == 1


@pytest.mark.parametrize(("typed", "message"), [
    ("\u200b\u200b", "Person's full name must not contain invisible characters"),
    ("Ana\u202eLee", "Person's full name must not contain characters that change the direction of text"),
    ("Ana\nLee", "Person's full name must be on one line"),
    ("A" * 201, "Person's full name must be 200 characters or fewer"),
])
def test_user_create_name_refused_with_message(client_for, secretariat, typed, message):
    before = User.objects.count()

    response = client_for(secretariat).post(reverse("user_create"), {
        "full_name": typed, "email": "new.person@example.gov.uk", "role": "panel_member",
    })

    assert response.status_code == 200
    assert error_messages(response) == {"id_full_name_1_error": message}
    assert User.objects.count() == before
