"""Role predicates that every app combines into its own permissions."""

import rules

from dhrqa.enums import PANEL_ROLES, Role


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
def is_superuser(user):
    return _active(user) and user.is_superuser


rules.add_perm("dhrqa.manage_users", is_secretariat)
# Letting an email address or client address locked out of signing in try again (dhrqa/lockout.py).
rules.add_perm("dhrqa.unlock_sign_in", is_secretariat | is_superuser)
rules.add_perm("dhrqa.view_audit_trail", is_secretariat)
