"""A recommendation of the action plan, typed in; and the spreadsheet that imports many."""

import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from dhrqa.form_fields import GovukDateField, GovukTextField
from submissions.enums import NationalBody, RecommendationScope


class RecommendationForm(forms.Form):
    number = GovukTextField(
        name="the recommendation's number", label="Number", max_length=20,
        help_text="As the action plan numbers it, for example 3 or 3.1",
    )
    text = GovukTextField(name="the recommendation", label="Recommendation", max_length=5000, multiline=True)
    scope = forms.ChoiceField(
        label="Who is it for?", widget=forms.RadioSelect, choices=RecommendationScope.choices,
        error_messages={"required": "Select whether the recommendation is local, regional or national",
                        "invalid_choice": "Select whether the recommendation is local, regional or national"},
    )
    national_body = forms.ChoiceField(
        label="Which national body is it addressed to?", widget=forms.RadioSelect, required=False,
        help_text="Only for a national recommendation",
        choices=NationalBody.choices,
        error_messages={"invalid_choice": "Select the national body from the list"},
    )
    national_body_other = GovukTextField(
        name="the name of the national body", label="Name of the national body, if other", max_length=200,
        required=False,
    )
    lead_agency = GovukTextField(name="the lead agency", label="Lead agency (optional)", max_length=200,
                                 required=False)
    action = GovukTextField(name="the action", label="Action to take (optional)", max_length=5000,
                            multiline=True, required=False)
    target_date = GovukDateField(
        name="target date", label="Target date (optional)", required=False, require_all_fields=False,
        earliest=datetime.date(2000, 1, 1), allow_future=True, help_text="For example, 31 3 2027",
    )

    def __init__(self, *args, submit_label="Save recommendation", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("number", field_width=5),
            Field.textarea("text"),
            # Plain radios rather than conditional reveals: GOV.UK Frontend's script puts
            # aria-expanded on revealing radios, which ARIA does not allow there.
            Field.radios("scope", legend_size=Size.SMALL),
            Field.radios("national_body", legend_size=Size.SMALL),
            Field.text("national_body_other", field_width=20),
            Field.text("lead_agency", field_width=20),
            Field.textarea("action"),
            Field("target_date"),
            Button("submit", submit_label),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == RecommendationScope.NATIONAL:
            body = cleaned.get("national_body")
            if not body and "national_body" not in self.errors:
                self.add_error("national_body", "Select the national body the recommendation is addressed to")
            if body == NationalBody.OTHER and not cleaned.get("national_body_other") \
                    and "national_body_other" not in self.errors:
                self.add_error("national_body_other", "Enter the name of the national body")
        else:
            cleaned["national_body"] = cleaned["national_body_other"] = ""
        if cleaned.get("national_body") != NationalBody.OTHER:
            cleaned["national_body_other"] = ""
        return cleaned

    def row(self):
        return {name: self.cleaned_data.get(name) or ("" if name != "target_date" else None) for name in self.fields}


class RecommendationsImportForm(forms.Form):
    spreadsheet = forms.FileField(
        label="Upload the filled-in template",
        help_text="An Excel spreadsheet (XLSX) made from the template",
        error_messages={"required": "Select the spreadsheet to import", "empty": "The selected file is empty"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["spreadsheet"].widget.attrs["accept"] = (
            ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field("spreadsheet"), Button("submit", "Import recommendations"))


class ConfirmRemoveForm(forms.Form):
    """A POST with only its CSRF token: the page asks "are you sure?"."""

    def __init__(self, *args, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Button.warning("submit", label))

