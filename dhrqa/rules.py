"""Role predicates that every app combines into its own permissions."""

import rules

from dhrqa.enums import Role


@rules.predicate
def is_csp_officer(user):
    return user.is_authenticated and user.is_active and user.role == Role.CSP_OFFICER


@rules.predicate
def is_secretariat(user):
    return user.is_authenticated and user.is_active and user.role == Role.SECRETARIAT


@rules.predicate
def is_panel_member(user):
    return user.is_authenticated and user.is_active and user.role == Role.PANEL_MEMBER


@rules.predicate
def is_chair(user):
    return user.is_authenticated and user.is_active and user.role == Role.CHAIR


is_home_office = is_secretariat | is_panel_member | is_chair

rules.add_perm("dhrqa.manage_users", is_secretariat)
