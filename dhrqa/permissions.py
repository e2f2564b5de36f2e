"""Fetching objects for views, through `rules` permissions.

An object a user may not see does not exist for them: 404, never 403, so
that one CSP cannot learn what another CSP has sent.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from dhrqa.enums import Role


def scoped_to_user(queryset, user, *, csp_lookup):
    """`queryset` cut down to what `user` may see of the CSPs' casework.

    The secretariat sees everything; a CSP officer sees only rows whose CSP
    (reached through `csp_lookup`, e.g. "review__csp_id") is their own;
    anyone else sees nothing here. Panel members see a review only through
    the meetings they sit on (panel.queries), never as a list of everything.
    """
    if user.role == Role.SECRETARIAT:
        return queryset
    if user.role == Role.CSP_OFFICER:
        return queryset.filter(**{csp_lookup: user.csp_id})
    return queryset.none()


def get_permitted_or_404(user, perm, queryset, **lookup):
    obj = get_object_or_404(queryset, **lookup)
    if not user.has_perm(perm, obj):
        raise Http404
    return obj


def require_perm(user, perm, obj=None):
    """For actions on objects the user can already see: 403 when not allowed."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied
