"""E-mail settings as dhrqa/settings.py reads them from the environment, in a fresh process each.

No test reaches GOV.UK Notify: it is a remote service with no local stand-in.
These prove that an API key selects its backend and that the backend accepts
our e-mails as its plain template's subject and body, without sending them.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django_gov_notify.utils import cast_to_notify_email_message

from dhrqa.notifications import render_email

EMAIL_VARIABLES = ("EMAIL_URL", "DHRQA_SITE_URL", "DHRQA_FROM_EMAIL", "DHRQA_EMAIL_RETRY_SECONDS",
                   "GOVUK_NOTIFY_API_KEY", "GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID")
TEMPLATE_ID = "43573f75-80e7-402f-b308-e5f1066fbd6f"
PRINT_SETTINGS = (
    "import json; from django.conf import settings; print(json.dumps({name: getattr(settings, name) for name in ["
    "'EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', "
    "'EMAIL_USE_TLS', 'EMAIL_FILE_PATH', 'DEFAULT_FROM_EMAIL', 'DHRQA_SITE_URL']}))"
)


def run_settings(**environment):
    """Import dhrqa.settings with only these e-mail variables set; the process's result."""
    env = {name: value for name, value in os.environ.items() if name not in EMAIL_VARIABLES}
    env.update(environment, DJANGO_SETTINGS_MODULE="dhrqa.settings")
    return subprocess.run([sys.executable, "-c", PRINT_SETTINGS], env=env, cwd=settings.BASE_DIR,
                          capture_output=True, text=True, timeout=30)


def email_settings(**environment):
    result = run_settings(**environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_email_settings_default_to_the_console():
    assert email_settings() == {
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "EMAIL_HOST": "localhost", "EMAIL_PORT": 25, "EMAIL_HOST_USER": "", "EMAIL_HOST_PASSWORD": "",
        "EMAIL_USE_TLS": False, "EMAIL_FILE_PATH": str(settings.BASE_DIR / "var" / "mail"),
        "DEFAULT_FROM_EMAIL": "DHR QA <no-reply@dhrqa.homeoffice.example>",
        "DHRQA_SITE_URL": "http://127.0.0.1:8000",
    }


def test_email_settings_smtp_tls_url_sets_host_port_and_login():
    values = email_settings(EMAIL_URL="smtp+tls://relay:s%40cret@mail.example.gov.uk:587",
                            DHRQA_SITE_URL="https://dhrqa.example.gov.uk/", DHRQA_FROM_EMAIL="DHR QA <dhr@example.gov.uk>")

    assert values == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.gov.uk", "EMAIL_PORT": 587, "EMAIL_HOST_USER": "relay",
        "EMAIL_HOST_PASSWORD": "s@cret", "EMAIL_USE_TLS": True,
        "EMAIL_FILE_PATH": str(settings.BASE_DIR / "var" / "mail"),
        "DEFAULT_FROM_EMAIL": "DHR QA <dhr@example.gov.uk>", "DHRQA_SITE_URL": "https://dhrqa.example.gov.uk",
    }


def test_email_settings_filemail_writes_under_var_mail():
    values = email_settings(EMAIL_URL="filemail://")

    assert (values["EMAIL_BACKEND"], values["EMAIL_FILE_PATH"]) == (
        "django.core.mail.backends.filebased.EmailBackend", str(settings.BASE_DIR / "var" / "mail"))


def test_email_settings_notify_key_selects_the_notify_backend():
    values = email_settings(EMAIL_URL="smtp://mail.example.gov.uk:25", GOVUK_NOTIFY_API_KEY="test-key",
                            GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID=TEMPLATE_ID)

    assert values["EMAIL_BACKEND"] == "django_gov_notify.backends.NotifyEmailBackend"


@pytest.mark.parametrize("template_id", ["", "plain"])
def test_email_settings_notify_key_without_a_template_id_stops_the_app(template_id):
    result = run_settings(GOVUK_NOTIFY_API_KEY="test-key", GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID=template_id)

    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID must be the ID of a "
        "Notify template whose subject is ((subject)) and body is ((body)), e.g. 43573f75-80e7-402f-b308-e5f1066fbd6f")


def test_notify_backend_takes_a_rendered_email_as_its_plain_template(settings):
    settings.GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID = TEMPLATE_ID
    context = {"reference": "KENT-2026-03", "csp_name": "Kent Community Safety Partnership", "version": 2,
               "path": "/submissions/41/"}
    message = render_email("submission_accepted", context, "csp@kent.example")

    # What NotifyEmailBackend does with each message before it calls the Notify API.
    notify_message = cast_to_notify_email_message(message, fail_silently=False)

    assert (notify_message.recipients(), notify_message.message()) == (["csp@kent.example"], {
        "template_id": TEMPLATE_ID,
        "personalisation": {"subject": message.subject, "body": message.body},
    })
