"""Sign-in locked after repeated failures, unlocked by the secretariat, and limited per address.

dhrqa/lockout.py (django-axes with our handler), dhrqa/views/lockout.py and
the throttle on dhrqa/views/users.py's SignInView, through the real sign-in
form on Postgres.
"""

import math
import time
from datetime import datetime, timedelta

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dhrqa.dates import govuk_datetime
from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from tests.dhrqa.govuk_page import (
    body_paragraphs,
    error_messages,
    error_summary,
    heading,
    notification_banners,
    parse,
    summary_links_without_target,
    table_column,
    text_of,
)
from tests.dhrqa.test_navigation import current_items
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGN_IN_URL = reverse("login")
LOCKS_URL = reverse("user_locks")
BAD_SIGN_IN = "Enter a correct email address and password"
LOCKED = "Too many attempts to sign in"
THROTTLED = "Too many attempts to sign in from your network"
EMAIL = "dana.hill@example.gov.uk"


def sign_in(client, email, password, address="127.0.0.1"):
    return client.post(SIGN_IN_URL, {"username": email, "password": password}, REMOTE_ADDR=address)


def seen(response):
    """What the person sees: the status with the page's heading, or where a redirect leads."""
    if response.status_code == 302:
        return 302, response["Location"]
    return response.status_code, heading(response)


