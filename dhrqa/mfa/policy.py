"""Who must give a code after their password, and whether this session still owes one."""

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


def must_use_mfa(user):
    """The roles in DHRQA_MFA_REQUIRED_ROLES, and every staff or superuser account whatever its role."""
    return user.is_staff or user.is_superuser or user.role in settings.DHRQA_MFA_REQUIRED_ROLES


def authenticator_of(user):
    """The person's confirmed authenticator app, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_of(user):
    """The person's recovery codes' device, or None."""
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def owes_code(user):
    """Signed in with a password, not yet with a code, and a code is needed."""
    if not user.is_authenticated or user.is_verified():
        return False
    return asks_for_code(user)


def asks_for_code(user):
    """Whether signing in takes a code (or setting up an app) after the password.

    A CSP officer who need not use it but chose to set it up gives a code too: once
    set up, it protects their account.
    """
    if must_use_mfa(user):
        return True
    # Loaded with the user by dhrqa.mfa.backends.ModelBackend; asked for only when it was not.
    if hasattr(user, "mfa_app_id"):
        return user.mfa_app_id is not None
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
