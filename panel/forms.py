import datetime
import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from dhrqa.enums import Role
from dhrqa.form_fields import GovukDateField, GovukTextField
from dhrqa.formsets import GovukFormSet
from dhrqa.models import User
from panel.enums import CURRENT_ERA, OUTCOMES_BY_ERA

MAX_NATIONAL_RESPONSES = 30


class MeetingForm(forms.Form):
    date = GovukDateField(name="date of the meeting", label="Date of the meeting", help_text="For example, 15 1 2027",
                          earliest=datetime.date(2011, 4, 13), allow_future=True)
    chair = forms.ModelChoiceField(
        label="Chair", queryset=User.objects.none(), empty_label="Choose the chair",
        error_messages={"required": "Choose who chairs the meeting", "invalid_choice": "Choose who chairs the meeting"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = User.objects.filter(role=Role.CHAIR, is_active=True)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field("date"), Field.select("chair"), Button("submit", "Create meeting")
        )


class AgendaItemForm(forms.Form):
    submission = forms.ModelChoiceField(
        label="Which submission should go on the agenda?", queryset=None, widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose a submission to add to the agenda",
                        "invalid_choice": "Choose a submission that is waiting for a meeting"},
    )

    def __init__(self, *args, submissions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"].queryset = submissions
        self.fields["submission"].label_from_instance = (
            lambda s: f"{s.review.reference}: {s.review.csp.name} ({s.review.victim_pseudonym})"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("submission", legend_size=Size.MEDIUM, legend_tag="h2"),
            Button("submit", "Add to agenda"),
        )


class VerdictForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome", widget=forms.RadioSelect,
        error_messages={"required": "Choose the Panel's verdict",
                        "invalid_choice": "Choose the Panel's verdict from the list"},
    )
    commendation = GovukTextField(
        name="the commendation", label="Commendation (optional)", required=False, multiline=True,
        max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Written as it will read in the letter",
    )
    issues = GovukTextField(
        name="the issues", label="Issues the CSP should consider (optional)", required=False, multiline=True,
        max_length=20_000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One issue per line. Each becomes a bullet in the letter, exactly as written.",
    )

    def __init__(self, *args, era=CURRENT_ERA, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o.value, o.label) for o in OUTCOMES_BY_ERA[era]]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("outcome", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.textarea("commendation"),
            Field.textarea("issues"),
        )

    def clean_issues(self):
        return [line.strip() for line in self.cleaned_data["issues"].splitlines() if line.strip()]


class NationalResponseForm(forms.Form):
    recommendation_numbers = forms.CharField(
        label="Recommendation numbers", required=False, max_length=100,
        help_text="The action plan's numbers this response covers, for example 3 or 5, 6, 8",
    )
    text = GovukTextField(
        name="the response", label="Response", required=False, multiline=True, max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}), help_text="Leave a blank line between paragraphs",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.text("recommendation_numbers", field_width=10),
            Field.textarea("text"),
        )

    def clean_recommendation_numbers(self):
        raw = self.cleaned_data["recommendation_numbers"].strip()
        if not raw:
            return []
        parts = [part for part in re.split(r"[,\s]+", raw) if part]
        if not all(part.isdigit() and 0 < int(part) < 1000 for part in parts):
            raise forms.ValidationError("Enter recommendation numbers as whole numbers, for example 5, 6, 8")
        # In the order typed, each number once.
        return list(dict.fromkeys(int(part) for part in parts))

    def clean(self):
        cleaned = super().clean()
        numbers, text = cleaned.get("recommendation_numbers"), cleaned.get("text", "").strip()
        if numbers and not text:
            self.add_error("text", "Enter the response to these recommendations")
        if text and not numbers and "recommendation_numbers" not in self.errors:
            self.add_error("recommendation_numbers", "Enter the recommendation numbers this response covers")
        cleaned["text"] = text
        return cleaned


class BaseNationalResponseFormSet(GovukFormSet):
    noun = "response"

    def responses(self):
        """(numbers, text) pairs in the order entered, skipping blank rows."""
        return [
            (form.cleaned_data["recommendation_numbers"], form.cleaned_data["text"])
            for form in self.forms
            if form.cleaned_data.get("recommendation_numbers")
        ]


NationalResponseFormSet = forms.formset_factory(
    NationalResponseForm, formset=BaseNationalResponseFormSet, extra=3,
    max_num=MAX_NATIONAL_RESPONSES, absolute_max=MAX_NATIONAL_RESPONSES, validate_max=True,
)
