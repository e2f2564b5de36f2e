from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from dhrqa.mfa.services import is_app_code, normalise


class _CodeForm(forms.Form):
    label = ""
    hint = ""
    button = ""
    required_message = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"] = forms.CharField(
            label=self.label, help_text=self.hint, max_length=40,
            error_messages={"required": self.required_message,
                            "max_length": "The code must be 40 characters or fewer"},
            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false",
                                          "autocapitalize": "none"}),
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.text("code", field_width=10, label_size="s"), Button("submit", self.button))

    def refuse(self, message):
        self.add_error("code", message)


class SignInCodeForm(_CodeForm):
    """The code step of signing in: six digits from the app, or a recovery code."""

    label = "Code"
    hint = "The 6-digit code your authenticator app shows now, or one of your recovery codes"
    button = "Continue"
    required_message = "Enter the 6-digit code from your authenticator app, or a recovery code"


class SetUpCodeForm(_CodeForm):
    """Confirming a new authenticator app with the code it shows."""

    label = "Code from your app"
    hint = "The 6 digits your authenticator app shows now for DHR QA"
    button = "Confirm and continue"
    required_message = "Enter the 6-digit code from your authenticator app"

    def clean_code(self):
        code = normalise(self.cleaned_data["code"])
        if not is_app_code(code):
            raise forms.ValidationError("Enter the code as 6 digits, like 123456")
        return code
