"""Setting up, checking, replacing and resetting a person's second factor. Every change is audited."""

import math
from binascii import unhexlify

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from dhrqa.account_status import end_sessions
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.models import User

AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"


class WrongCode(Exception):
    """The code matched nothing."""


class CodeThrottled(Exception):
    """Too many wrong codes in a row: no code is checked for `seconds` more."""

    def __init__(self, seconds):
        super().__init__(seconds)
        self.seconds = seconds


class AlreadySetUp(Exception):
    """The person has an authenticator app already (set up in another tab or window)."""


def new_setup_key():
    """A fresh secret for an authenticator app: 20 random bytes, as hex (django-otp's form)."""
    return random_hex(20)


def normalise(code):
    """What people type: spaces and hyphens between groups, any case."""
    return "".join(code.split()).replace("-", "").lower()


def is_app_code(code):
    # isascii: str.isdigit is true of "²" and other digits int() cannot read.
    return len(code) == 6 and code.isascii() and code.isdigit()


def set_up_authenticator(user, *, key, code, signing_in=False):
    """Give `user` the authenticator app they added with `key`, once it shows a right code.

    1. Check the code against the key: this 30-second step's, or one either side for a phone's slow clock.
    2. Lock the person's row and refuse if they have an app already (AlreadySetUp).
    3. Save the confirmed device, remembering the step used so that the same code cannot be used again.
    4. Make new recovery codes (replacing any left from before).
    5. Write the audit event; and, when this is the code step of `signing_in`, SIGNED_IN after it.
    Returns (device, recovery codes). Raises WrongCode when the code does not match.
    """
    code = normalise(code)
    totp = TOTP(unhexlify(key.encode()))
    if not is_app_code(code) or not totp.verify(int(code), tolerance=1):
        raise WrongCode
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise AlreadySetUp
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(
            user=user, name=AUTHENTICATOR_NAME, key=key, confirmed=True, last_t=totp.t(), drift=totp.drift,
        )
        codes = _new_recovery_codes(user)
        record(user, AuditAction.MFA_SET_UP, user, recovery_codes=len(codes))
        if signing_in:
            record(user, AuditAction.SIGNED_IN, user, code="authenticator app set up")
    return device, codes


def check_sign_in_code(user, code):
    """Check the code a person gives after their password: from their app, or one of their recovery codes.

    1. Six digits go to the authenticator app; anything else to the recovery codes, so that a
       mistyped app code never uses up a recovery code.
    2. Lock the device's row, and while it is slowed after wrong codes refuse without checking
       (CodeThrottled, with the seconds left): django-otp doubles the wait with each wrong code.
    3. Check the code: django-otp counts a wrong one, and deletes a recovery code it accepts.
    4. Write the audit events: a wrong code with how many in a row; or, for a right one, a recovery code used with
       how many are left, then SIGNED_IN with the kind of code (the password step wrote PASSWORD_ACCEPTED).
    Returns the device that accepted the code. Raises WrongCode or CodeThrottled.
    """
    code = normalise(code)
    model = TOTPDevice if is_app_code(code) else StaticDevice
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None:
            record(user, AuditAction.MFA_CODE_FAILED, user, kind=_kind(model), failures_in_a_row=None)
            accepted, wait = False, None
        else:
            allowed, details = device.verify_is_allowed()
            wait = None if allowed else _seconds_until(details["locked_until"])
            accepted = allowed and device.verify_token(code)
            if accepted and model is StaticDevice:
                record(user, AuditAction.MFA_RECOVERY_CODE_USED, user, left=device.token_set.count())
            if accepted:
                record(user, AuditAction.SIGNED_IN, user, code=_kind(model))
            elif allowed:
                record(user, AuditAction.MFA_CODE_FAILED, user, kind=_kind(model),
                       failures_in_a_row=device.throttling_failure_count)
    # Raised after the transaction, so that the failure count and its audit event are kept.
    if wait is not None:
        raise CodeThrottled(wait)
    if not accepted:
        raise WrongCode
    return device


def replace_recovery_codes(user):
    """Give `user` a new set of recovery codes: the ones left from before stop working.

    1. Lock the person's row, so two replacements at once leave one set.
    2. Delete the old codes and make DHRQA_MFA_RECOVERY_CODES new ones.
    3. Write the audit event.
    Returns the new codes, to be shown once.
    """
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        codes = _new_recovery_codes(user)
        record(user, AuditAction.MFA_RECOVERY_CODES_REPLACED, user, recovery_codes=len(codes))
    return codes


def reset_mfa(user, *, by):
    """Take away `user`'s authenticator app and recovery codes, so they set them up again at their next page.

    1. Delete their devices.
    2. End every session of theirs: otherwise a session signed in with the password alone (theirs, or
       someone else's who knows it) could set up a new app without ever giving a code.
    3. Write the audit event, naming who reset it.
    """
    with transaction.atomic():
        apps, _ = TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        end_sessions(user)
        record(by, AuditAction.MFA_RESET, user, had_authenticator=bool(apps))


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _new_recovery_codes(user):
    # The same device with new tokens: a session that signed in with a recovery code stays verified by it.
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME, confirmed=True)
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    StaticToken.objects.filter(device=device).delete()
    codes = [StaticToken.random_token() for _ in range(settings.DHRQA_MFA_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _kind(model):
    return "authenticator app" if model is TOTPDevice else "recovery code"


def _seconds_until(moment):
    return max(1, math.ceil((moment - timezone.now()).total_seconds()))
