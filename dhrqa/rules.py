"""Role predicates that every app combines into its own permissions."""

import rules

from dhrqa.enums import PANEL_ROLES, ROLES_SECRETARIAT_CAN_CREATE, Role


def _active(user):
    return user.is_authenticated and user.is_active


def _has_role(role):
    @rules.predicate(name=f"is_{role}")
    def has_role(user):
        return _active(user) and user.role == role

    return has_role


is_csp_officer = _has_role(Role.CSP_OFFICER)
is_secretariat = _has_role(Role.SECRETARIAT)
is_responder = _has_role(Role.RESPONDER)


@rules.predicate
def is_panel(user):
    """A panel member or chair: who chairs, sits on or reads for a meeting is decided meeting by meeting."""
    return _active(user) and user.role in PANEL_ROLES


@rules.predicate
def is_superuser(user):
    return _active(user) and user.is_superuser


@rules.predicate
def is_account_secretariat_manages(user, account):
    """An account no higher than those the secretariat creates: never an admin's, a secretariat's or a chair's."""
    return (account is not None and account.role in ROLES_SECRETARIAT_CAN_CREATE
            and not account.is_staff and not account.is_superuser)


@rules.predicate
def is_themselves(user, person):
    return person is not None and person.pk == user.pk


rules.add_perm("dhrqa.manage_users", is_secretariat)
# Deactivating and reactivating an account.
rules.add_perm("dhrqa.manage_account", is_secretariat & is_account_secretariat_manages)
# Sending an invitation again: the secretariat for the roles it invites; an admin for any.
rules.add_perm("dhrqa.resend_invitation", (is_secretariat & is_account_secretariat_manages) | is_superuser)
# Letting an email address or client address locked out of signing in try again (dhrqa/lockout.py).
rules.add_perm("dhrqa.unlock_sign_in", is_secretariat | is_superuser)
rules.add_perm("dhrqa.view_audit_trail", is_secretariat)
# Resetting sends the person back to set up their app: never one's own (recovery codes are for that).
# The secretariat, for the accounts it may create and close; a superuser, for anyone else's.
can_reset_mfa = ~is_themselves & ((is_secretariat & is_account_secretariat_manages) | is_superuser)
rules.add_perm("dhrqa.reset_mfa", can_reset_mfa)
# The same, for a list's rows: {% test_rule %} does not fall through to Django's permission tables (2 queries).
rules.add_rule("dhrqa.reset_mfa", can_reset_mfa)
