"""Accounts by invitation. There is no self sign-up: the secretariat or an admin invites each person.

The inviter never sees the link: it goes to the invitee by e-mail
(dhrqa.password_links), so nobody but the account's owner can choose its password.
"""

from django.db import transaction

from dhrqa.audit import record
from dhrqa.dates import govuk_datetime
from dhrqa.enums import ROLES_SECRETARIAT_CAN_CREATE, AuditAction, LinkPurpose, Role
from dhrqa.notifications import notify
from dhrqa.password_links import issue_link


class NotAwaitingAcceptance(Exception):
    """The person has already chosen a password: there is no invitation to send again."""


def roles_grantable_by(user):
    """The roles `user` may give. Secretariat and chair accounts manage users or sign letters: admins only."""
    if user.is_active and user.is_superuser:
        return tuple(Role)
    return ROLES_SECRETARIAT_CAN_CREATE


def awaiting_acceptance(user):
    """True while the person has never chosen a password (their invitation is unused)."""
    return not user.has_usable_password()


def invite(*, form, invited_by):
    """Create the account described by a valid InvitationForm and e-mail its owner an invitation.

    1. Save the user with no usable password: they choose one through the link.
    2. Issue an invitation link that expires after DHRQA_INVITATION_DAYS.
    3. Queue the e-mail on commit, and write the audit events (account created, invitation sent).
    Returns the user. The link is in the e-mail only.
    """
    if form.cleaned_data["role"] not in roles_grantable_by(invited_by):
        raise ValueError("The inviter may not give this role")  # the form refuses it first
    with transaction.atomic():
        user = form.save(commit=False)
        user.set_unusable_password()
        user.save()
        record(invited_by, AuditAction.USER_CREATED, user, role=user.role,
               csp=user.csp.name if user.csp else "", **({"national_body": user.national_body}
                                                         if user.national_body else {}))
        _send_invitation(user, invited_by, AuditAction.INVITATION_SENT)
    return user


def resend_invitation(*, user, sent_by):
    """E-mail a person who has not yet accepted a new invitation; the earlier link stops working.

    1. Refuse (NotAwaitingAcceptance) once they have chosen a password.
    2. Issue a new link, which ends the earlier one.
    3. Queue the e-mail on commit, and write the audit event.
    """
    with transaction.atomic():
        if not awaiting_acceptance(user):
            raise NotAwaitingAcceptance
        _send_invitation(user, sent_by, AuditAction.INVITATION_RESENT)


def _send_invitation(user, sender, action):
    path, link = issue_link(user, LinkPurpose.INVITATION)
    notify(template="invitation", to=[user.email], context={
        "recipient_name": user.full_name, "role": user.get_role_display(),
        # A responder's national body stands where a CSP officer's CSP does.
        "csp_name": user.csp.name if user.csp else user.national_body_name, "expires": govuk_datetime(link.expires_at), "path": path,
    })
    record(sender, action, user, expires=link.expires_at.isoformat())
