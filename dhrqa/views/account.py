"""The signed-in person's own account: what it is, signing out everywhere, staying signed in."""

from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from dhrqa.account_status import end_all_sessions
from dhrqa.sessions import background_request, touch


@never_cache
@require_POST
def sign_out_everywhere(request):
    """End every session of the person's, this one too, and send them to sign in."""
    end_all_sessions(request.user, by=request.user)
    request.sign_out_reason = "everywhere"
    logout(request)
    messages.success(request, "You have been signed out on every device and browser.")
    return redirect("login")


@never_cache
@require_POST
def session_extend(request):
    """"Stay signed in": the request itself is the activity. The timeout dialog asks for JSON."""
    touch(request)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"expires_in": int(request.session_seconds_left)})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        back = "home"
    return redirect(back)


@never_cache
@require_safe
@background_request
def session_status(request):
    """How long the session has left, without extending it: another tab may have kept it open."""
    return JsonResponse({"expires_in": request.session_seconds_left})
