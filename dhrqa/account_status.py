"""Ending a person's sessions, and closing and reopening accounts.

Every session carries a hash of the user's password and `session_generation`
(User.get_session_auth_hash). Adding one to the generation makes every
session's hash stale, so Django signs each out on its next request: no scan
of the session table, and a reactivated account's old sessions stay dead.
"""

from django.db import transaction
from django.db.models import F

from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.models import User


class AccountStatusUnchanged(Exception):
    """The account is already in the state asked for."""


def end_sessions(user):
    """End every session of `user` at once, by adding one to their session generation (no audit event)."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])


def end_all_sessions(user, *, by):
    """End every session of `user`, the one making the request included.

    1. Add one to the user's session generation: every session's auth hash is stale.
    2. Write the audit event.
    """
    with transaction.atomic():
        end_sessions(user)
        record(by, AuditAction.SESSIONS_ENDED, user)


def deactivate_user(user, *, by, via="service"):
    """Close an account: the person can no longer sign in, and is signed out everywhere at once.

    1. Refuse (AccountStatusUnchanged) an account already closed.
    2. Mark it inactive and end all its sessions.
    3. Write the audit event.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            raise AccountStatusUnchanged("This account is already deactivated")
        user.is_active = False
        user.save(update_fields=["is_active"])
        end_sessions(user)
        record(by, AuditAction.USER_DEACTIVATED, user, role=user.role, via=via)
    return user


def reactivate_user(user, *, by, via="service"):
    """Reopen a closed account: the person can sign in again (their old sessions stay ended).

    1. Refuse (AccountStatusUnchanged) an account already active.
    2. Mark it active.
    3. Write the audit event.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active:
            raise AccountStatusUnchanged("This account is already active")
        user.is_active = True
        user.save(update_fields=["is_active"])
        record(by, AuditAction.USER_REACTIVATED, user, role=user.role, via=via)
    return user
