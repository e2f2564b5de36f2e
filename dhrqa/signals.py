"""Sign-ins and sign-outs go to the audit trail."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.mfa.policy import asks_for_code


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs):
    # Someone who gives a code is signed in only once it is accepted (dhrqa.mfa.services writes SIGNED_IN then).
    record(user, AuditAction.PASSWORD_ACCEPTED if asks_for_code(user) else AuditAction.SIGNED_IN, user)


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
        # Set when the service signs a session out itself (dhrqa/sessions.py, dhrqa/views/account.py).
        reason = getattr(request, "sign_out_reason", None)
        record(user, AuditAction.SIGNED_OUT, user, **({"reason": reason} if reason else {}))


@receiver(user_login_failed)
def audit_failed_sign_in(sender, credentials, request=None, **kwargs):
    # Only the address tried: never the password.
    email = str(credentials.get("username", ""))[:254]
    # A try refused unchecked because its email or client address is locked (dhrqa/lockout.py): axes's
    # backend marks the request locked before checking any password, and axes counts no failure for it, so
    # it has no count. The failure that sets a lock is marked locked too, but counted. Either receiver may run first.
    if getattr(request, "axes_locked_out", False) and getattr(request, "axes_failures_since_start", None) is None:
        record(None, AuditAction.SIGN_IN_FAILED, None, email=email, locked_out=True)
    else:
        record(None, AuditAction.SIGN_IN_FAILED, None, email=email)