def locked(response):
    """The first column of the locks table: what is locked."""
    return [cell.text() for cell in parse(response).find(tag="tbody").find_all(tag="th")]


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def details(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id").values_list("detail", flat=True))


def expected_until(**lookup):
    """The end of the lock the page should give: the last failure plus the cool-off, up to the whole minute."""
    last = max(AccessAttempt.objects.filter(**lookup).values_list("attempt_time", flat=True))
    end = last + timedelta(minutes=30)
    return datetime.fromtimestamp(math.ceil(end.timestamp() / 60) * 60, tz=end.tzinfo)


def test_thirty_wrong_passwords_lock_after_five_and_the_right_one_is_refused(password):
    user = UserFactory(email=EMAIL)
    client = Client()

    answers = [seen(sign_in(client, EMAIL, f"wrong-password-{n}")) for n in range(30)]
    before = timezone.now()
    right = sign_in(client, EMAIL, password)
    after = timezone.now()

    assert answers == [(200, "Sign in")] * 4 + [(429, LOCKED)] * 26
    assert seen(right) == (429, LOCKED)
    until = expected_until(username=EMAIL)
    assert body_paragraphs(right) == [
        "There have been too many attempts to sign in with the wrong password, with this email address or "
        "from your network.",
        "To keep accounts safe, signing in has been stopped for 30 minutes.",
        f"You can try again after {govuk_datetime(until)}.",
        "Contact the DHR QA secretariat. They can let you try again straight away, and help if you have "
        "forgotten your password.",
    ]
    # The seconds from when the page was made to the end of the lock.
    assert math.ceil((until - after).total_seconds()) <= int(right["Retry-After"]) <= math.ceil(
        (until - before).total_seconds())
    assert signed_in_user_id(client) is None
    # Tries while locked are refused unchecked and not counted: the lock still ends 30 minutes after the fifth.
    assert list(AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start")) == [
        (EMAIL, "127.0.0.1", 5)]
    assert details(AuditAction.SIGN_IN_FAILED) == (
        [{"email": EMAIL}] * 5 + [{"email": EMAIL, "locked_out": True}] * 26)
    assert list(AuditEvent.objects.filter(action=AuditAction.SIGN_IN_LOCKED_OUT).values_list(
        "actor", "object_id", "detail")) == [
        (None, str(user.pk), {"email": EMAIL, "address": "127.0.0.1", "locked": ["account"]})]
    assert details(AuditAction.SIGNED_IN) == []


def test_lockout_page_same_for_an_email_address_with_no_account(password):
    UserFactory(email=EMAIL)
    client = Client()
    for n in range(5):
        sign_in(client, EMAIL, f"wrong-password-{n}", address="10.0.0.1")
        sign_in(client, "nobody@example.gov.uk", f"wrong-password-{n}", address="10.0.0.2")

    with_account = sign_in(client, EMAIL, password, address="10.0.0.1")
    without = sign_in(client, "nobody@example.gov.uk", password, address="10.0.0.2")

    assert seen(without) == seen(with_account) == (429, LOCKED)
    assert body_paragraphs(without)[:2] == body_paragraphs(with_account)[:2]
    assert body_paragraphs(without)[2] == (
        f"You can try again after {govuk_datetime(expected_until(username='nobody@example.gov.uk'))}.")
    assert details(AuditAction.SIGN_IN_LOCKED_OUT) == [
        {"email": EMAIL, "address": "10.0.0.1", "locked": ["account"]},
        {"email": "nobody@example.gov.uk", "address": "10.0.0.2", "locked": ["account"]},
    ]


def test_secretariat_unlocks_an_account_and_the_right_password_then_works(client_for, secretariat, password):
    user = UserFactory(email=EMAIL, full_name="Dana Hill")
    person = Client()
    for n in range(5):
        sign_in(person, EMAIL, f"wrong-password-{n}", address="10.0.0.1")
    refused = sign_in(person, EMAIL, password, address="10.0.0.1")
    staff = client_for(secretariat)

    listed = staff.get(LOCKS_URL)
    unlocked = staff.post(LOCKS_URL, {"kind": "account", "value": EMAIL}, follow=True)
    signed_in = sign_in(person, EMAIL, password, address="10.0.0.1")

    assert seen(refused) == (429, LOCKED)
    assert locked(listed) == [f"Email address {EMAIL}"]
    assert table_column(listed, 0) == ["Dana Hill"]
    assert table_column(listed, 1) == ["5"]
    assert unlocked.redirect_chain == [(LOCKS_URL, 302)]
    assert notification_banners(unlocked) == [f"{EMAIL} can sign in again"]
    assert text_of(unlocked, id="locks") == "No email address or network address is locked."
    assert seen(signed_in) == (302, "/")
    assert signed_in_user_id(person) == str(user.pk)
    assert list(AuditEvent.objects.filter(action=AuditAction.SIGN_IN_UNLOCKED).values_list(
        "actor", "object_id", "detail")) == [
        (secretariat.pk, str(user.pk), {"kind": "account", "value": EMAIL, "failures": 5})]


def test_secretariat_unlocks_an_address_locked_by_failures_on_many_accounts(client_for, secretariat, password):
    UserFactory(email=EMAIL)
    person = Client()
    # Four wrong passwords for each of five email addresses: no account is locked, the address is at its 20.
    answers = [seen(sign_in(person, f"person{n}@example.gov.uk", "wrong-password", address="10.0.0.9"))
               for n in range(5) for _ in range(4)]
    refused = sign_in(person, EMAIL, password, address="10.0.0.9")
    elsewhere = sign_in(Client(), EMAIL, password, address="10.0.0.10")
    staff = client_for(secretariat)

    listed = staff.get(LOCKS_URL)
    staff.post(LOCKS_URL, {"kind": "address", "value": "10.0.0.9"})
    signed_in = sign_in(person, EMAIL, password, address="10.0.0.9")

    assert answers == [(200, "Sign in")] * 19 + [(429, LOCKED)]
    assert seen(refused) == (429, LOCKED)
    assert seen(elsewhere) == (302, "/")
    assert locked(listed) == ["Network address 10.0.0.9"]
    assert table_column(listed, 0) == ["Any account"]
    assert table_column(listed, 1) == ["20"]
    assert details(AuditAction.SIGN_IN_LOCKED_OUT) == [
        {"email": "person4@example.gov.uk", "address": "10.0.0.9", "locked": ["address"]}]
    assert details(AuditAction.SIGN_IN_UNLOCKED) == [{"kind": "address", "value": "10.0.0.9", "failures": 20}]
    assert seen(signed_in) == (302, "/")


def test_lock_ends_after_the_cool_off(settings, password):
    settings.AXES_COOLOFF_TIME = timedelta(seconds=2)
    user = UserFactory(email=EMAIL)
    client = Client()
    for n in range(5):
        sign_in(client, EMAIL, f"wrong-password-{n}")
    refused = sign_in(client, EMAIL, password)

    time.sleep(2.1)
    after = sign_in(client, EMAIL, password)

    assert seen(refused) == (429, LOCKED)
    assert seen(after) == (302, "/")
    assert signed_in_user_id(client) == str(user.pk)


def test_unlock_of_a_lock_that_has_ended_changes_nothing(client_for, secretariat):
    staff = client_for(secretariat)

    unlocked = staff.post(LOCKS_URL, {"kind": "account", "value": EMAIL}, follow=True)

    assert notification_banners(unlocked) == [
        f"{EMAIL} is not locked: its lock has ended or someone else unlocked it"]
    assert details(AuditAction.SIGN_IN_UNLOCKED) == []


@pytest.mark.parametrize("form", [
    {}, {"kind": "everyone", "value": EMAIL}, {"kind": "address", "value": "not-an-address"},
    {"kind": "address", "value": "10.0.0.1'; --"},
])
def test_unlock_with_a_tampered_form_says_so_and_changes_nothing(client_for, secretariat, form):
    for n in range(5):
        sign_in(Client(), EMAIL, f"wrong-password-{n}")
    staff = client_for(secretariat)

    response = staff.post(LOCKS_URL, form)

    assert response.status_code == 200
    assert error_summary(response) == [("#locks", "Choose a lock to unlock from the list")]
    assert summary_links_without_target(response) == []
    assert AccessAttempt.objects.count() == 1
    assert details(AuditAction.SIGN_IN_UNLOCKED) == []


def test_superuser_may_unlock_whatever_their_role(client_for):
    admin = UserFactory(panel_member=True, is_superuser=True)

    response = client_for(admin).get(LOCKS_URL)

    assert seen(response) == (200, "Locked sign-ins")


def test_sign_in_page_over_the_address_limit_answers_429_without_checking(settings, password):
    settings.DHRQA_SIGN_IN_RATE_LIMIT = 3
    settings.DHRQA_SIGN_IN_RATE_WINDOW_SECONDS = 1_000_000
    cache.clear()
    user = UserFactory(email=EMAIL)
    client = Client()

    answers = [seen(sign_in(client, EMAIL, "wrong-password")) for _ in range(2)]
    answers.append(seen(sign_in(client, "nobody@example.gov.uk", "wrong-password")))
    over = sign_in(client, EMAIL, password)
    other_address = sign_in(Client(), EMAIL, password, address="10.0.0.2")

    assert answers == [(200, "Sign in")] * 3
    assert seen(over) == (429, THROTTLED)
    assert over["Retry-After"] == "1000000"
    assert body_paragraphs(over) == [
        "There have been a lot of attempts to sign in from your network in a short time, so we did not check "
        "the email address and password you entered.",
        "Wait 16667 minutes, then try to sign in again.",
        "If this keeps happening, contact the DHR QA secretariat.",
    ]
    # Not checked: no failure and no sign-in for it, and nothing counted towards a lock.
    assert details(AuditAction.SIGN_IN_FAILED) == [{"email": EMAIL}] * 2 + [{"email": "nobody@example.gov.uk"}]
    assert sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == 3
    assert seen(other_address) == (302, "/")
    # The secretariat's password accepted; the code step comes next.
    assert list(AuditEvent.objects.filter(action=AuditAction.PASSWORD_ACCEPTED).values_list("actor", flat=True)) == [
        user.pk]


def test_sign_in_wrong_password_below_the_limit_still_shows_the_form_error():
    UserFactory(email=EMAIL)

    response = sign_in(Client(), EMAIL, "wrong-password")

    assert error_messages(response) == {"id_username-error": BAD_SIGN_IN}


# Session, user, the locked email addresses, the locked client addresses, and the accounts of those email addresses.
LOCKS_QUERIES = 5


@pytest.mark.parametrize("rows", [1, 20])
def test_locks_page_queries_constant(client_for, secretariat, django_assert_max_num_queries, rows):
    for n in range(rows):
        email = f"locked{n}@example.gov.uk"
        if n % 2:
            UserFactory(email=email)
        AccessAttempt.objects.create(username=email, ip_address=f"10.0.1.{n}", user_agent="Browser",
                                     failures_since_start=5, get_data="", post_data="", http_accept="*/*",
                                     path_info="/sign-in/")
    client = client_for(secretariat)

    with django_assert_max_num_queries(LOCKS_QUERIES):
        response = client.get(LOCKS_URL)

    assert len(locked(response)) == rows


def test_locks_page_sits_under_users_and_is_linked_from_it(client_for, secretariat):
    client = client_for(secretariat)

    users = client.get(reverse("user_list"))
    response = client.get(LOCKS_URL)

    assert [link.attrs["href"] for link in parse(users).find_all(tag="a") if link.text() == "Locked sign-ins"] == [
        LOCKS_URL]
    assert current_items(response) == [("true", "Users")]
    assert text_of(response, id="locks") == "No email address or network address is locked."
    assert body_paragraphs(response)[0] == (
        "After 5 failed attempts to sign in with one email address, or 20 from one network address, signing in "
        "is stopped for 30 minutes. Unlock one when you know who is trying: they can then try again straight away.")


# IPv6 client addresses by their /64; an IPv4-mapped one as its IPv4


def test_ipv6_addresses_of_one_64_lock_together_and_are_unlocked_together(client_for, secretariat, password, settings):
    settings.DHRQA_SIGN_IN_ADDRESS_FAILURE_LIMIT = 4
    UserFactory(email=EMAIL)
    # Four wrong passwords, each for another email address, from four addresses of one /64.
    answers = [seen(sign_in(Client(), f"person{n}@example.gov.uk", "wrong-password", address=f"2001:db8:1:2::{n:x}"))
               for n in (1, 0xffff, 0xabcd, 7)]
    same_64 = sign_in(Client(), EMAIL, password, address="2001:db8:1:2:ffff:ffff:ffff:ffff")
    next_64 = sign_in(Client(), EMAIL, password, address="2001:db8:1:3::1")
    staff = client_for(secretariat)

    listed = staff.get(LOCKS_URL)
    staff.post(LOCKS_URL, {"kind": "address", "value": "2001:db8:1:2::"})
    after_unlock = sign_in(Client(), EMAIL, password, address="2001:db8:1:2::1")

    assert answers == [(200, "Sign in")] * 3 + [(429, LOCKED)]
    assert (seen(same_64), seen(next_64)) == ((429, LOCKED), (302, "/"))
    assert locked(listed) == ["Network address 2001:db8:1:2::/64"]
    assert details(AuditAction.SIGN_IN_LOCKED_OUT) == [
        {"email": "person7@example.gov.uk", "address": "2001:db8:1:2::", "locked": ["address"]}]
    assert details(AuditAction.SIGN_IN_UNLOCKED) == [{"kind": "address", "value": "2001:db8:1:2::", "failures": 4}]
    assert seen(after_unlock) == (302, "/")


def test_ipv4_mapped_ipv6_address_counts_as_its_ipv4_and_ipv4_addresses_stay_apart(password, settings):
    settings.DHRQA_SIGN_IN_ADDRESS_FAILURE_LIMIT = 2
    UserFactory(email=EMAIL)
    sign_in(Client(), "person1@example.gov.uk", "wrong-password", address="10.1.2.3")
    sign_in(Client(), "person2@example.gov.uk", "wrong-password", address="::ffff:10.1.2.3")

    mapped = sign_in(Client(), EMAIL, password, address="::ffff:10.1.2.3")
    next_door = sign_in(Client(), EMAIL, password, address="10.1.2.4")

    assert (seen(mapped), seen(next_door)) == ((429, LOCKED), (302, "/"))
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True).distinct()) == ["10.1.2.3"]


