"""Password rules as the NCSC advises (dhrqa/passwords.py, AUTH_PASSWORD_VALIDATORS)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from dhrqa.models import User


def problems(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


@pytest.fixture
def olive():
    # Not saved: the rules read only the name and address.
    return User(full_name="Olive Officer", email="olive.officer@kent.gov.uk")


@pytest.mark.parametrize("password", [
    "correct horse battery staple",  # a passphrase with spaces
    "lowercaseonlypassphrase",  # no capitals, digits or symbols needed
    "tree " * 12 + "moon",  # 64 characters
    "a long passphrase " * 14 + "abcd",  # 256 characters
    "ŝtrange ünicode wörds ☃ here",
])
def test_validate_password_long_or_plain_passphrase_accepted(password, olive):
    assert problems(password, olive) == []


@pytest.mark.parametrize(("password", "message"), [
    ("eleven-char", "Password must be 12 characters or more"),
    ("x" * 257, "Password must be 256 characters or fewer"),
    ("password1234", "Password is too easy to guess because many people use it. Choose a different password"),
    ("qwertyuiop123", "Password is too easy to guess because many people use it. Choose a different password"),
    ("olive.officer@kent.gov.uk", "Password must not be like your name or email address"),
    ("Olive Officer 2026", "Password must not be like your name or email address"),
    ("my oliveofficer secret", "Password must not be like your name or email address"),
])
def test_validate_password_refused_with_message(password, message, olive):
    assert problems(password, olive) == [message]


def test_validate_password_short_and_common_says_both(olive):
    assert problems("password", olive) == [
        "Password must be 12 characters or more",
        "Password is too easy to guess because many people use it. Choose a different password",
    ]
