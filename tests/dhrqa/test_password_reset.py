"""Password reset by e-mail (dhrqa/password_links.py, dhrqa/views/passwords.py)."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from dhrqa import clock
from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent, User
from tests.dhrqa.emails import link_in, queued_emails
from tests.dhrqa.govuk_page import body_paragraphs, error_messages, error_summary, heading, notification_banners, parse
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FORGOTTEN_URL = reverse("forgotten_password")
NEW_PASSWORD = "four random words together"
NOT_WORKING = "This link no longer works"
TOO_MANY = "You have asked for a lot of password reset links. Wait 60 minutes, then try again"


@pytest.fixture(autouse=True)
def fresh_counts():
    # The request counts live in the cache (dhrqa/throttle.py), which outlives a test's transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dana(db):
    return UserFactory(panel_member=True, email="dana.hill@example.gov.uk", full_name="Dana Hill")


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """Ask for a reset link for `email` from a fresh browser: (page, e-mails queued)."""

    def ask_for(email, client=None):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = (client or Client()).post(FORGOTTEN_URL, {"email": email})
        return response, queued_emails(callbacks)

    return ask_for


def reset(path, password=NEW_PASSWORD):
    browser = Client()
    form_page = browser.get(path, follow=True)
    response = browser.post(form_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})
    return form_page, response


def events(action):
    return list(AuditEvent.objects.filter(action=action).values_list("actor", "object_id"))


def test_sign_in_page_links_to_forgotten_password(client):
    links = {link.text(): link.attrs["href"] for link in parse(client.get(reverse("login"))).find_all(tag="a")}

    assert links["Forgotten your password?"] == "/forgotten-password/"


def test_forgotten_password_emails_a_reset_link(ask, dana, settings):
    settings.DHRQA_SITE_URL = "https://dhrqa.example.gov.uk"
    with clock.at(datetime.datetime(2026, 12, 2, 9, 30, tzinfo=datetime.UTC)):
        response, [email] = ask("Dana.Hill@example.gov.uk")

    path = link_in(email.body)
    assert heading(response) == "Check your email"
    assert (email.to, email.subject) == (["dana.hill@example.gov.uk"], "Reset your DHR QA password")
    assert email.body.splitlines()[:8] == [
        "Dear Dana Hill,",
        "",
        "Someone asked to reset the password of your DHR QA account. To choose a new password, use this link:",
        f"https://dhrqa.example.gov.uk{path}",
        "",
        "The link works once, for 60 minutes (until 2 December 2026 at 10:30am). Choosing a new password signs "
        "you out everywhere you were signed in.",
        "",
        "If you did not ask for this, you can ignore this email: your password has not changed.",
    ]
    assert path.startswith("/reset-password/?token=")
    assert path.removeprefix("/reset-password/?token=") not in response.content.decode()
    assert events(AuditAction.PASSWORD_RESET_REQUESTED) == [(None, str(dana.pk))]


def test_forgotten_password_same_answer_whether_or_not_there_is_an_account(ask, dana):
    known, known_emails = ask("dana.hill@example.gov.uk")
    unknown, unknown_emails = ask("nobody@example.gov.uk")

    assert (known.status_code, unknown.status_code) == (200, 200)
    assert body_paragraphs(unknown) == [
        paragraph.replace("dana.hill@example.gov.uk", "nobody@example.gov.uk") for paragraph in body_paragraphs(known)]
    assert body_paragraphs(unknown)[0] == (
        "If nobody@example.gov.uk is the address of an account, we have sent it a link to reset the password. "
        "The link works once, for 60 minutes.")
    assert (len(known_emails), unknown_emails) == (1, [])
    assert events(AuditAction.PASSWORD_RESET_REQUESTED) == [(None, str(dana.pk))]


def test_forgotten_password_closed_account_gets_no_email(ask, dana):
    User.objects.filter(pk=dana.pk).update(is_active=False)

    response, emails = ask("dana.hill@example.gov.uk")

    assert (heading(response), emails) == ("Check your email", [])
    assert events(AuditAction.PASSWORD_RESET_REQUESTED) == []


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Enter your email address"),
    ("dana.hill", "Enter an email address in the correct format, like name@example.com"),
])
def test_forgotten_password_bad_address_refused_with_message(ask, typed, message):
    response, emails = ask(typed)

    assert error_messages(response) == {"id_email_1_error": message}
    assert error_summary(response) == [("#id_email", message)]
    assert emails == []


def test_reset_link_sets_the_new_password_and_ends_other_sessions(ask, dana, client_for, password):
    elsewhere = client_for(dana)
    assert elsewhere.get("/my-reviews/").status_code == 200
    _, [email] = ask("dana.hill@example.gov.uk")

    form_page, response = reset(link_in(email.body))

    dana.refresh_from_db()
    assert heading(form_page) == "Reset your password"
    assert (response.status_code, response["Location"]) == (302, "/sign-in/")
    assert (dana.check_password(NEW_PASSWORD), dana.check_password(password)) == (True, False)
    assert elsewhere.get("/my-reviews/")["Location"] == "/sign-in/?next=/my-reviews/"
    assert events(AuditAction.PASSWORD_RESET_COMPLETED) == [(dana.pk, str(dana.pk))]


def test_reset_says_so_on_the_sign_in_page(ask, dana):
    _, [email] = ask("dana.hill@example.gov.uk")
    browser = Client()
    browser.get(link_in(email.body), follow=True)

    response = browser.post("/reset-password/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
                            follow=True)

    assert (heading(response), notification_banners(response)) == (
        "Sign in", ["Your password has been reset. You can now sign in with your new password."])


def test_reset_link_works_only_once(ask, dana):
    _, [email] = ask("dana.hill@example.gov.uk")
    reset(link_in(email.body))

    form_page, _ = reset(link_in(email.body), "a-second-new-passphrase")

    assert heading(form_page) == NOT_WORKING
    assert body_paragraphs(form_page)[1] == (
        "Ask for a new link to reset your password. If you have just reset it, sign in.")
    dana.refresh_from_db()
    assert dana.check_password(NEW_PASSWORD) is True


@pytest.mark.parametrize(("minutes_later", "works"), [(59, True), (60, False)])
def test_reset_link_expires_after_an_hour(ask, dana, minutes_later, works):
    start = datetime.datetime(2026, 12, 2, 9, 30, tzinfo=datetime.UTC)
    with clock.at(start):
        _, [email] = ask("dana.hill@example.gov.uk")

    with clock.at(start + datetime.timedelta(minutes=minutes_later)):
        form_page, _ = reset(link_in(email.body))

    assert heading(form_page) == ("Reset your password" if works else NOT_WORKING)
    dana.refresh_from_db()
    assert dana.check_password(NEW_PASSWORD) is works


def test_newer_reset_link_ends_the_older(ask, dana):
    _, [first] = ask("dana.hill@example.gov.uk")
    _, [second] = ask("dana.hill@example.gov.uk")

    assert heading(reset(link_in(first.body))[0]) == NOT_WORKING
    assert heading(reset(link_in(second.body))[0]) == "Reset your password"


def test_invitation_link_does_not_open_the_reset_page(ask, dana):
    _, [email] = ask("dana.hill@example.gov.uk")

    form_page, _ = reset(link_in(email.body).replace("/reset-password/", "/invitation/"))

    assert heading(form_page) == NOT_WORKING


def test_reset_common_password_refused(ask, dana):
    _, [email] = ask("dana.hill@example.gov.uk")

    _, response = reset(link_in(email.body), "password1234")

    assert error_messages(response) == {"id_new_password1-error": (
        "Password is too easy to guess because many people use it. Choose a different password")}
    dana.refresh_from_db()
    assert dana.check_password("password1234") is False


def test_forgotten_password_limit_per_email_address(ask, dana, settings):
    settings.DHRQA_PASSWORD_RESET_LIMIT_PER_EMAIL = 2
    ask("dana.hill@example.gov.uk")
    ask("DANA.HILL@example.gov.uk", client=Client(REMOTE_ADDR="192.0.2.9"))

    response, emails = ask("dana.hill@example.gov.uk", client=Client(REMOTE_ADDR="192.0.2.10"))

    assert (response.status_code, response["Retry-After"], emails) == (429, "3600", [])
    assert error_messages(response) == {"id_email_1_error": TOO_MANY}
    assert error_summary(response) == [("#id_email", TOO_MANY)]
    assert len(events(AuditAction.PASSWORD_RESET_REQUESTED)) == 2


def test_forgotten_password_limit_counts_unknown_addresses_too(ask, settings):
    settings.DHRQA_PASSWORD_RESET_LIMIT_PER_EMAIL = 1
    ask("nobody@example.gov.uk")

    response, _ = ask("nobody@example.gov.uk", client=Client(REMOTE_ADDR="192.0.2.10"))

    assert response.status_code == 429


def test_forgotten_password_limit_per_client_address(ask, dana, settings):
    settings.DHRQA_PASSWORD_RESET_LIMIT_PER_CLIENT = 2
    ask("first@example.gov.uk")
    ask("second@example.gov.uk")

    response, emails = ask("dana.hill@example.gov.uk")
    elsewhere, elsewhere_emails = ask("dana.hill@example.gov.uk", client=Client(REMOTE_ADDR="192.0.2.10"))

    assert (response.status_code, emails) == (429, [])
    assert error_messages(response) == {"id_email_1_error": TOO_MANY}
    assert (elsewhere.status_code, len(elsewhere_emails)) == (200, 1)


def test_forgotten_password_limit_ends_with_its_window(ask, dana, settings):
    settings.DHRQA_PASSWORD_RESET_LIMIT_PER_EMAIL = 1
    start = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC)
    with clock.at(start):
        ask("dana.hill@example.gov.uk")
        refused, _ = ask("dana.hill@example.gov.uk")
    with clock.at(start + datetime.timedelta(hours=1)):
        later, emails = ask("dana.hill@example.gov.uk")

    assert (refused.status_code, later.status_code, len(emails)) == (429, 200, 1)


def test_reset_lifts_the_lock_on_a_locked_out_account(ask, dana, password):
    for _ in range(5):
        Client().post("/sign-in/", {"username": "dana.hill@example.gov.uk", "password": "a wrong guess"})
    refused = Client().post("/sign-in/", {"username": "dana.hill@example.gov.uk", "password": password})
    assert refused.status_code == 429
    _, [email] = ask("dana.hill@example.gov.uk")

    reset(link_in(email.body))
    signed_in = Client().post("/sign-in/", {"username": "dana.hill@example.gov.uk", "password": NEW_PASSWORD})

    assert (signed_in.status_code, signed_in["Location"]) == (302, "/")
    assert events(AuditAction.SIGN_IN_UNLOCKED) == [(dana.pk, str(dana.pk))]