def test_sign_in_rate_limit_shared_by_one_ipv6_64_not_by_the_next(settings, password):
    settings.DHRQA_SIGN_IN_RATE_LIMIT = 2
    settings.DHRQA_SIGN_IN_RATE_WINDOW_SECONDS = 1_000_000
    cache.clear()
    UserFactory(email=EMAIL)

    answers = [seen(sign_in(Client(), EMAIL, "wrong-password", address=address))
               for address in ("2001:db8:1:2::1", "2001:db8:1:2::ffff", "2001:db8:1:2::abcd")]
    next_64 = sign_in(Client(), EMAIL, password, address="2001:db8:1:3::1")

    assert answers == [(200, "Sign in"), (200, "Sign in"), (429, THROTTLED)]
    assert seen(next_64) == (302, "/")


def test_sign_in_rate_limit_counts_an_ipv4_mapped_address_as_its_ipv4(settings, password):
    settings.DHRQA_SIGN_IN_RATE_LIMIT = 1
    settings.DHRQA_SIGN_IN_RATE_WINDOW_SECONDS = 1_000_000
    cache.clear()
    UserFactory(email=EMAIL)

    answers = [seen(sign_in(Client(), EMAIL, "wrong-password", address=address))
               for address in ("192.0.2.7", "::ffff:192.0.2.7")]
    other = sign_in(Client(), EMAIL, password, address="192.0.2.8")

    assert answers == [(200, "Sign in"), (429, THROTTLED)]
    assert seen(other) == (302, "/")


# A scoped IPv6 address ("fe80::1%eth0": Django's address validation accepts it) counts as its /64, without its scope


def test_secretariat_unlocks_a_scoped_ipv6_address_and_its_64_signs_in_again(client_for, secretariat, password,
                                                                              settings):
    settings.DHRQA_SIGN_IN_ADDRESS_FAILURE_LIMIT = 2
    UserFactory(email=EMAIL)
    answers = [seen(sign_in(Client(), f"person{n}@example.gov.uk", "wrong-password", address="fe80::1%eth0"))
               for n in range(2)]
    refused = sign_in(Client(), EMAIL, password, address="fe80::2%eth1")
    staff = client_for(secretariat)

    listed = staff.get(LOCKS_URL)
    unlocked = staff.post(LOCKS_URL, {"kind": "address", "value": "fe80::1%eth0"})
    signed_in = sign_in(Client(), EMAIL, password, address="fe80::1%eth0")

    assert answers == [(200, "Sign in"), (429, LOCKED)]
    assert seen(refused) == (429, LOCKED)
    assert locked(listed) == ["Network address fe80::/64"]
    assert (unlocked.status_code, unlocked["Location"]) == (302, LOCKS_URL)
    assert details(AuditAction.SIGN_IN_LOCKED_OUT) == [
        {"email": "person1@example.gov.uk", "address": "fe80::", "locked": ["address"]}]
    assert details(AuditAction.SIGN_IN_UNLOCKED) == [{"kind": "address", "value": "fe80::", "failures": 2}]
    assert seen(signed_in) == (302, "/")


def test_sign_in_from_a_scoped_ipv6_address_signs_in_and_is_rate_limited_by_its_64(settings, password):
    settings.DHRQA_SIGN_IN_RATE_LIMIT = 2
    settings.DHRQA_SIGN_IN_RATE_WINDOW_SECONDS = 1_000_000
    cache.clear()
    user = UserFactory(email=EMAIL)
    person = Client()

    answers = [seen(sign_in(Client(), EMAIL, "wrong-password", address="fe80::1%eth0")),
               seen(sign_in(person, EMAIL, password, address="fe80::1%eth0")),
               seen(sign_in(Client(), EMAIL, password, address="fe80::ffff%2"))]

    assert answers == [(200, "Sign in"), (302, "/"), (429, THROTTLED)]
    assert signed_in_user_id(person) == str(user.pk)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["fe80::"]
