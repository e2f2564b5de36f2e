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


@rules.predicate
def is_panel(user):
    """A panel member or chair: who chairs, sits on or reads for a meeting is decided meeting by meeting."""
    return _active(user) and user.role in PANEL_ROLES


@rules.predicate
def is_account_secretariat_manages(user, account):
    """An account no higher than those the secretariat creates: never an admin's, a secretariat's or a chair's."""
    return (account is not None and account.role in ROLES_SECRETARIAT_CAN_CREATE
            and not account.is_staff and not account.is_superuser)


rules.add_perm("dhrqa.manage_users", is_secretariat)
# Deactivating and reactivating an account.
rules.add_perm("dhrqa.manage_account", is_secretariat & is_account_secretariat_manages)
