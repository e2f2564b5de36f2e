"""Creating accounts. There is no self sign-up: the secretariat or an admin makes them."""

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from dhrqa.audit import record
from dhrqa.enums import AuditAction


def create_account(*, form, created_by):
    """Create the account described by a valid UserCreateForm.

    1. Save the user with no usable password: they choose one themselves.
    2. Write the audit event.
    Returns the user; `set_password_path(user)` is the link to send them.
    """
    with transaction.atomic():
        user = form.save(commit=False)
        user.set_unusable_password()
        user.save()
        record(created_by, AuditAction.USER_CREATED, user, role=user.role,
               csp=user.csp.name if user.csp else "")
    return user


def set_password_path(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("password_set", kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)})
