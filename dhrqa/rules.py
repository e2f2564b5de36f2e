"""Role predicates that every app combines into its own permissions."""

import rules

from dhrqa.enums import Role


def _active(user):
    return user.is_authenticated and user.is_active


def _has_role(role):
    @rules.predicate(name=f"is_{role}")
    def has_role(user):
        return _active(user) and user.role == role

    return has_role


is_csp_officer = _has_role(Role.CSP_OFFICER)
is_secretariat = _has_role(Role.SECRETARIAT)
is_chair = _has_role(Role.CHAIR)


@rules.predicate
def is_home_office(user):
    return _active(user) and user.works_for_home_office


rules.add_perm("dhrqa.manage_users", is_secretariat)
