"""Settings for the test suite: Postgres always, fast hashing, files in a temp folder."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dhrqa")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
# Tests run with DEBUG off, as production does, so settings want a secret key: this one signs nothing real.
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret")

from dhrqa.settings import *  # noqa: E402,F403
from dhrqa.settings import DATABASES, STORAGES, env  # noqa: E402

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise RuntimeError("The tests run on Postgres: set DATABASE_URL to a postgres:// URL")
# A test database need not survive a crash: a commit returns without waiting for its WAL to reach the
# disk (about 4 ms less each, and transactional tests, workers and servers commit thousands of times).
# Every connection still sees a commit at once, so nothing a test checks changes.
_OPTIONS = DATABASES["default"].setdefault("OPTIONS", {})
_OPTIONS["options"] = f"{_OPTIONS.get('options', '')} -c synchronous_commit=off".strip()

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A worker started by a test is pointed at the test process's folder through
# DHRQA_TEST_FILES, so both see the same files.
_TEST_FILES = Path(os.environ.get("DHRQA_TEST_FILES") or tempfile.mkdtemp(prefix="dhrqa-test-"))
PRIVATE_STORAGE_ROOT = _TEST_FILES / "private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # A worker started by an object-storage test is given DHRQA_S3_BUCKET (tests/s3.py) and keeps the
    # bucket dhrqa.settings chose; otherwise the files go to the temp folder.
    "private": STORAGES["private"] if os.environ.get("DHRQA_S3_BUCKET") else {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_STORAGE_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests serve static files through the finders; WhiteNoise only wants the folder.
STATIC_ROOT = _TEST_FILES / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
DHRQA_MAX_UPLOAD_BYTES = env.int("DHRQA_MAX_UPLOAD_BYTES", default=2 * 1024 * 1024)
DHRQA_SIGNING_KEY_PATH = _TEST_FILES / "signing" / "key.pem"
DHRQA_SIGNING_CERT_PATH = _TEST_FILES / "signing" / "cert.pem"
CELERY_TASK_ALWAYS_EAGER = False
LOGGING = {"version": 1, "disable_existing_loggers": False}
# A worker started by a fault test holds each render this long (panel/services/rendering.py), so the
# test can kill it mid-render. Only these settings define it.
DHRQA_TEST_RENDER_DELAY_SECONDS = float(os.environ.get("DHRQA_TEST_RENDER_DELAY_SECONDS") or 0)
# Every test client calls from 127.0.0.1: the check page's limit is tested with its own, lower one.
DHRQA_CHECK_LETTER_LIMIT = 100_000
# Every test client signs in from 127.0.0.1: the sign-in page's limit is tested with its own, lower one.
DHRQA_SIGN_IN_RATE_LIMIT = 100_000
