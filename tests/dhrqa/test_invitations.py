"""Accounts by invitation (dhrqa/accounts.py, dhrqa/password_links.py, dhrqa/views/users.py and passwords.py)."""

import datetime
import json

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from dhrqa import clock
from dhrqa.enums import AuditAction, Role
from dhrqa.models import AuditEvent, PasswordLink, User
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
from tests.factories import CSPFactory, UserFactory

pytestmark = pytest.mark.django_db

USER_CREATE_URL = reverse("user_create")
SIGN_IN_URL = reverse("login")
NEW_PASSWORD = "a-long-and-new-passphrase-2027"
NOT_WORKING = "This link no longer works"
ASK_FOR_INVITATION = ("Ask the Home Office DHR secretariat to send you a new invitation. "
                      "If you have already chosen a password, sign in.")


def new_account(**changes):
    data = {"full_name": "Olive Officer", "email": "Olive.Officer@Kent.gov.uk", "role": Role.CSP_OFFICER, "csp": ""}
    data.update(changes)
    return data


def events(action):
    return list(AuditEvent.objects.filter(action=action).values_list("actor", "object_id", "detail"))


@pytest.fixture
def invite(client_for, secretariat, django_capture_on_commit_callbacks):
    """Invite someone as the secretariat; return (page, e-mails queued)."""

    def send(**changes):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = client_for(secretariat).post(USER_CREATE_URL, new_account(**changes))
        return response, queued_emails(callbacks)

    return send


def choose_password(path, password1, password2=None, browser=None):
    """Follow an e-mail's link in a fresh browser and submit the form: (form page, answer)."""
    browser = browser or Client()
    form_page = browser.get(path, follow=True)
    response = browser.post(form_page.redirect_chain[-1][0], {
        "new_password1": password1, "new_password2": password1 if password2 is None else password2,
    })
    return form_page, response


def test_invite_creates_account_without_password_and_says_invitation_sent(invite):
    kent = CSPFactory(name="Kent Community Safety Partnership")

    response, _ = invite(csp=kent.pk)

    user = User.objects.get(email="olive.officer@kent.gov.uk")
    assert (user.full_name, user.role, user.csp, user.has_usable_password()) == (
        "Olive Officer", Role.CSP_OFFICER, kent, False)
    assert (response.status_code, heading(response)) == (200, "Invitation sent")
    assert body_paragraphs(response)[0] == (
        "We have emailed an invitation to olive.officer@kent.gov.uk. It has a link for Olive Officer to choose "
        "their password, which only they can see.")


def test_invite_emails_the_link_and_never_shows_it(invite, settings):
    settings.DHRQA_SITE_URL = "https://dhrqa.example.gov.uk"
    kent = CSPFactory(name="Kent Community Safety Partnership")
    with clock.at(datetime.datetime(2026, 12, 2, 9, 30, tzinfo=datetime.UTC)):
        response, [email] = invite(csp=kent.pk)

    path = link_in(email.body)
    token = path.removeprefix("/invitation/?token=")
    assert (email.to, email.subject) == (["olive.officer@kent.gov.uk"], "You have been invited to use DHR QA")
    assert email.body.splitlines()[:13] == [
        "Dear Olive Officer,",
        "",
        "The Home Office has set up an account for you on DHR QA, the service for the Domestic Homicide Review "
        "Quality Assurance Panel.",
        "",
        "Your role: CSP officer, Kent Community Safety Partnership",
        "",
        "To start, choose your password:",
        f"https://dhrqa.example.gov.uk{path}",
        "",
        "The link works once, until 9 December 2026 at 9:30am. If it has expired, ask the secretariat to send "
        "you a new invitation.",
        "",
        "Your email address is how you sign in. Do not forward this email: anyone with the link could choose "
        "your password.",
        "",
    ]
    assert len(token) == 43
    assert token not in response.content.decode()
    assert "/invitation/" not in response.content.decode()
    recorded = [json.dumps(event.detail) + event.object_repr for event in AuditEvent.objects.all()]
    assert [text for text in recorded if token in text] == []
    assert PasswordLink.objects.filter(token_hash__contains=token).count() == 0


def test_invite_writes_audit_events(invite, secretariat):
    kent = CSPFactory(name="Kent Community Safety Partnership")
    with clock.at(datetime.datetime(2026, 12, 2, 9, 30, tzinfo=datetime.UTC)):
        invite(csp=kent.pk)

    user = User.objects.get(email="olive.officer@kent.gov.uk")
    assert events(AuditAction.USER_CREATED) == [
        (secretariat.pk, str(user.pk), {"role": "csp_officer", "csp": "Kent Community Safety Partnership"})]
    assert events(AuditAction.INVITATION_SENT) == [
        (secretariat.pk, str(user.pk), {"expires": "2026-12-09T09:30:00+00:00"})]


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


