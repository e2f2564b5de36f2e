"""Locking sign-in after repeated failures (django-axes), and unlocking it.

Axes counts failed sign-ins in its AccessAttempt table: a row per email
address tried, client address and browser, holding its number of failures and
the time of the last. An email address is locked once its rows from the last
cool-off (AXES_COOLOFF_TIME) hold AXES_FAILURE_LIMIT failures; a client address
once its rows hold DHRQA_SIGN_IN_ADDRESS_FAILURE_LIMIT, whichever email
addresses they name (many people share an office's address, so it gets more).
While either is locked, axes's backend refuses the sign-in before any password
is checked, and does not count the try (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT
is off), so a lock ends one cool-off after the failure that set it, or when the
secretariat unlocks it. An email address with no account is counted and locked
like any other: the lock says nothing about whether an account exists.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.models import User
from dhrqa.throttle import address_group

ACCOUNT = "account"
ADDRESS = "address"


@dataclass(frozen=True)
class Lock:
    """An email address or a client address that cannot sign in until `until`."""

    kind: str  # ACCOUNT or ADDRESS
    value: str
    failures: int
    last_failure: datetime
    # The account of an email address, when there is one.
    user: User | None = None

    @property
    def shown(self):
        """The value as the secretariat reads it: an IPv6 client address stands for its /64."""
        return f"{self.value}/64" if self.kind == ADDRESS and ":" in self.value else self.value

    @property
    def until(self):
        return _rounded_up(self.last_failure + cool_off())


class SignInLockoutHandler(AxesDatabaseHandler):
    """Axes's database handler, with its own limit for a client address, and a lockout audit event."""

    def get_failures(self, request, credentials=None):
        """The number axes compares with AXES_FAILURE_LIMIT.

        The failures for the email address; or the limit itself, once the
        client address has reached its own (higher) limit.
        """
        by_account, by_address = self._failure_counts(request, credentials)
        address_locked = by_address >= settings.DHRQA_SIGN_IN_ADDRESS_FAILURE_LIMIT
        return max(by_account, settings.AXES_FAILURE_LIMIT if address_locked else 0)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        already_locked = getattr(request, "axes_locked_out", False)
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and request.axes_locked_out and not already_locked:
            by_account, by_address = self._failure_counts(request, credentials)
            record_lockout(request, get_client_username(request, credentials), by_account, by_address)

    def _failure_counts(self, request, credentials):
        # AXES_LOCKOUT_PARAMETERS is ["username", "ip_address"]: one queryset for each, in that order.
        by_account, by_address = (
            attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        return by_account, by_address


def record_lockout(request, email, by_account, by_address):
    """Record that a failed sign-in has just locked its email address, its client address, or both.

    1. Work out which limits the failures reached.
    2. Write SIGN_IN_LOCKED_OUT, on the account when the email address has one.
    """
    locked = [kind for kind, failures, limit in (
        (ACCOUNT, by_account, settings.AXES_FAILURE_LIMIT),
        (ADDRESS, by_address, settings.DHRQA_SIGN_IN_ADDRESS_FAILURE_LIMIT),
    ) if failures >= limit]
    email = str(email or "")[:254]
    record(None, AuditAction.SIGN_IN_LOCKED_OUT, User.objects.filter(email=email).first(),
           email=email, address=request.axes_ip_address or "", locked=locked)


def locks(*, email=None, address=None):
    """Email addresses and client addresses locked now, the latest failure first: three queries.

    Every one, or with `email` or `address`, only the lock on that email address and on that client address.
    """
    recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off())
    if email is None and address is None:
        accounts, addresses = recent.exclude(username=None), recent.exclude(ip_address=None)
    else:
        accounts = recent.filter(username=email) if email else recent.none()
        addresses = recent.filter(ip_address=address_group(address)) if address else recent.none()
    accounts = _over(accounts, "username", settings.AXES_FAILURE_LIMIT)
    addresses = _over(addresses, "ip_address", settings.DHRQA_SIGN_IN_ADDRESS_FAILURE_LIMIT)
    users = User.objects.in_bulk([row["username"] for row in accounts], field_name="email") if accounts else {}
    found = [Lock(ACCOUNT, row["username"], row["failures"], row["last"], users.get(row["username"]))
             for row in accounts]
    found += [Lock(ADDRESS, row["ip_address"], row["failures"], row["last"]) for row in addresses]
    return sorted(found, key=lambda lock: (lock.last_failure, lock.kind, lock.value), reverse=True)


def locked_until(email, address):
    """When a sign-in for `email` from `address` can next be tried: the end of the later lock, or None."""
    return max((lock.until for lock in locks(email=email or None, address=address or None)), default=None)


def unlock(kind, value, *, unlocked_by):
    """Let a locked email address, or client address, try to sign in again at once.

    `value` is an email address (ACCOUNT) or a valid IP address (ADDRESS: an IPv6 one stands for its /64).

    1. Find the lock; if there is none (it ended, or someone unlocked it), change nothing.
    2. Delete axes's counts of failures for it, from every address (or for every email address).
    3. Write SIGN_IN_UNLOCKED, on the account when an email address has one.
    Returns the lock that was lifted, or None.
    """
    with transaction.atomic():
        found = locks(email=value) if kind == ACCOUNT else locks(address=value)
        if not found:
            return None
        lock = found[0]
        value = lock.value
        field = {ACCOUNT: "username", ADDRESS: "ip_address"}[kind]
        AccessAttempt.objects.filter(**{field: value}).delete()
        record(unlocked_by, AuditAction.SIGN_IN_UNLOCKED, lock.user, kind=kind, value=value, failures=lock.failures)
    return lock


def _over(attempts, field, limit):
    return list(attempts.values(field).annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
                .filter(failures__gte=limit).order_by("-last", field))


def cool_off():
    """How long a lock lasts after the failure that set it (AXES_COOLOFF_TIME)."""
    return get_cool_off() or timedelta(0)


def _rounded_up(moment):
    """To the next whole minute: the page says "after 9:42am", which must not be early."""
    seconds = moment.timestamp()
    return datetime.fromtimestamp(math.ceil(seconds / 60) * 60, tz=moment.tzinfo)
