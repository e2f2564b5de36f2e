"""How long a session lasts (dhrqa/sessions.py): idle and absolute limits, background polling, staying signed in."""

import datetime
import json

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dhrqa import clock
from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from tests.dhrqa.govuk_page import heading, notification_banners, parse
from tests.factories import MeetingFactory
from tests.mfa import app_code, authenticator_for

pytestmark = pytest.mark.django_db

SIGN_IN_URL = reverse("login")
USERS_URL = reverse("user_list")
IDLE_MESSAGE = "You have been signed out after 30 minutes of inactivity."


@pytest.fixture
def later():
    """Run a block as if that long had passed since the test began."""
    start = timezone.now()
    return lambda **delta: clock.at(start + datetime.timedelta(**delta))


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_idle_session_ends_after_30_minutes_and_sign_in_says_why(later, client_for, secretariat):
    client = client_for(secretariat)

    with later(minutes=31):
        response = client.get(USERS_URL)
        sign_in_page = client.get(response["Location"])

    assert (response.status_code, response["Location"]) == (302, "/sign-in/?next=/users/")
    assert signed_in_user_id(client) is None
    assert (heading(sign_in_page), notification_banners(sign_in_page)) == ("Sign in", [IDLE_MESSAGE])


def test_idle_session_expiry_is_audited_with_its_reason(later, client_for, secretariat):
    client = client_for(secretariat)

    with later(minutes=31):
        client.get(USERS_URL)

    assert list(AuditEvent.objects.filter(action=AuditAction.SIGNED_OUT).values_list("actor", "detail")) == [
        (secretariat.pk, {"reason": "idle"})]


def test_session_used_within_the_limit_stays_open(later, client_for, secretariat):
    client = client_for(secretariat)

    with later(minutes=20):
        first = client.get(USERS_URL)
    with later(minutes=45):
        second = client.get(USERS_URL)

    assert (first.status_code, second.status_code) == (200, 200)
    assert signed_in_user_id(client) == str(secretariat.pk)


def test_idle_limit_comes_from_the_setting(later, client_for, secretariat, settings):
    settings.DHRQA_SESSION_IDLE_MINUTES = 5
    client = client_for(secretariat)

    with later(minutes=4):
        kept = client.get(USERS_URL)
    with later(minutes=9, seconds=30):
        ended = client.get(USERS_URL)
        sign_in_page = client.get(SIGN_IN_URL)

    assert (kept.status_code, ended.status_code) == (200, 302)
    assert notification_banners(sign_in_page) == ["You have been signed out after 5 minutes of inactivity."]


def test_background_status_poll_does_not_keep_the_session_open(later, client_for, secretariat):
    meeting = MeetingFactory()
    client = client_for(secretariat)
    poll_url = reverse("panel:meeting_letters_progress", kwargs={"pk": meeting.pk})

    with later(minutes=20):
        poll = client.get(poll_url)
    with later(minutes=31):
        page = client.get(USERS_URL)

    assert (poll.status_code, poll["Content-Type"]) == (200, "application/json")
    assert (page.status_code, page["Location"]) == (302, "/sign-in/?next=/users/")


def test_session_ends_after_the_absolute_limit_however_active(later, client_for, secretariat, settings):
    settings.DHRQA_SESSION_IDLE_MINUTES = 24 * 60
    client = client_for(secretariat)

    with later(hours=11, minutes=50):
        kept = client.get(USERS_URL)
    with later(hours=12, minutes=1):
        ended = client.get(USERS_URL)
        sign_in_page = client.get(SIGN_IN_URL)

    assert (kept.status_code, ended.status_code) == (200, 302)
    assert notification_banners(sign_in_page) == [
        "You have been signed out because you had been signed in for 12 hours."]


def test_sign_in_after_expiry_returns_to_the_page_with_a_new_session_id(later, client_for, secretariat, password):
    client = client_for(secretariat)
    with later(minutes=31):
        location = client.get(USERS_URL)["Location"]
        expired_session_key = client.session.session_key

        response = client.post(location, {"username": secretariat.email, "password": password})
        code_step = client.post(reverse("mfa_verify") + "?next=/users/",
                                {"code": app_code(authenticator_for(secretariat))})
        users_page = client.get(code_step["Location"])

    assert (response.status_code, response["Location"]) == (302, "/users/")
    assert client.session.session_key != expired_session_key
    # The message was for the sign-in page: signed in again, it is gone.
    assert (heading(users_page), notification_banners(users_page)) == ("Users", [])


def test_sign_out_deletes_the_session_so_its_cookie_opens_nothing(client_for, secretariat):
    client = client_for(secretariat)
    session_key = client.session.session_key

    client.post(reverse("logout"))
    stolen = Client()
    stolen.cookies["sessionid"] = session_key
    response = stolen.get(USERS_URL)

    assert Session.objects.filter(session_key=session_key).exists() is False
    assert (response.status_code, response["Location"]) == (302, "/sign-in/?next=/users/")


def test_stay_signed_in_extends_the_session_and_says_for_how_long(later, client_for, secretariat):
    client = client_for(secretariat)

    with later(minutes=29):
        extended = client.post(reverse("session_extend"), HTTP_ACCEPT="application/json")
    with later(minutes=58):
        page = client.get(USERS_URL)

    assert (extended.status_code, json.loads(extended.content)) == (200, {"expires_in": 1800})
    assert page.status_code == 200


def test_stay_signed_in_without_javascript_returns_to_the_page(client_for, secretariat):
    client = client_for(secretariat)

    response = client.post(reverse("session_extend"), {"next": "/users/?page=1"})
    offsite = client.post(reverse("session_extend"), {"next": "https://evil.example/"})

    assert (response.status_code, response["Location"]) == (302, "/users/?page=1")
    assert offsite["Location"] == "/"


def test_session_status_says_what_is_left_without_extending_it(later, client_for, secretariat):
    client = client_for(secretariat)

    with later(minutes=20):
        status = client.get(reverse("session_status"))
    with later(minutes=31):
        page = client.get(USERS_URL)

    assert (status.status_code, json.loads(status.content)) == (200, {"expires_in": 600})
    assert (page.status_code, page["Location"]) == (302, "/sign-in/?next=/users/")


def test_page_carries_the_timeout_warning_timings(later, client_for, secretariat):
    client = client_for(secretariat)

    with later(minutes=10):
        response = client.get(USERS_URL)

    dialog = parse(response).find(tag="dialog")
    assert (dialog.attrs["data-module"], dialog.attrs["data-expires-in"], dialog.attrs["data-warning"]) == (
        "app-timeout-warning", "1800", "120")
    assert dialog.find(tag="h2").text() == "You’re about to be signed out"
    assert [button.text() for button in dialog.find_all(tag="button")] == ["Stay signed in", "Sign out"]


def test_timeout_warning_counts_from_the_last_recorded_activity(later, client_for, secretariat):
    client = client_for(secretariat)
    with later(minutes=10):
        client.get(USERS_URL)

    # Ten seconds later is within a minute of the activity just recorded: the page counts from that.
    with later(minutes=10, seconds=10):
        response = client.get(USERS_URL)

    assert parse(response).find(tag="dialog").attrs["data-expires-in"] == "1790"


def test_signed_out_pages_carry_no_timeout_warning(client):
    response = client.get(SIGN_IN_URL)

    assert parse(response).find(tag="dialog") is None
