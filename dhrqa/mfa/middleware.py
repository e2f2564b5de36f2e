"""Until a signed-in person who owes a code has given it, every page leads to the code step."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import DEVICE_ID_SESSION_KEY, middleware
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from dhrqa.mfa.policy import authenticator_of, owes_code

# Pages a person may reach between their password and their code, by URL name. Pages anyone may
# see signed out (marked with Django's @login_not_required: signing in, choosing a password, the
# public "Check a letter" page) are open too, without being listed here.
ALLOWED_BEFORE_CODE = frozenset({
    "logout",
    "mfa_verify",
    "mfa_setup",
})


class OTPMiddleware(middleware.OTPMiddleware):
    """django-otp's: `request.user.is_verified()` says whether this session gave a code.

    django-otp looks up the session's device on every page. dhrqa.mfa.backends.ModelBackend loads
    its id with the user instead, so a page costs no query more: a device deleted (reset) is
    missing from the next request's user, and the session no longer counts as verified.
    """

    def _verify_user_sync(self, request, user):
        if not hasattr(user, "mfa_app_id"):
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        device = None
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        for model, pk in ((TOTPDevice, user.mfa_app_id), (StaticDevice, user.mfa_codes_id)):
            if pk is not None and persistent_id == f"{model.model_label()}/{pk}":
                # As loaded from the database, with its other fields deferred: read only if asked for.
                device = model.from_db("default", ["id", "user_id", "confirmed"], [pk, user.pk, True])
        user.otp_device = self._finalize_device(request, user, device)
        return user


class MultiFactorMiddleware:
    """Send a person who owes a code to give it, or to set up their app if they have none.

    After django_otp's OTPMiddleware (which says whether the session gave a code) and Django's
    LoginRequiredMiddleware (which deals with people signed out).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        if not owes_code(request.user):
            return None
        # The navigation leaves out pages that would only lead back here.
        request.mfa_pending = True
        if request.resolver_match.view_name in ALLOWED_BEFORE_CODE:
            return None
        step = "mfa_verify" if authenticator_of(request.user) else "mfa_setup"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
