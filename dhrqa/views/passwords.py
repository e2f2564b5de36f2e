"""Choosing a password through a link from an e-mail (an invitation or a reset), and asking for a reset link.

A link's token arrives in the query string. The first visit keeps its hash in the
session and redirects to the same page without it, so the token is not left in
the address bar, the browser's history or the Referer of anything the page loads,
and the session store never holds it either.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from dhrqa import throttle
from dhrqa.enums import LinkPurpose
from dhrqa.forms import ChoosePasswordForm, ForgottenPasswordForm
from dhrqa.password_links import choose_password, find_link, hash_token, request_password_reset
from dhrqa.passwords import hint

logger = logging.getLogger(__name__)

TOO_MANY = "You have asked for a lot of password reset links. Wait {minutes} minutes, then try again"
DONE = {
    LinkPurpose.INVITATION: "Your password has been set. You can now sign in.",
    LinkPurpose.PASSWORD_RESET: "Your password has been reset. You can now sign in with your new password.",
}


@login_not_required
@never_cache
def accept_invitation(request):
    return _choose_password(request, LinkPurpose.INVITATION)


@login_not_required
@never_cache
def reset_password(request):
    return _choose_password(request, LinkPurpose.PASSWORD_RESET)


def _choose_password(request, purpose):
    session_key = f"password_link:{purpose}"
    if "token" in request.GET:
        request.session[session_key] = hash_token(request.GET["token"])
        return redirect(request.path)
    link = find_link(request.session.get(session_key), purpose)
    if link is None:
        return _link_not_working(request, purpose)
    form = ChoosePasswordForm(request.POST or None, user=link.user)
    if request.method == "POST" and form.is_valid():
        user = choose_password(token_hash=request.session[session_key], purpose=purpose,
                               password=form.cleaned_data["new_password1"])
        if user is None:
            return _link_not_working(request, purpose)
        del request.session[session_key]
        messages.success(request, DONE[purpose])
        return redirect("login")
    return render(request, "registration/choose_password.html", {
        "form": form, "purpose": purpose, "person": link.user, "hint": hint(),
    })


def _link_not_working(request, purpose):
    return render(request, "registration/link_not_working.html", {"purpose": purpose})


@login_not_required
@never_cache
def forgotten_password(request):
    """Ask for a reset link. The answer is the same whether or not the address has an account."""
    form = ForgottenPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().casefold()
        if not _within_limits(request, email):
            logger.warning("Password reset requests from %s over the limit", throttle.client_address(request))
            minutes = max(1, settings.DHRQA_PASSWORD_RESET_WINDOW_SECONDS // 60)
            form.add_error("email", TOO_MANY.format(minutes=minutes))
            response = render(request, "registration/forgotten_password.html", {"form": form}, status=429)
            response["Retry-After"] = str(settings.DHRQA_PASSWORD_RESET_WINDOW_SECONDS)
            return response
        request_password_reset(email)
        return render(request, "registration/reset_link_sent.html", {
            "email": email, "minutes": settings.DHRQA_PASSWORD_RESET_MINUTES})
    return render(request, "registration/forgotten_password.html", {"form": form})


def _within_limits(request, email):
    window = settings.DHRQA_PASSWORD_RESET_WINDOW_SECONDS
    by_client = throttle.allowed(request, name="password_reset", window_seconds=window,
                                 limit=settings.DHRQA_PASSWORD_RESET_LIMIT_PER_CLIENT)
    # By a hash, so the cache holds no addresses; counted whether or not the address has an account.
    by_email = throttle.allowed(request, name="password_reset_email", window_seconds=window,
                                limit=settings.DHRQA_PASSWORD_RESET_LIMIT_PER_EMAIL,
                                caller=hashlib.sha256(email.encode()).hexdigest())
    return by_client and by_email
