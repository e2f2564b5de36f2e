from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.crypto import salted_hmac

from dhrqa.enums import HOME_OFFICE_ROLES, RESPONDING_BODIES, NationalBody, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("Users must have an e-mail address")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("role", Role.SECRETARIAT)
        return self.create_user(email, password, **fields)


class User(AbstractUser):
    """A person who signs in. Accounts are made by the secretariat or an admin."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=Role.choices)
    csp = models.ForeignKey(
        "dhrqa.CommunitySafetyPartnership",
        verbose_name="Community Safety Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
    )
    # The national body a responder works for: they see only what is routed to it.
    national_body = models.CharField(
        max_length=30, blank=True, choices=[(body.value, body.label) for body in RESPONDING_BODIES],
    )
    # How the chair signs letters: one title per line, under the name.
    letter_titles = models.TextField(blank=True)
    # Part of every session's auth hash: adding one ends all of the person's sessions at once
    # (dhrqa/account_status.py), without scanning the session table.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                name="csp_officer_has_csp",
                condition=(
                    models.Q(role=Role.CSP_OFFICER, csp__isnull=False)
                    | (~models.Q(role=Role.CSP_OFFICER) & models.Q(csp__isnull=True))
                ),
            ),
            models.CheckConstraint(
                name="responder_has_national_body",
                condition=(
                    models.Q(role=Role.RESPONDER, national_body__in=[body.value for body in RESPONDING_BODIES])
                    | (~models.Q(role=Role.RESPONDER) & models.Q(national_body=""))
                ),
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name

    def get_session_auth_hash(self):
        return self._session_auth_hash(secret=None)

    def get_session_auth_fallback_hash(self):
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_auth_hash(secret=fallback_secret)

    def _session_auth_hash(self, *, secret):
        if self.session_generation == 0:
            # Django's own hash, so the sessions open when this field arrived stayed open.
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac("dhrqa.User.session_auth_hash", f"{self.password}:{self.session_generation}",
                           secret=secret, algorithm="sha256").hexdigest()

    @property
    def works_for_home_office(self):
        return self.role in HOME_OFFICE_ROLES

    @property
    def national_body_name(self):
        return NationalBody(self.national_body).label if self.national_body else ""

    @property
    def letter_title_lines(self):
        return [line.strip() for line in self.letter_titles.splitlines() if line.strip()]
