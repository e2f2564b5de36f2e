"""Sign-in refused: a lockout (django-axes), too many tries from one address; and the secretariat's unlocking."""

import logging
import math

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from dhrqa import lockout, throttle
from dhrqa.forms import UnlockForm
from dhrqa.pagination import paginate
from dhrqa.permissions import require_perm

logger = logging.getLogger(__name__)


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the page for a sign-in refused by a lock, or whose failure has just set one.

    The same page whether or not the email address has an account, and whichever lock applies.
    """
    email = (credentials or {}).get("username") or ""
    until = lockout.locked_until(email, getattr(request, "axes_ip_address", None) or throttle.caller_address(request))
    response = render(request, "registration/locked_out.html", {
        "until": until, "minutes": int(lockout.cool_off().total_seconds() // 60),
    }, status=429)
    if until is not None:
        response["Retry-After"] = str(max(1, math.ceil((until - timezone.now()).total_seconds())))
    return response


def sign_in_throttled(request):
    """The sign-in page's answer to an address over DHRQA_SIGN_IN_RATE_LIMIT: nothing was checked."""
    logger.warning("Sign-in attempts from %s over the limit", throttle.client_address(request))
    window = settings.DHRQA_SIGN_IN_RATE_WINDOW_SECONDS
    response = render(request, "registration/sign_in_throttled.html", {"minutes": max(1, math.ceil(window / 60))},
                      status=429)
    response["Retry-After"] = str(window)
    return response


@never_cache
def user_locks(request):
    """Locked email addresses and client addresses, each with "Unlock" (a POST)."""
    require_perm(request.user, "dhrqa.unlock_sign_in")
    form = UnlockForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        kind, value = form.cleaned_data["kind"], form.cleaned_data["value"]
        if lockout.unlock(kind, value, unlocked_by=request.user):
            messages.success(request, f"{value} can sign in again")
        else:
            messages.info(request, f"{value} is not locked: its lock has ended or someone else unlocked it")
        return redirect("user_locks")
    found = paginate(request, lockout.locks())
    return render(request, "dhrqa/user_locks.html", {
        "locks": found, "page_obj": found, "form": form, "account_limit": settings.AXES_FAILURE_LIMIT,
        "address_limit": settings.DHRQA_SIGN_IN_ADDRESS_FAILURE_LIMIT,
        "minutes": int(lockout.cool_off().total_seconds() // 60),
    })