def test_user_list_offers_to_send_again_until_accepted(invite, client_for, secretariat):
    invite(role=Role.PANEL_MEMBER)
    user = User.objects.get(email="olive.officer@kent.gov.uk")

    response = client_for(secretariat).get(reverse("user_list"))

    rows = {row.find_all(tag="td")[0].text(): row.find_all(tag="td")[4]
            for row in parse(response).find(tag="tbody").find_all(tag="tr")}
    assert rows[secretariat.full_name].text() == "Accepted"
    assert rows["Olive Officer"].text() == "Send again to Olive Officer"
    assert rows["Olive Officer"].find(tag="a").attrs["href"] == f"/users/{user.pk}/invitation/"


@pytest.mark.parametrize("role", [Role.CHAIR, Role.SECRETARIAT])
def test_invite_role_above_secretariat_refused(invite, role):
    # A crafted POST: the form offers only CSP officer and panel member.
    response, emails = invite(full_name="Chris Chair", email="chris.chair@homeoffice.gov.uk", role=role)

    assert error_messages(response) == {
        "id_role_1_error": "Choose CSP officer or panel member. An admin invites secretariat and chair accounts",
    }
    assert (User.objects.filter(email="chris.chair@homeoffice.gov.uk").exists(), emails) == (False, [])
    assert PasswordLink.objects.count() == 0


def test_invite_admin_may_invite_a_chair(client_for, django_capture_on_commit_callbacks):
    admin = UserFactory(secretariat=True, is_superuser=True, is_staff=True)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(admin).post(USER_CREATE_URL, new_account(
            full_name="Chris Chair", email="chris.chair@homeoffice.gov.uk", role=Role.CHAIR))

    [email] = queued_emails(callbacks)
    assert heading(response) == "Invitation sent"
    assert User.objects.get(email="chris.chair@homeoffice.gov.uk").role == Role.CHAIR
    assert email.body.splitlines()[4] == "Your role: Panel chair"


def test_invite_form_offers_the_secretariat_only_roles_it_may_give(client_for, secretariat):
    response = client_for(secretariat).get(USER_CREATE_URL)

    labels = [label.text() for label in parse(response).find_all(cls="govuk-radios__label")]
    assert labels == ["CSP officer", "Panel member"]


def test_invite_csp_officer_without_csp_refused(invite):
    response, emails = invite(csp="")

    assert error_messages(response) == {"id_csp_1_error": "Choose the CSP this officer works for"}
    assert error_summary(response) == [("#id_csp", "Choose the CSP this officer works for")]
    assert (User.objects.filter(email="olive.officer@kent.gov.uk").count(), emails) == (0, [])
    assert events(AuditAction.USER_CREATED) == events(AuditAction.INVITATION_SENT) == []


def test_invite_csp_for_home_office_role_refused(invite):
    response, _ = invite(role=Role.PANEL_MEMBER, csp=CSPFactory().pk)

    assert error_messages(response) == {"id_csp_1_error": "Only CSP officers belong to a CSP"}
    assert User.objects.filter(email="olive.officer@kent.gov.uk").count() == 0


def test_invite_duplicate_email_refused_in_any_case(invite):
    UserFactory(email="olive.officer@kent.gov.uk", role=Role.PANEL_MEMBER)

    response, emails = invite(email="OLIVE.Officer@kent.gov.uk", role=Role.PANEL_MEMBER)

    assert error_messages(response) == {"id_email_1_error": "There is already an account with this email address"}
    assert (User.objects.filter(email__iexact="olive.officer@kent.gov.uk").count(), emails) == (1, [])


@pytest.mark.parametrize("role", ["csp_officer", "panel_member", "chair"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_invite_non_secretariat_forbidden(request, client_for, role, method):
    client = client_for(request.getfixturevalue(role))
    data = new_account(role=Role.PANEL_MEMBER) if method == "post" else None

    response = getattr(client, method)(USER_CREATE_URL, data)

    assert (response.status_code, heading(response)) == (403, "You do not have permission to see this page")
    assert User.objects.filter(email="olive.officer@kent.gov.uk").count() == 0


def test_invite_blank_form_names_each_field(client_for, secretariat):
    response = client_for(secretariat).post(USER_CREATE_URL, {"full_name": "", "email": "", "csp": ""})

    assert error_messages(response) == {
        "id_full_name_1_error": "Enter the person's full name",
        "id_email_1_error": "Enter an email address",
        "id_role_1_error": "Choose the person's role",
    }
    assert summary_links_without_target(response) == []
    assert User.objects.count() == 1


@pytest.mark.parametrize(("typed", "message"), [
    ("\u200b\u200b", "Person's full name must not contain invisible characters"),
    ("Ana\u202eLee", "Person's full name must not contain characters that change the direction of text"),
    ("Ana\nLee", "Person's full name must be on one line"),
    ("A" * 201, "Person's full name must be 200 characters or fewer"),
])
def test_invite_name_refused_with_message(client_for, secretariat, typed, message):
    before = User.objects.count()

    response = client_for(secretariat).post(USER_CREATE_URL, {
        "full_name": typed, "email": "new.person@example.gov.uk", "role": "panel_member",
    })

    assert (response.status_code, error_messages(response)) == (200, {"id_full_name_1_error": message})
    assert User.objects.count() == before
