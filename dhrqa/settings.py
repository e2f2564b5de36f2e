"""Settings for DHR QA, driven by environment variables.

Every value that differs between a laptop and production comes from the
environment (or a `.env` file beside manage.py). With nothing set but a
secret key (`make run` makes one), the application runs as a zero-service
demo: SQLite and Celery's filesystem transport under `var/`. Secrets have no
defaults unless DJANGO_DEBUG is on.
"""

import uuid
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)


def secret(name, *, debug_default=None, needed=True):
    """A secret from the environment. Unset or empty (as docker-compose.yml leaves one nobody exported), only
    DEBUG may fall back to `debug_default`; otherwise, when `needed`, the application refuses to start and says which."""
    value = env.str(name, default="")
    if value or not needed:
        return value
    if DEBUG and debug_default is not None:
        return debug_default
    raise ImproperlyConfigured(
        f"{name} is not set: with DJANGO_DEBUG off it must come from the environment (see README.md, Configuration)"
    )


# bin/run-dev keeps a generated key in var/secret-key; DJANGO_DEBUG=true alone may use this one.
SECRET_KEY = secret("DJANGO_SECRET_KEY", debug_default="dev-only-insecure-key-never-in-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin, on a site only superusers reach, where every change is audited (dhrqa/admin_site.py).
    "dhrqa.admin_config.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "pgtrigger",
    # Multi-factor sign-in: authenticator apps (TOTP) and one-time recovery codes (static).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "dhrqa",
    "submissions",
    "panel",
    # Counts failed sign-ins and locks them out (dhrqa/lockout.py).
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Static files (WhiteNoise, above) keep their long cache; everything after may depend on the session.
    "dhrqa.no_store.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads request.POST: it keeps the file names as the browser sent them.
    "dhrqa.multipart.RawUploadNamesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's: request.user.is_verified() says whether this session has given its code.
    "dhrqa.mfa.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends idle and over-long sessions; before LoginRequiredMiddleware, which then sends the person to sign in.
    "dhrqa.sessions.SessionExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After the sign-in check: a signed-in person who owes a code is sent to give it (dhrqa/mfa/middleware.py).
    "dhrqa.mfa.middleware.MultiFactorMiddleware",
    # Last: it turns a sign-in refused by a lockout into our page (AXES_LOCKOUT_CALLABLE).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dhrqa.urls"
WSGI_APPLICATION = "dhrqa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dhrqa.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'dhrqa.sqlite3'}"
    ),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Seconds a worker keeps its database connection between requests (0: a new
# one for each request, Django's default). Keeping it saves each request the
# connection's set-up and Postgres's per-connection caches of the tables a
# page reads (bench/lists.py measures both); it is checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_DB_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "dhrqa.User"
AUTHENTICATION_BACKENDS = [
    # First: a locked account or address is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, loading each request's user with their second factors' ids (dhrqa/mfa/).
    "dhrqa.mfa.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# NCSC guidance: length, not complexity; common passwords and the person's own details refused (dhrqa/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "dhrqa.passwords.MinimumLengthValidator",
     "OPTIONS": {"min_length": env.int("DHRQA_PASSWORD_MIN_LENGTH", default=12)}},
    {"NAME": "dhrqa.passwords.MaximumLengthValidator", "OPTIONS": {"max_length": 256}},
    {"NAME": "dhrqa.passwords.CommonPasswordValidator"},
    {"NAME": "dhrqa.passwords.NotLikeYourDetailsValidator"},
]
# Links to choose a password (dhrqa/password_links.py): an invitation works for days, a reset for an hour.
DHRQA_INVITATION_DAYS = env.int("DHRQA_INVITATION_DAYS", default=7)
# The delay dashboard's target for issuing the Panel's letter after its meeting. Not in the guidance
# (which sets none): letters that took four to five weeks apologised for the delay (the 2022 and 2023 letters).
DHRQA_LETTER_TARGET_MONTHS = env.int("DHRQA_LETTER_TARGET_MONTHS", default=1)
DHRQA_PASSWORD_RESET_MINUTES = env.int("DHRQA_PASSWORD_RESET_MINUTES", default=60)
# "Forgotten your password?": how many requests a client address, and an e-mail address, may make in a window.
DHRQA_PASSWORD_RESET_LIMIT_PER_CLIENT = env.int("DHRQA_PASSWORD_RESET_LIMIT_PER_CLIENT", default=10)
DHRQA_PASSWORD_RESET_LIMIT_PER_EMAIL = env.int("DHRQA_PASSWORD_RESET_LIMIT_PER_EMAIL", default=3)
DHRQA_PASSWORD_RESET_WINDOW_SECONDS = env.int("DHRQA_PASSWORD_RESET_WINDOW_SECONDS", default=3600)

