"""Sign-ins and sign-outs go to the audit trail."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from dhrqa.audit import record
from dhrqa.enums import AuditAction


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs):
    record(user, AuditAction.SIGNED_IN, user)


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
        # Set when the service signs a session out itself (dhrqa/sessions.py, dhrqa/views/account.py).
        reason = getattr(request, "sign_out_reason", None)
        record(user, AuditAction.SIGNED_OUT, user, **({"reason": reason} if reason else {}))


@receiver(user_login_failed)
def audit_failed_sign_in(sender, credentials, request=None, **kwargs):
    # Only the address tried: never the password.
    record(None, AuditAction.SIGN_IN_FAILED, None, email=str(credentials.get("username", ""))[:254])
