"""Choosing a password through an invitation's link, and sending the invitation again (dhrqa/password_links.py)."""

import datetime
import json

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from dhrqa import clock
from dhrqa.enums import AuditAction, Role
from dhrqa.models import User
from tests.dhrqa.emails import link_in, queued_emails
from tests.dhrqa.govuk_page import (
    body_paragraphs,
    error_messages,
    error_summary,
    heading,
    notification_banners,
    parse,
    summary_links_without_target,
)
from tests.dhrqa.invitations import NEW_PASSWORD, NOT_WORKING, choose_password, events
from tests.dhrqa.invitations import invite  # noqa: F401 - a fixture
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGN_IN_URL = reverse("login")
ASK_FOR_INVITATION = ("Ask the Home Office DHR secretariat to send you a new invitation. "
                      "If you have already chosen a password, sign in.")


def test_invitation_link_moves_token_out_of_the_address(invite):
    _, [email] = invite(role=Role.PANEL_MEMBER)
    browser = Client()

    response = browser.get(link_in(email.body))

    token = link_in(email.body).removeprefix("/invitation/?token=")
    stored = [session.session_data + json.dumps(session.get_decoded()) for session in Session.objects.all()]
    assert (response.status_code, response["Location"]) == (302, "/invitation/")
    # The secretariat's session and the invitee's.
    assert (len(stored), [text for text in stored if token in text]) == (2, [])


def test_invitation_link_lets_person_choose_password_and_sign_in(invite):
    _, [email] = invite(role=Role.PANEL_MEMBER)

    form_page, response = choose_password(link_in(email.body), NEW_PASSWORD)

    user = User.objects.get(email="olive.officer@kent.gov.uk")
    assert heading(form_page) == "Choose your password"
    assert parse(form_page).find(id="id_new_password1-hint").text() == (
        "Use at least 12 characters (up to 256). A passphrase of three or more random words is easy to remember "
        "and hard to guess. You do not need capital letters, numbers or symbols. Do not use a common password, "
        "or your name or email address.")
    assert (response.status_code, response["Location"]) == (302, "/sign-in/")
    assert events(AuditAction.INVITATION_ACCEPTED) == [(user.pk, str(user.pk), {})]
    person = Client()
    answer = person.post(SIGN_IN_URL, {"username": "olive.officer@kent.gov.uk", "password": NEW_PASSWORD})
    assert (answer.status_code, answer["Location"]) == (302, "/")
    assert person.session["_auth_user_id"] == str(user.pk)


def test_invitation_link_works_only_once(invite):
    _, [email] = invite(role=Role.PANEL_MEMBER)
    choose_password(link_in(email.body), NEW_PASSWORD)

    form_page, response = choose_password(link_in(email.body), "another-long-passphrase-here")

    assert (heading(form_page), heading(response)) == (NOT_WORKING, NOT_WORKING)
    assert body_paragraphs(form_page)[1] == ASK_FOR_INVITATION
    assert User.objects.get(email="olive.officer@kent.gov.uk").check_password(NEW_PASSWORD) is True


def test_invitation_link_in_two_tabs_sets_the_password_once(invite):
    _, [email] = invite(role=Role.PANEL_MEMBER)
    first, second = Client(), Client()
    first.get(link_in(email.body), follow=True)
    second.get(link_in(email.body), follow=True)

    first.post("/invitation/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = second.post("/invitation/", {
        "new_password1": "second-tab-passphrase", "new_password2": "second-tab-passphrase"})

    assert heading(response) == NOT_WORKING
    assert User.objects.get(email="olive.officer@kent.gov.uk").check_password(NEW_PASSWORD) is True
    assert len(events(AuditAction.INVITATION_ACCEPTED)) == 1


@pytest.mark.parametrize(("days_later", "works"), [(6.99, True), (7, False), (30, False)])
def test_invitation_link_expires_after_invitation_days(invite, days_later, works):
    start = datetime.datetime(2026, 12, 2, 9, 30, tzinfo=datetime.UTC)
    with clock.at(start):
        _, [email] = invite(role=Role.PANEL_MEMBER)

    with clock.at(start + datetime.timedelta(days=days_later)):
        form_page, _ = choose_password(link_in(email.body), NEW_PASSWORD)

    assert heading(form_page) == ("Choose your password" if works else NOT_WORKING)
    assert User.objects.get(email="olive.officer@kent.gov.uk").has_usable_password() is works


def test_invitation_days_setting_changes_the_expiry(invite, settings):
    settings.DHRQA_INVITATION_DAYS = 2
    start = datetime.datetime(2026, 12, 2, 9, 30, tzinfo=datetime.UTC)
    with clock.at(start):
        _, [email] = invite(role=Role.PANEL_MEMBER)

    with clock.at(start + datetime.timedelta(days=2, seconds=1)):
        form_page, _ = choose_password(link_in(email.body), NEW_PASSWORD)

    assert heading(form_page) == NOT_WORKING


