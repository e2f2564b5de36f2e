"""dhrqa/settings.py as production starts it: in a fresh process each, with only the environment given.

Secrets come from the environment, never from a default; Django's deployment
checks find nothing; and every page carries the security headers.
"""

import json
import os
import secrets
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db

HOST = "dhrqa.example.gov.uk"
# django-csp writes the directives in no fixed order.
CSP = sorted(["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
              "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'",
              "frame-ancestors 'none'"])
# What a request over HTTPS through the proxy answers, as the browser sees it (run in the server's process).
FETCH_SIGN_IN = """
import json, django
django.setup()
from django.test import Client
https = Client(HTTP_HOST="%(host)s").get("/sign-in/", headers={"X-Forwarded-Proto": "https"})
plain = Client(HTTP_HOST="%(host)s").get("/sign-in/?next=/reviews/")
print(json.dumps({
    "https": [https.status_code, {name: https.headers.get(name) for name in (
        "Strict-Transport-Security", "Content-Security-Policy", "X-Frame-Options", "Referrer-Policy",
        "X-Content-Type-Options", "Cross-Origin-Opener-Policy", "Cache-Control")}],
    "cookies": {name: [morsel["secure"], morsel["httponly"], morsel["samesite"], morsel["path"], morsel["domain"]]
                for name, morsel in https.cookies.items()},
    "plain": [plain.status_code, plain.headers.get("Location")],
}))
""" % {"host": HOST}


def database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def production(**overrides):
    """The environment docker-compose.yml gives the web service, with a fresh secret; nothing else of this process's."""
    environment = {
        "PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "dhrqa.settings",
        "DATABASE_URL": database_url(),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SECURE_COOKIES": "true",
        "DJANGO_BEHIND_TLS_PROXY": "true",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    environment.update(overrides)
    return {name: value for name, value in environment.items() if value is not None}


def run(*arguments, environment):
    return subprocess.run([sys.executable, *arguments], env=environment, cwd=settings.BASE_DIR,
                          capture_output=True, text=True, timeout=120)


def directives(policy):
    return sorted(policy.split("; "))


def last_line(text):
    return text.strip().splitlines()[-1]


def test_production_settings_deploy_check_reports_nothing():
    result = run("manage.py", "check", "--deploy", "--fail-level", "DEBUG", environment=production())

    assert (result.returncode, result.stdout) == (0, "System check identified no issues (0 silenced).\n")


def test_production_settings_refuse_to_start_without_a_secret_key():
    for unset in (None, ""):
        result = run("manage.py", "check", environment=production(DJANGO_SECRET_KEY=unset))

        assert (result.returncode, last_line(result.stderr)) == (1, (
            "django.core.exceptions.ImproperlyConfigured: DJANGO_SECRET_KEY is not set: with DJANGO_DEBUG off it "
            "must come from the environment (see README.md, Configuration)"))


def test_production_settings_debug_on_starts_with_a_development_key():
    result = run("-c", "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)",
                 environment=production(DJANGO_SECRET_KEY=None, DJANGO_DEBUG="true"))

    assert (result.returncode, result.stdout) == (0, "dev-only-insecure-key-never-in-production\n")


def test_production_settings_encrypted_signing_key_needs_its_passphrase(tmp_path):
    key = tmp_path / "key.pem"
    key.write_bytes(ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"a long passphrase")))
    print_passphrase = "import django; django.setup(); from django.conf import settings; " \
                       "print(settings.DHRQA_SIGNING_KEY_PASSPHRASE)"

    without = run("-c", print_passphrase, environment=production(DHRQA_SIGNING_KEY_PATH=str(key)))
    with_it = run("-c", print_passphrase, environment=production(
        DHRQA_SIGNING_KEY_PATH=str(key), DHRQA_SIGNING_KEY_PASSPHRASE="a long passphrase"))

    assert (without.returncode, last_line(without.stderr)) == (1, (
        "django.core.exceptions.ImproperlyConfigured: DHRQA_SIGNING_KEY_PASSPHRASE is not set: with DJANGO_DEBUG "
        "off it must come from the environment (see README.md, Configuration)"))
    assert (with_it.returncode, with_it.stdout) == (0, "a long passphrase\n")


def test_production_settings_pages_carry_the_security_headers_and_secure_cookies():
    # Production collects the static files into the image; here the page's {% static %} needs no manifest.
    result = run("-c", FETCH_SIGN_IN, environment=production(
        DJANGO_STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
        PYTHONWARNINGS="ignore:No directory at"))

    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)
    answers["https"][1]["Content-Security-Policy"] = directives(answers["https"][1]["Content-Security-Policy"])
    assert answers == {
        "https": [200, {
            "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
            "Content-Security-Policy": CSP,
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "same-origin",
            "X-Content-Type-Options": "nosniff",
            "Cross-Origin-Opener-Policy": "same-origin",
            "Cache-Control": "max-age=0, no-cache, no-store, must-revalidate, private",
        }],
        # Secure, kept from scripts, sent on this host alone ("__Host-").
        "cookies": {"__Host-csrftoken": [True, True, "Lax", "/", ""]},
        # Plain HTTP that reached the server is sent to HTTPS.
        "plain": [301, f"https://{HOST}/sign-in/?next=/reviews/"],
    }


def test_production_settings_csp_sent_on_every_page_as_the_tests_run_it(client):
    response = client.get("/check-a-letter/")

    assert (response.status_code, directives(response["Content-Security-Policy"]), response["X-Frame-Options"]) == (
        200, CSP, "DENY")
