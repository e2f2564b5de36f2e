"""Forms a CSP officer fills in to send a version: the answers to raised issues, the declaration, a withdrawal."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.utils.html import escape

from dhrqa.form_fields import GovukTextField

DECLARATION = (
    "I confirm that the Community Safety Partnership has agreed these documents for submission, that they "
    "use pseudonyms and contain no real names, dates of birth or addresses of the people involved, and "
    "that they are the final versions for the Quality Assurance Panel to consider."
)


def _helper(*fields, button=None):
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields, *([Button("submit", button)] if button else []))
    return helper


class DeclarationForm(forms.Form):
    confirm = forms.BooleanField(
        label=DECLARATION, error_messages={"required": "Confirm the declaration to send this version"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.checkbox("confirm"), button="Make the declaration")


class WithdrawForm(forms.Form):
    reason = GovukTextField(
        name="the reason for withdrawing", label="Why are you withdrawing this version?",
        max_length=5000, multiline=True,
        help_text="The Home Office sees this reason. You can send a new version afterwards.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason"), Button.warning("submit", "Withdraw this version"))


class IssueAnswersForm(forms.Form):
    """One answer for each issue raised about the previous version."""

    def __init__(self, *args, issues, **kwargs):
        super().__init__(*args, **kwargs)
        self.issues = list(issues)
        for position, issue in enumerate(self.issues, start=1):
            self.fields[f"issue_{issue.pk}"] = GovukTextField(
                name=f"your answer to issue {position}", label=f"Your answer to issue {position}",
                max_length=10_000, multiline=True, required=False,
                # crispy-forms-gds prints a hint as HTML: the issue is text someone typed.
                help_text=escape(issue.text),
            )
        self.helper = _helper(
            *[Field.textarea(name, label_size=Size.SMALL) for name in self.fields],
            button="Save answers",
        )

    def answers(self):
        """{issue id: answer text} for every issue; "" where the officer left it empty."""
        return {issue.pk: self.cleaned_data.get(f"issue_{issue.pk}", "") for issue in self.issues}
