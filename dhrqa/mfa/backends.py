"""Loading the signed-in user with the ids of their second factors, in the one query Django makes anyway."""

from django.contrib.auth import backends
from django.db.models import OuterRef, Subquery
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from dhrqa.models import User


def with_second_factors(users):
    """`users` with `mfa_app_id` and `mfa_codes_id`: their confirmed authenticator app and recovery codes, or None."""
    def first(model):
        return Subquery(model.objects.filter(user=OuterRef("pk"), confirmed=True).order_by("pk").values("pk")[:1])

    return users.annotate(mfa_app_id=first(TOTPDevice), mfa_codes_id=first(StaticDevice))


class ModelBackend(backends.ModelBackend):
    """Django's, but each request's user comes with their devices' ids (dhrqa.mfa.middleware.OTPMiddleware reads them).

    Without them, django-otp asks the database for the session's device on every page.
    """

    def get_user(self, user_id):
        user = with_second_factors(User._default_manager.filter(pk=user_id)).first()
        return user if user is not None and self.user_can_authenticate(user) else None
