from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address

from dhrqa import lockout

from dhrqa.accounts import roles_grantable_by
from dhrqa.enums import RESPONDING_BODIES, Role
from dhrqa.form_fields import GovukTextField
from dhrqa.models import CommunitySafetyPartnership, User


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address", max_length=254,
        error_messages={"required": "Enter your email address",
                        "invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been closed",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean_username(self):
        return self.cleaned_data["username"].lower()


class UnlockForm(forms.Form):
    """The hidden fields of a lock's "Unlock" button (dhrqa/views/lockout.py)."""

    kind = forms.ChoiceField(choices=[(lockout.ACCOUNT, "Email address"), (lockout.ADDRESS, "Client address")],
                             error_messages={"required": "Choose a lock to unlock",
                                             "invalid_choice": "Choose a lock to unlock"})
    value = forms.CharField(max_length=255, error_messages={"required": "Choose a lock to unlock"})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == lockout.ADDRESS and cleaned.get("value"):
            try:
                validate_ipv46_address(cleaned["value"])
            except ValidationError:
                self.add_error("value", "Choose a lock to unlock")
        return cleaned


class InvitationForm(forms.ModelForm):
    """Who to invite. The roles offered are those the inviter may give (accounts.roles_grantable_by)."""

    full_name = GovukTextField(name="the person's full name", label="Full name", max_length=200)

    class Meta:
        model = User
        fields = ["full_name", "email", "role", "csp", "national_body"]
        labels = {"full_name": "Full name", "email": "Email address", "csp": "Community Safety Partnership",
                  "national_body": "National body"}
        help_texts = {"csp": "Only for CSP officers", "national_body": "Only for national body responders"}
        widgets = {"role": forms.RadioSelect}
        error_messages = {
            "email": {"required": "Enter an email address",
                      "invalid": "Enter an email address in the correct format, like name@example.com",
                      "unique": "There is already an account with this email address"},
            "role": {"required": "Choose the person's role",
                     "invalid_choice": "Choose CSP officer, panel member or national body responder. An admin invites "
                                       "secretariat and chair accounts"},
            "national_body": {"invalid_choice": "Choose a national body from the list"},
        }

    def __init__(self, *args, inviter, **kwargs):
        super().__init__(*args, **kwargs)
        # Nobody gives a role above their own: accounts that sign letters or manage users are an admin's to give.
        self.fields["role"].choices = [(role.value, role.label) for role in roles_grantable_by(inviter)]
        self.fields["csp"].queryset = CommunitySafetyPartnership.objects.all()
        self.fields["csp"].empty_label = "Not a CSP officer"
        self.fields["national_body"].choices = [("", "Not a national body responder"),
                                                *((body.value, body.label) for body in RESPONDING_BODIES)]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("full_name", field_width=20),
            Field.text("email", field_width=20),
            Field.radios("role", legend_size="m"),
            Field.select("csp"),
            Field.select("national_body"),
            Button("submit", "Send invitation"),
        )

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("There is already an account with this email address")
        return email

    def clean(self):
        cleaned = super().clean()
        role, csp = cleaned.get("role"), cleaned.get("csp")
        if role == Role.CSP_OFFICER and csp is None:
            self.add_error("csp", "Choose the CSP this officer works for")
        if role and role != Role.CSP_OFFICER and csp is not None:
            self.add_error("csp", "Only CSP officers belong to a CSP")
        body = cleaned.get("national_body")
        if role == Role.RESPONDER and not body and "national_body" not in self.errors:
            self.add_error("national_body", "Choose the national body this responder works for")
        if role and role != Role.RESPONDER and body:
            self.add_error("national_body", "Only national body responders belong to a national body")
        return cleaned


class ForgottenPasswordForm(forms.Form):
    email = forms.EmailField(
        label="Email address", max_length=254,
        help_text="The address you sign in with",
        error_messages={"required": "Enter your email address",
                        "invalid": "Enter an email address in the correct format, like name@example.com"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("email", field_width=20, autocomplete="email", spellcheck="false"),
            Button("submit", "Send the link"),
        )


class ChoosePasswordForm(forms.Form):
    """A new password, typed twice, checked against AUTH_PASSWORD_VALIDATORS (dhrqa/passwords.py)."""

    # Not stripped: spaces are part of a passphrase.
    new_password1 = forms.CharField(label="New password", strip=False,
                                    error_messages={"required": "Enter a password"})
    new_password2 = forms.CharField(label="Confirm your password", strip=False,
                                    error_messages={"required": "Enter the password again"})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_new_password1(self):
        password = self.cleaned_data["new_password1"]
        password_validation.validate_password(password, self.user)
        return password

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("new_password1"), cleaned.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", "The passwords do not match. Type the same password in both boxes")
        return cleaned
