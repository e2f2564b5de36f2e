"""Links, sent by e-mail, that let a person choose their password: invitations and password resets.

A link carries a random token; only its SHA-256 is stored (dhrqa.models.PasswordLink),
so the token exists only in the e-mail. Pages, log lines and audit events never
show it. A link works once, until it expires, and only while it is the person's
newest link of its kind.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.http import urlencode

from dhrqa import clock, lockout
from dhrqa.audit import record
from dhrqa.dates import govuk_datetime
from dhrqa.enums import AuditAction, LinkPurpose
from dhrqa.models import PasswordLink, User
from dhrqa.notifications import notify

# The page each kind of link opens; the token follows in the query string.
PAGES = {LinkPurpose.INVITATION: "invitation_accept", LinkPurpose.PASSWORD_RESET: "password_reset_choose"}
ACCEPTED = {
    LinkPurpose.INVITATION: AuditAction.INVITATION_ACCEPTED,
    LinkPurpose.PASSWORD_RESET: AuditAction.PASSWORD_RESET_COMPLETED,
}


def lifetime(purpose):
    if purpose == LinkPurpose.INVITATION:
        return timedelta(days=settings.DHRQA_INVITATION_DAYS)
    return timedelta(minutes=settings.DHRQA_PASSWORD_RESET_MINUTES)


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(user, purpose):
    """A new link for `user`: the path with its token, and its row. Call it inside a transaction.

    1. End the person's earlier links of this kind that still work, so only the newest does.
    2. Store the new link's hash and expiry.
    Returns (path, link); the path is for the e-mail alone.
    """
    now = clock.now()
    PasswordLink.objects.filter(user=user, purpose=purpose, used_at=None, ended_at=None).update(ended_at=now)
    token = secrets.token_urlsafe(32)
    link = PasswordLink.objects.create(
        user=user, purpose=purpose, token_hash=hash_token(token), created_at=now, expires_at=now + lifetime(purpose),
    )
    return f"{reverse(PAGES[purpose])}?{urlencode({'token': token})}", link


def find_link(token_hash, purpose):
    """The working link of `purpose` whose token has this hash, or None (unknown, used, replaced or expired)."""
    if not isinstance(token_hash, str) or len(token_hash) != 64:
        return None
    link = (
        PasswordLink.objects.select_related("user")
        .filter(token_hash=token_hash, purpose=purpose, user__is_active=True).first()
    )
    return link if link is not None and link.works else None


def choose_password(*, token_hash, purpose, password):
    """Set the password of the person a working link belongs to, and spend the link.

    1. Lock the link's row and check again that it works (two tabs may post at once).
    2. Set the password: every session the person had ends, as the session's
       hash no longer matches.
    3. Mark the link used and end the person's other links, invitation or reset.
    4. Write the audit event (invitation accepted, or password reset completed).
    5. Lift a lock on their email address (dhrqa/lockout.py): whoever guessed at the old password
       locked the owner out, and the owner has just proved they hold the e-mail.
    Returns the user, or None when the link no longer works.
    """
    with transaction.atomic():
        found = find_link(token_hash, purpose)
        if found is None:
            return None
        link = PasswordLink.objects.select_for_update().select_related("user").get(pk=found.pk)
        if not link.works:
            return None
        user = link.user
        user.set_password(password)
        user.save(update_fields=["password"])
        now = clock.now()
        link.used_at = now
        link.save(update_fields=["used_at"])
        PasswordLink.objects.filter(user=user, used_at=None, ended_at=None).update(ended_at=now)
        record(user, ACCEPTED[purpose], user)
        lockout.unlock(lockout.ACCOUNT, user.email, unlocked_by=user)
    return user


def request_password_reset(email):
    """E-mail a password reset link to the active account with this address, if there is one.

    1. Find the active account (the address in any case); nothing else happens without one,
       and the caller answers the same either way, so nobody learns who has an account.
    2. Issue a reset link (earlier reset links stop working).
    3. Queue the e-mail on commit and write the audit event.
    """
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            return
        path, link = issue_link(user, LinkPurpose.PASSWORD_RESET)
        notify(template="password_reset", to=[user.email], context={
            "recipient_name": user.full_name, "path": path,
            "expires": govuk_datetime(link.expires_at), "minutes": settings.DHRQA_PASSWORD_RESET_MINUTES,
        })
        record(None, AuditAction.PASSWORD_RESET_REQUESTED, user, expires=link.expires_at.isoformat())
