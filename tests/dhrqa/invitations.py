"""Inviting someone in a test, and following the link in their e-mail, as the invitee would."""

import pytest
from django.test import Client
from django.urls import reverse

from dhrqa.enums import Role
from dhrqa.models import AuditEvent
from tests.dhrqa.emails import queued_emails

USER_CREATE_URL = reverse("user_create")
SIGN_IN_URL = reverse("login")
NEW_PASSWORD = "a-long-and-new-passphrase-2027"
NOT_WORKING = "This link no longer works"
ASK_FOR_INVITATION = ("Ask the Home Office DHR secretariat to send you a new invitation. "
                      "If you have already chosen a password, sign in.")


def new_account(**changes):
    data = {"full_name": "Olive Officer", "email": "Olive.Officer@Kent.gov.uk", "role": Role.CSP_OFFICER, "csp": ""}
    data.update(changes)
    return data


def events(action):
    return list(AuditEvent.objects.filter(action=action).values_list("actor", "object_id", "detail"))


@pytest.fixture
def invite(client_for, secretariat, django_capture_on_commit_callbacks):
    """Invite someone as the secretariat; return (page, e-mails queued)."""

    def send(**changes):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = client_for(secretariat).post(USER_CREATE_URL, new_account(**changes))
        return response, queued_emails(callbacks)

    return send


def choose_password(path, password1, password2=None, browser=None):
    """Follow an e-mail's link in a fresh browser and submit the form: (form page, answer)."""
    browser = browser or Client()
    form_page = browser.get(path, follow=True)
    response = browser.post(form_page.redirect_chain[-1][0], {
        "new_password1": password1, "new_password2": password1 if password2 is None else password2,
    })
    return form_page, response
