"""Signing test users in the whole way: the password, then the code step of multi-factor sign-in.

`sign_in(client, user)` is the one way tests (and bench/) sign a Django test client in. A user who must
use a second factor (dhrqa.mfa.policy) gets an authenticator app, as if set up earlier, and the session is
marked as having given its code, as django_otp.login marks it. Browsers type the code: `code_for`
computes it from the app's key, as a phone would.
"""

import time
from binascii import unhexlify

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from dhrqa.mfa.policy import must_use_mfa


def authenticator_for(user):
    """The user's authenticator app: made, confirmed, for one who must have one; None for one who need not."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None and must_use_mfa(user):
        device = TOTPDevice.objects.create(user=user, name="Test phone", confirmed=True)
    return device


def sign_in(client, user):
    """Sign `client` in as `user`, past the code step when they have or need an authenticator app."""
    client.force_login(user)
    device = authenticator_for(user)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def code_for(key, *, used_step=-1):
    """The 6-digit code an app holding `key` (hex) shows, for a step after `used_step` (a device's last_t).

    The server accepts each step's code once, and one step ahead of its clock: a second sign-in within the
    same 30 seconds types the next step's code, and a third waits for the clock to move on.
    """
    totp = TOTP(unhexlify(key.encode()))
    while used_step + 1 > totp.t() + 1:
        time.sleep(1)
    totp.time = max(totp.t(), used_step + 1) * totp.step
    return f"{totp.token():06d}"


def app_code(device):
    """The code to type now for a saved device."""
    device.refresh_from_db()
    return code_for(device.key, used_step=device.last_t)
