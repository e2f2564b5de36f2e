"""Invitation and reset e-mails delivered for real: a Celery worker on Redis, sending to an SMTP server on loopback."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from dhrqa.enums import Role
from dhrqa.models import User
from tests.dhrqa.emails import link_in
from tests.dhrqa.govuk_page import heading
from tests.factories import UserFactory
from tests.smtp import smtp_server  # noqa: F401 - a fixture
from tests.worker import running_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEW_PASSWORD = "kettle orchard lantern violin"


def choose(path, password):
    browser = Client()
    form_page = browser.get(path, follow=True)
    return form_page, browser.post(form_page.redirect_chain[-1][0],
                                   {"new_password1": password, "new_password2": password})


def signs_in(email, password):
    response = Client().post(reverse("login"), {"username": email, "password": password})
    return response.status_code == 302 and response["Location"] == "/"


def test_invitation_arrives_sets_password_once_and_person_signs_in(client_for, smtp_server):  # noqa: F811
    secretariat = UserFactory(secretariat=True)
    with running_worker(env={"EMAIL_URL": smtp_server.url}) as worker:
        client_for(secretariat).post(reverse("user_create"), {
            "full_name": "Nia Newcomer", "email": "nia.newcomer@homeoffice.example", "role": Role.PANEL_MEMBER})
        [received] = smtp_server.wait_for(1, timeout=60)
        assert worker.poll() is None, f"the worker exited with status {worker.returncode}"

    path = link_in(received.message.get_content())
    form_page, response = choose(path, NEW_PASSWORD)
    again, _ = choose(path, "another passphrase entirely")

    assert (received.rcpt_tos, received.subject) == (["nia.newcomer@homeoffice.example"],
                                                     "You have been invited to use DHR QA")
    assert (heading(form_page), response["Location"], heading(again)) == (
        "Choose your password", "/sign-in/", "This link no longer works")
    assert signs_in("nia.newcomer@homeoffice.example", NEW_PASSWORD) is True


def test_reset_arrives_and_its_link_sets_the_new_password(smtp_server):  # noqa: F811
    cache.clear()  # the request counts of earlier tests
    UserFactory(panel_member=True, email="dana.hill@example.gov.uk")
    with running_worker(env={"EMAIL_URL": smtp_server.url}):
        # Nobody's request first: a solo worker takes tasks in order, so an e-mail for it would come first.
        Client().post(reverse("forgotten_password"), {"email": "nobody@example.gov.uk"})
        Client().post(reverse("forgotten_password"), {"email": "dana.hill@example.gov.uk"})
        received = smtp_server.wait_for(1, timeout=60)

    [message] = received
    _, response = choose(link_in(message.message.get_content()), NEW_PASSWORD)

    assert (message.rcpt_tos, message.subject) == (["dana.hill@example.gov.uk"], "Reset your DHR QA password")
    assert response["Location"] == "/sign-in/"
    assert signs_in("dana.hill@example.gov.uk", NEW_PASSWORD) is True
    assert User.objects.get(email="dana.hill@example.gov.uk").check_password(NEW_PASSWORD) is True