# Multi-factor sign-in (dhrqa/mfa/). Responders at national bodies read the Panel's OFFICIAL-SENSITIVE answers,
# so they give a code as the Home Office's people do. These roles, and every staff or superuser account, must give a code from
# an authenticator app (or a recovery code) after their password. CSP officers may choose to; with
# DHRQA_MFA_FOR_CSP_OFFICERS they must.
DHRQA_MFA_FOR_CSP_OFFICERS = env.bool("DHRQA_MFA_FOR_CSP_OFFICERS", default=False)
DHRQA_MFA_REQUIRED_ROLES = frozenset(
    {"secretariat", "panel_member", "chair", "responder"} | ({"csp_officer"} if DHRQA_MFA_FOR_CSP_OFFICERS else set())
)
# How many one-time recovery codes a person is given at a time.
DHRQA_MFA_RECOVERY_CODES = 10
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "DHR QA"
# After n wrong codes in a row, the next is refused for 2^(n-1) seconds (django-otp's throttling).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded reports and rendered letters live in the "private" storage
# (dhrqa/storage.py): never under STATIC_ROOT and never given a public URL.
PRIVATE_STORAGE_ROOT = Path(env.str("DHRQA_PRIVATE_STORAGE_ROOT", default=str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_STORAGE_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": env.str(
            "DJANGO_STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        ),
    },
}


def object_storage(env):
    """The `STORAGES["private"]` entry for the S3-compatible bucket DHRQA_S3_BUCKET names.

    The credentials are read from the environment (AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY) by django-storages, or else are the machine's role
    to boto3, so no setting holds them. Objects are private and encrypted at rest: AES256,
    or the KMS key DHRQA_S3_KMS_KEY_ID names.
    """
    prefix = env.str("DHRQA_S3_PREFIX", default="private").strip("/")
    if not prefix:
        # The sweep would list, and delete from, the whole bucket.
        raise ImproperlyConfigured("DHRQA_S3_PREFIX is empty: give the service a prefix of its own in the bucket, "
                                   "e.g. private")
    kms_key = env.str("DHRQA_S3_KMS_KEY_ID", default="")
    encryption = {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": kms_key} if kms_key else {
        "ServerSideEncryption": "AES256"}
    return {
        "BACKEND": "dhrqa.object_storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": env.str("DHRQA_S3_BUCKET"),
            # The hourly sweep removes whatever under this prefix no record names: the service's own.
            "location": prefix,
            "region_name": env.str("DHRQA_S3_REGION", default="eu-west-2"),
            # Another S3-compatible service than AWS (MinIO, Ceph, a cloud's own).
            "endpoint_url": env.str("DHRQA_S3_ENDPOINT_URL", default="") or None,
            # "path" for services that have no per-bucket host names.
            "addressing_style": env.str("DHRQA_S3_ADDRESSING_STYLE", default="") or None,
            # Empty for a bucket whose ACLs are disabled (object ownership "bucket owner enforced").
            "default_acl": env.str("DHRQA_S3_ACL", default="private") or None,
            "object_parameters": encryption,
        },
    }


# On several machines, every web server and worker shares one bucket rather than a folder.
if env.str("DHRQA_S3_BUCKET", default=""):
    STORAGES["private"] = object_storage(env)