def test_invitation_link_of_closed_account_does_not_work(invite):
    _, [email] = invite(role=Role.PANEL_MEMBER)
    User.objects.filter(email="olive.officer@kent.gov.uk").update(is_active=False)

    form_page, _ = choose_password(link_in(email.body), NEW_PASSWORD)

    assert heading(form_page) == NOT_WORKING


@pytest.mark.parametrize("token", ["", "x" * 43, "x" * 5000, "%00"])
def test_invitation_made_up_token_does_not_work(client, token):
    response = client.get(f"/invitation/?token={token}", follow=True)

    assert (response.status_code, heading(response)) == (200, NOT_WORKING)


def test_invitation_page_without_a_link_says_it_does_not_work(client):
    response = client.post("/invitation/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert (response.status_code, heading(response)) == (200, NOT_WORKING)


def test_invitation_weak_password_refused_with_message(invite):
    _, [email] = invite(role=Role.PANEL_MEMBER)

    _, response = choose_password(link_in(email.body), "short-pw1")

    assert error_messages(response) == {"id_new_password1-error": "Password must be 12 characters or more"}
    assert error_summary(response) == [("#id_new_password1", "Password must be 12 characters or more")]
    assert User.objects.get(email="olive.officer@kent.gov.uk").has_usable_password() is False


def test_invitation_password_like_name_refused(invite):
    _, [email] = invite(role=Role.PANEL_MEMBER)

    _, response = choose_password(link_in(email.body), "my name is Olive Officer")

    assert error_messages(response) == {
        "id_new_password1-error": "Password must not be like your name or email address"}


def test_invitation_passwords_that_differ_refused(invite):
    _, [email] = invite(role=Role.PANEL_MEMBER)

    _, response = choose_password(link_in(email.body), NEW_PASSWORD, "a-long-and-new-passphrase-2028")

    assert error_messages(response) == {
        "id_new_password2-error": "The passwords do not match. Type the same password in both boxes"}


def test_invitation_blank_form_names_both_fields(invite):
    _, [email] = invite(role=Role.PANEL_MEMBER)

    _, response = choose_password(link_in(email.body), "", "")

    assert error_messages(response) == {
        "id_new_password1-error": "Enter a password", "id_new_password2-error": "Enter the password again"}
    assert summary_links_without_target(response) == []


def test_invitation_resend_ends_the_old_link_and_sends_a_working_one(
        invite, client_for, secretariat, django_capture_on_commit_callbacks):
    _, [first] = invite(role=Role.PANEL_MEMBER)
    user = User.objects.get(email="olive.officer@kent.gov.uk")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(secretariat).post(reverse("invitation_resend", args=[user.pk]), follow=True)

    [second] = queued_emails(callbacks)
    assert notification_banners(response) == [
        "A new invitation has been sent to olive.officer@kent.gov.uk. The link in the earlier one no longer works."]
    assert link_in(second.body) != link_in(first.body)
    assert heading(choose_password(link_in(first.body), NEW_PASSWORD)[0]) == NOT_WORKING
    assert choose_password(link_in(second.body), NEW_PASSWORD)[1]["Location"] == "/sign-in/"
    assert [(actor, list(detail)) for actor, _, detail in events(AuditAction.INVITATION_RESENT)] == [
        (secretariat.pk, ["expires"])]


def test_invitation_resend_after_acceptance_refused(invite, client_for, secretariat,
                                                    django_capture_on_commit_callbacks):
    _, [email] = invite(role=Role.PANEL_MEMBER)
    choose_password(link_in(email.body), NEW_PASSWORD)
    user = User.objects.get(email="olive.officer@kent.gov.uk")
    client = client_for(secretariat)

    form_page = client.get(reverse("invitation_resend", args=[user.pk]))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("invitation_resend", args=[user.pk]), follow=True)

    assert heading(form_page) == "Olive Officer has already accepted their invitation"
    assert notification_banners(response) == ["Olive Officer has already accepted their invitation"]
    assert (queued_emails(callbacks), events(AuditAction.INVITATION_RESENT)) == ([], [])


@pytest.mark.parametrize("role", ["csp_officer", "panel_member", "chair"])
def test_invitation_resend_non_secretariat_forbidden(request, client_for, role, django_capture_on_commit_callbacks):
    person = UserFactory(panel_member=True, password=None)  # invited, not yet accepted
    client = client_for(request.getfixturevalue(role))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("invitation_resend", args=[person.pk]))

    assert (response.status_code, heading(response)) == (403, "You do not have permission to see this page")
    assert (queued_emails(callbacks), events(AuditAction.INVITATION_RESENT)) == ([], [])
