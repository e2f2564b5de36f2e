"""Inviting people (dhrqa/accounts.py, dhrqa/views/users.py). Using the link: test_invitation_links.py."""

import datetime
import json

import pytest
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
    parse,
    summary_links_without_target,
)
from tests.dhrqa.invitations import USER_CREATE_URL, events, new_account
from tests.dhrqa.invitations import invite  # noqa: F401 - a fixture
from tests.factories import CSPFactory, UserFactory

pytestmark = pytest.mark.django_db


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
    # A crafted POST: the form offers only CSP officer, panel member and national body responder.
    response, emails = invite(full_name="Chris Chair", email="chris.chair@homeoffice.gov.uk", role=role)

    assert error_messages(response) == {
        "id_role_1_error": "Choose CSP officer, panel member or national body responder. An admin invites "
                           "secretariat and chair accounts",
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
    assert labels == ["CSP officer", "Panel member", "National body responder"]


def test_invite_responder_with_their_body(invite, secretariat):
    response, [email] = invite(full_name="Hana Office", email="hana@homeoffice.gov.uk", role=Role.RESPONDER,
                               national_body="home_office")

    assert heading(response) == "Invitation sent"
    user = User.objects.get(email="hana@homeoffice.gov.uk")
    assert (user.role, user.national_body, user.csp) == (Role.RESPONDER, "home_office", None)
    assert email.body.splitlines()[4] == "Your role: National body responder, Home Office"
    assert events(AuditAction.USER_CREATED) == [
        (secretariat.pk, str(user.pk), {"role": "responder", "csp": "", "national_body": "home_office"})]


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"role": Role.RESPONDER, "national_body": ""}, "national_body", "Choose the national body this responder works for"),
    ({"role": Role.RESPONDER, "national_body": "other"}, "national_body", "Choose a national body from the list"),
    ({"role": Role.PANEL_MEMBER, "national_body": "moj"}, "national_body",
     "Only national body responders belong to a national body"),
])
def test_invite_responder_body_refused(invite, changes, field, message):
    response, emails = invite(email="hana@homeoffice.gov.uk", **changes)

    assert error_messages(response) == {f"id_{field}_1_error": message}
    assert (User.objects.filter(email="hana@homeoffice.gov.uk").exists(), emails) == (False, [])


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
