"""Password rules as the NCSC advises: length over complexity.

A minimum length, room for long passphrases, and a refusal of common passwords
and of ones made from the person's name or e-mail address. No rules about
mixing capitals, digits or symbols: they make passwords harder to remember,
not to guess. AUTH_PASSWORD_VALIDATORS in dhrqa/settings.py lists these; each
says what is wrong in GOV.UK's words.
"""

import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return f"Password must be {self.min_length} characters or more"

    def get_help_text(self):
        return f"Use at least {self.min_length} characters."


class MaximumLengthValidator:
    """Long passphrases are welcome; a password of megabytes is not one."""

    def __init__(self, max_length=256):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(self.get_error_message(), code="password_too_long")

    def get_error_message(self):
        return f"Password must be {self.max_length} characters or fewer"

    def get_help_text(self):
        return f"Use up to {self.max_length} characters."


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return "Password is too easy to guess because many people use it. Choose a different password"

    def get_help_text(self):
        return "Do not use a common password."


class NotLikeYourDetailsValidator(password_validation.UserAttributeSimilarityValidator):
    """Refuse a password like the person's name or e-mail address, or one that contains either whole."""

    def __init__(self, max_similarity=0.7):
        super().__init__(user_attributes=("full_name", "email"), max_similarity=max_similarity)

    def validate(self, password, user=None):
        super().validate(password, user)
        if user is None:
            return
        letters = _letters_and_digits(password)
        whole = [user.full_name or "", (user.email or "").split("@")[0]]
        if any(len(part) >= 4 and part in letters for part in map(_letters_and_digits, whole)):
            raise ValidationError(self.get_error_message(), code="password_too_similar")

    def get_error_message(self):
        return "Password must not be like your name or email address"

    def get_help_text(self):
        return "Do not use your name or email address."


def _letters_and_digits(text):
    return re.sub(r"[\W_]+", "", text.casefold())


def hint():
    """The rules, as hint text for a field where someone chooses a password."""
    validators = {type(v): v for v in password_validation.get_default_password_validators()}
    shortest = getattr(validators.get(MinimumLengthValidator), "min_length", 1)
    longest = getattr(validators.get(MaximumLengthValidator), "max_length", None)
    return " ".join([
        f"Use at least {shortest} characters" + (f" (up to {longest})." if longest else "."),
        "A passphrase of three or more random words is easy to remember and hard to guess.",
        "You do not need capital letters, numbers or symbols.",
        "Do not use a common password, or your name or email address.",
    ])
