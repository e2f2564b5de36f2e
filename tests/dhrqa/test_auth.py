"""Signing in and out (dhrqa/views/users.py). Invitations: test_invitations.py; resets: test_password_reset.py."""

import json

import pytest
from django.urls import reverse

from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from tests.dhrqa.govuk_page import error_messages, error_summary
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGN_IN_URL = reverse("login")
BAD_SIGN_IN = "Enter a correct email address and password"


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
    user = UserFactory(email="dana.hill@example.gov.uk", csp_officer=True)

    client.post(SIGN_IN_URL, {"username": "dana.hill@example.gov.uk", "password": password})

    assert events(AuditAction.SIGNED_IN) == [(user.pk, "dhrqa.User", str(user.pk), {})]


def test_sign_in_password_of_someone_who_gives_a_code_too_is_not_yet_signed_in(client, password):
    user = UserFactory(email="dana.hill@example.gov.uk")  # the secretariat: a code follows (tests/dhrqa/mfa/)

    client.post(SIGN_IN_URL, {"username": "dana.hill@example.gov.uk", "password": password})

    assert (events(AuditAction.PASSWORD_ACCEPTED), events(AuditAction.SIGNED_IN)) == (
        [(user.pk, "dhrqa.User", str(user.pk), {})], [])


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


def test_sign_in_page_told_to_return_to_itself_goes_home_for_the_signed_in(client_for, csp_officer):
    response = client_for(csp_officer).get("/sign-in/?next=/sign-in/")

    assert (response.status_code, response["Location"]) == (302, "/")