# How the system numbers reviews: {csp} is the CSP's code in capitals, {year}
# the year of registration, {number} the review's number for the CSP that year.
DHRQA_REFERENCE_FORMAT = env.str("DHRQA_REFERENCE_FORMAT", default="{csp}-{year}-{number:02d}")
DHRQA_MAX_UPLOAD_BYTES = env.int("DHRQA_MAX_UPLOAD_BYTES", default=50 * 1024 * 1024)
# Larger uploads stream to a temporary file rather than memory, and add_document
# moves that file into private storage. The first handler stops reading a file
# once it crosses DHRQA_MAX_UPLOAD_BYTES, and refuses more than one file a request.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "submissions.upload_handlers.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Django's own backstop (a 400 page) behind UploadLimitHandler's refusal.
DATA_UPLOAD_MAX_NUMBER_FILES = 10

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Celery: Redis in production; with nothing set, a filesystem transport so
# `make run` needs no services.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
# A letter renders in well under a second (its length is bounded: panel/services/rendering.py) and an
# e-mail is sent in a few: a task still running after DHRQA_TASK_TIME_LIMIT_SECONDS is stuck, and its
# process is killed. At the soft limit (0: none) the task is asked to stop (SoftTimeLimitExceeded), so it can say why.
CELERY_TASK_TIME_LIMIT = env.int("DHRQA_TASK_TIME_LIMIT_SECONDS", default=60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("DHRQA_TASK_SOFT_TIME_LIMIT_SECONDS", default=CELERY_TASK_TIME_LIMIT * 3 // 4)
# Redis gives a message that nobody acknowledged within the visibility timeout to another worker. A task
# is acknowledged when it ends (acks_late), and is killed at the time limit, so the timeout sits just
# above that: the letters a killed worker held come back within a minute and a half, not Kombu's hour.
_VISIBILITY_TIMEOUT = CELERY_TASK_TIME_LIMIT * 3 // 2
# A message waiting for its countdown is unacknowledged too, so no task waits longer than this in a
# worker's hands: dhrqa/tasks.py makes a longer wait out of several.
DHRQA_LONGEST_COUNTDOWN_SECONDS = max(1, _VISIBILITY_TIMEOUT - CELERY_TASK_TIME_LIMIT - 5)
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "broker"),
        "data_folder_out": str(VAR_DIR / "broker"),
        "processed_folder": str(VAR_DIR / "broker-processed"),
        "control_folder": str(VAR_DIR / "broker-control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {
        "visibility_timeout": _VISIBILITY_TIMEOUT,
        # Look for such messages every tenth of the timeout (Kombu's default is every 100 s).
        "unacked_restore_interval": max(1, _VISIBILITY_TIMEOUT // 10),
        "unacked_restore_throttle": 1,
        # A broker that cannot be reached fails a request in seconds rather than holding it.
        "socket_connect_timeout": 5,
        "socket_timeout": 10,
    }
)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# A fresh pool process now and then keeps a worker's memory flat, whatever WeasyPrint caches.
CELERY_WORKER_MAX_TASKS_PER_CHILD = 200
# A pool process that dies mid-task has its message handed back once this wait for a result it may have
# sent first is over, within about 5 s (Celery's default, 10 s, makes it 15). Tasks ignore their results.
CELERY_WORKER_LOST_WAIT = 2
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# A draft letter waiting this long is asked for again (its message was lost, or the broker was down
# when it was asked for): longer than the visibility timeout, so Redis hands back a killed worker's first.
DHRQA_RENDER_STALE_SECONDS = CELERY_TASK_TIME_LIMIT * 2
# Celery beat (bin/run-dev, the `beat` service in docker-compose.yml) queues these.
CELERY_BEAT_SCHEDULE = {
    # Files a request or task wrote and then died before its row was saved; files waiting to be deleted.
    "sweep-orphaned-files": {"task": "dhrqa.tasks.sweep_files_task", "schedule": 60 * 60},
    # Readers with assessments outstanding, DHRQA_READER_REMINDER_DAYS before their meeting (once a meeting).
    "remind-readers": {"task": "panel.tasks.remind_readers_task", "schedule": crontab(hour=8, minute=0)},
    # Draft letters waiting longer than DHRQA_RENDER_STALE_SECONDS: asked for again, or marked failed.
    "sweep-stalled-renders": {"task": "panel.tasks.sweep_stalled_renders_task", "schedule": 60},
    # Documents whose text was asked for longer ago than DHRQA_TEXT_STALE_SECONDS: asked for again, or failed.
    "sweep-stalled-extractions": {"task": "submissions.tasks.sweep_stalled_extractions_task", "schedule": 60},
    # Overdue answers from national bodies (panel/services/national_tracker.py): chasers to their responders.
    "chase-national-bodies": {"task": "panel.tasks.chase_national_bodies_task", "schedule": crontab(hour=8, minute=30)},
}
# A stored file is deleted only this many hours after the row naming it went (dhrqa/storage.py): a
# backup whose snapshot still names it copies it meanwhile. Keep it longer than any backup takes.
DHRQA_FILE_DELETION_GRACE_HOURS = env.float("DHRQA_FILE_DELETION_GRACE_HOURS", default=24)
# A national body is asked to answer a recommendation routed to it (accept or decline it) within this many days
# of the verdict's confirmation; after that it is overdue and chased, at most once every DHRQA_CHASER_INTERVAL_DAYS.
DHRQA_NATIONAL_RESPONSE_DAYS = env.int("DHRQA_NATIONAL_RESPONSE_DAYS", default=90)
DHRQA_CHASER_INTERVAL_DAYS = env.int("DHRQA_CHASER_INTERVAL_DAYS", default=14)
# Twice extract_text_task's time limit (330 s): an extraction still pending then was lost with its worker.
DHRQA_TEXT_STALE_SECONDS = env.int("DHRQA_TEXT_STALE_SECONDS", default=660)

# Readers' assessments are due this many days before the meeting; the automatic
# reminder goes this many days before it to readers who have not submitted.
DHRQA_ASSESSMENT_DUE_DAYS = env.int("DHRQA_ASSESSMENT_DUE_DAYS", default=2)
DHRQA_READER_REMINDER_DAYS = env.int("DHRQA_READER_REMINDER_DAYS", default=4)

# Letter signing (PAdES). `manage.py create_signing_certificate` writes a
# self-signed development pair to these paths.
DHRQA_SIGNING_KEY_PATH = Path(env.str("DHRQA_SIGNING_KEY_PATH", default=str(VAR_DIR / "signing" / "key.pem")))
DHRQA_SIGNING_CERT_PATH = Path(env.str("DHRQA_SIGNING_CERT_PATH", default=str(VAR_DIR / "signing" / "cert.pem")))


def _encrypted_key(path):
    """Whether the PEM key at `path` is encrypted (and so needs its passphrase); an absent key needs none yet."""
    try:
        head = path.read_bytes()[:4096]
    except OSError:
        return False
    return b"ENCRYPTED" in head


DHRQA_SIGNING_KEY_PASSPHRASE = secret("DHRQA_SIGNING_KEY_PASSPHRASE", needed=_encrypted_key(DHRQA_SIGNING_KEY_PATH))

# The public "Check a letter" page: how many checks a caller (by address) may ask for in a window.
DHRQA_CHECK_LETTER_LIMIT = env.int("DHRQA_CHECK_LETTER_LIMIT", default=30)
DHRQA_CHECK_LETTER_WINDOW_SECONDS = env.int("DHRQA_CHECK_LETTER_WINDOW_SECONDS", default=600)
# How many proxies of our own stand in front of the web server, each appending to X-Forwarded-For
# (dhrqa.throttle.client_address); 0 trusts REMOTE_ADDR alone.
DHRQA_TRUSTED_PROXY_HOPS = env.int("DHRQA_TRUSTED_PROXY_HOPS", default=0)
# Shared by the web processes when CACHE_URL names Redis (e.g. redis://127.0.0.1:6379/2).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# Sign-in lockout (django-axes, dhrqa/lockout.py): DHRQA_SIGN_IN_FAILURE_LIMIT wrong passwords for one email
# address, or DHRQA_SIGN_IN_ADDRESS_FAILURE_LIMIT from one client address whatever accounts they name (an
# office shares one), within DHRQA_SIGN_IN_LOCKOUT_MINUTES lock it for that long after the last of them.
# The secretariat can unlock sooner (/users/locked/).
AXES_FAILURE_LIMIT = env.int("DHRQA_SIGN_IN_FAILURE_LIMIT", default=5)
DHRQA_SIGN_IN_ADDRESS_FAILURE_LIMIT = env.int("DHRQA_SIGN_IN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("DHRQA_SIGN_IN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "dhrqa.lockout.SignInLockoutHandler"
AXES_LOCKOUT_CALLABLE = "dhrqa.views.lockout.locked_out"
# The sign-in form's field (and authenticate()'s keyword) is `username`, though it holds the email address.
AXES_USERNAME_FORM_FIELD = "username"
AXES_CLIENT_IP_CALLABLE = "dhrqa.throttle.caller_address"
# Tries while locked are refused unchecked and not counted, so the time the page gives stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The audit trail records sign-ins and failures (dhrqa/signals.py); axes keeps only the counts it locks by.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Unlocking goes through our page, which audits it, not the Django admin.
AXES_ENABLE_ADMIN = False
# The sign-in page: how many attempts one client address may make in a window, before any password is checked.
DHRQA_SIGN_IN_RATE_LIMIT = env.int("DHRQA_SIGN_IN_RATE_LIMIT", default=30)
DHRQA_SIGN_IN_RATE_WINDOW_SECONDS = env.int("DHRQA_SIGN_IN_RATE_WINDOW_SECONDS", default=300)

# E-mail. Messages say what happened and link to the service: the casework
# never travels in them. EMAIL_URL chooses the backend: smtp://user:password@host:25,
# smtp+tls://user:password@host:587, consolemail:// (printed by the worker) or
# filemail:// (one file per message under var/mail).
DHRQA_SITE_URL = env.str("DHRQA_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env.str("DHRQA_FROM_EMAIL", default="DHR QA <no-reply@dhrqa.homeoffice.example>")
email_config = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = email_config["EMAIL_BACKEND"]
EMAIL_HOST = email_config["EMAIL_HOST"] or "localhost"
EMAIL_PORT = email_config["EMAIL_PORT"] or 25
EMAIL_HOST_USER = email_config["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = email_config["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = email_config.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = email_config.get("EMAIL_USE_SSL", False)
EMAIL_FILE_PATH = email_config["EMAIL_FILE_PATH"] or str(VAR_DIR / "mail")
# A mail server that accepts the connection and then says nothing must not
# hold a worker until Celery's time limit.
EMAIL_TIMEOUT = 10
# The first retry of a failed send waits this long; each next one twice as long.
DHRQA_EMAIL_RETRY_SECONDS = env.int("DHRQA_EMAIL_RETRY_SECONDS", default=30)

# GOV.UK Notify in production: with an API key set, every e-mail goes through
# Notify's plain template (subject "((subject))", body "((body))") and Notify
# sets the From address. This replaces whatever EMAIL_URL chose.
GOVUK_NOTIFY_API_KEY = env.str("GOVUK_NOTIFY_API_KEY", default="")
if GOVUK_NOTIFY_API_KEY:
    GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID = env.str("GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID", default="")
    try:
        uuid.UUID(GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID)
    except ValueError:
        raise ImproperlyConfigured(
            "GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID must be the ID of a Notify template whose "
            "subject is ((subject)) and body is ((body)), e.g. 43573f75-80e7-402f-b308-e5f1066fbd6f"
        ) from None
    EMAIL_BACKEND = "django_gov_notify.backends.NotifyEmailBackend"

# A session ends after this many minutes without a request the person made (background status polling
# does not count), and in any case this many hours after signing in (dhrqa/sessions.py). Pages warn
# DHRQA_SESSION_WARNING_SECONDS before the end, with a chance to stay signed in.
DHRQA_SESSION_IDLE_MINUTES = env.float("DHRQA_SESSION_IDLE_MINUTES", default=30)
DHRQA_SESSION_MAX_HOURS = env.float("DHRQA_SESSION_MAX_HOURS", default=12)
DHRQA_SESSION_WARNING_SECONDS = env.int("DHRQA_SESSION_WARNING_SECONDS", default=120)
# The cookie and the stored session never outlive the longest a session may last.
SESSION_COOKIE_AGE = int(DHRQA_SESSION_MAX_HOURS * 3600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint narrates every step at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# --- Security headers, cookies and HTTPS (README.md, "Security headers") ---------------------------------------
# Production (docker-compose.yml) serves over HTTPS behind a proxy that terminates TLS and sets
# DJANGO_SECURE_COOKIES and DJANGO_BEHIND_TLS_PROXY; `make run` serves plain HTTP on 127.0.0.1 and sets neither.
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# No script of ours reads the CSRF token from its cookie: forms carry it.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
if SESSION_COOKIE_SECURE:
    # "__Host-": the browser keeps such a cookie only if it is Secure, for this host alone and every path,
    # so neither a sibling subdomain nor plain HTTP can plant or overwrite one.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# Behind a proxy that terminates TLS, trust its word that the request was HTTPS.
if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A request that reached us over plain HTTP is sent to HTTPS; on by default wherever cookies are Secure.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SSL_REDIRECT", default=SESSION_COOKIE_SECURE)
# Sent only on HTTPS responses (SecurityMiddleware), so `make run`'s plain HTTP never carries it. A year, this host
# and its subdomains; gov.uk is on browsers' preload list already. DJANGO_HSTS_SECONDS=0 turns it off.
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# django-csp: no inline script or style anywhere (templates load static/js and the compiled CSS), nothing from
# another origin, and no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
