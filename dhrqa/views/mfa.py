"""The code step of signing in, setting up an authenticator app, recovery codes, and the account page."""

from base64 import b32encode
from binascii import unhexlify

import django_otp
import segno
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from dhrqa.mfa.forms import SetUpCodeForm, SignInCodeForm
from dhrqa.mfa.policy import authenticator_of, must_use_mfa, owes_code
from dhrqa.mfa.services import (
    AlreadySetUp,
    CodeThrottled,
    WrongCode,
    check_sign_in_code,
    new_setup_key,
    recovery_codes_left,
    replace_recovery_codes,
    reset_mfa,
    set_up_authenticator,
)
from dhrqa.models import User
from dhrqa.permissions import require_perm

# The secret of an app being set up lives in the session until a code confirms it: nothing is saved before.
SETUP_KEY = "mfa_setup_key"
# New recovery codes wait here for the one page that shows them.
NEW_CODES = "mfa_new_recovery_codes"

WRONG_CODE = "The code is not right. Enter the code your app shows now, or a recovery code you have not used"
WRONG_SETUP_CODE = ("The code does not match. Check that your app has the key shown on this page, "
                    "then enter the code it shows now")


def _next(request):
    """Where to go once the code is given: the page asked for, if it is one of ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return reverse("home")


def _with_next(name, request):
    return f"{reverse(name)}?{urlencode({'next': _next(request)})}"


def _passed(request, device):
    """Mark the session as having given a code, under a new session key (as signing in does)."""
    request.session.cycle_key()
    django_otp.login(request, device)


@never_cache
def verify(request):
    if not owes_code(request.user):
        return redirect(_next(request))
    if authenticator_of(request.user) is None:
        return redirect(_with_next("mfa_setup", request))
    form = SignInCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = check_sign_in_code(request.user, form.cleaned_data["code"])
        except WrongCode:
            form.refuse(WRONG_CODE)
        except CodeThrottled as throttled:
            form.refuse(f"You have entered too many wrong codes. Wait {throttled.seconds} "
                        f"second{'s' if throttled.seconds != 1 else ''}, then try again")
        else:
            _passed(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.info(request, f"You used a recovery code. You have {left} left: you can create new "
                                       "ones from your account page.")
            return redirect(_next(request))
    return render(request, "dhrqa/mfa_verify.html", {"form": form, "next": _next(request)})


@never_cache
def set_up(request):
    user = request.user
    if authenticator_of(user) is not None:
        return redirect("account") if user.is_verified() else redirect(_with_next("mfa_verify", request))
    key = request.session.get(SETUP_KEY) or new_setup_key()
    request.session[SETUP_KEY] = key
    form = SetUpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = set_up_authenticator(user, key=key, code=form.cleaned_data["code"],
                                                 signing_in=owes_code(user))
        except WrongCode:
            form.refuse(WRONG_SETUP_CODE)
        except AlreadySetUp:
            return redirect(_with_next("mfa_verify", request))
        else:
            _passed(request, device)
            request.session.pop(SETUP_KEY, None)
            request.session[NEW_CODES] = codes
            return redirect(_with_next("mfa_recovery_codes", request))
    unsaved = TOTPDevice(user=user, key=key)
    return render(request, "dhrqa/mfa_setup.html", {
        "form": form,
        "next": _next(request),
        "qr_code": segno.make(unsaved.config_url, error="m").svg_data_uri(scale=5, border=2),
        "key_text": _grouped(b32encode(unhexlify(key)).decode(), 4),
        "required": must_use_mfa(user),
    })


@never_cache
def recovery_codes(request):
    codes = request.session.pop(NEW_CODES, None)
    if not codes:
        # Shown once: a second look, or the back button, finds them gone.
        return redirect("account")
    return render(request, "dhrqa/mfa_recovery_codes.html", {
        "codes": [_grouped(code, 4) for code in codes], "next": _next(request),
    })


@never_cache
def account(request):
    user = request.user
    has_app = authenticator_of(user) is not None
    return render(request, "dhrqa/account.html", {
        "has_app": has_app,
        "required": must_use_mfa(user),
        "codes_left": recovery_codes_left(user) if has_app else None,
    })


@require_POST
def recovery_codes_replace(request):
    if authenticator_of(request.user) is None:
        return redirect("account")
    request.session[NEW_CODES] = replace_recovery_codes(request.user)
    return redirect(f"{reverse('mfa_recovery_codes')}?{urlencode({'next': reverse('account')})}")


@never_cache
def user_mfa_reset(request, pk):
    person = get_object_or_404(User, pk=pk)
    require_perm(request.user, "dhrqa.reset_mfa", person)
    if request.method == "POST":
        reset_mfa(person, by=request.user)
        messages.success(request, f"Two-factor sign-in reset for {person}. They will set it up again "
                                  "when they next sign in.")
        return redirect("user_list")
    return render(request, "dhrqa/mfa_reset.html", {"person": person, "required": must_use_mfa(person)})


def _grouped(text, size):
    return " ".join(text[start:start + size] for start in range(0, len(text), size))
