import io

import pytest
from django.core.management import call_command

from tests.factories import PASSWORD, UserFactory
from tests.s3 import object_storage, s3_server  # noqa: F401 - fixtures: one S3 server for the session
from tests.mfa import sign_in


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def csp_officer(db):
    return UserFactory(csp_officer=True)


@pytest.fixture
def secretariat(db):
    return UserFactory(secretariat=True)


@pytest.fixture
def panel_member(db):
    return UserFactory(panel_member=True)


@pytest.fixture
def chair(db):
    return UserFactory(chair=True)


@pytest.fixture
def client_for(client):
    """A test client signed in as the given user, past the code step of multi-factor sign-in (tests/mfa.py)."""

    def signed_in(user):
        return sign_in(client, user)

    return signed_in


@pytest.fixture
def signing_certificate():
    """The per-process development key pair that dhrqa.test_settings points at."""
    call_command("create_signing_certificate", stdout=io.StringIO())
