"""A recommendation of the action plan, typed in; and the spreadsheet that imports many."""

import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from dhrqa.form_fields import GovukDateField, GovukTextField
from submissions.action_plan_xlsx import NotTheTemplate, read_recommendations
from submissions.enums import DocumentKind, FileType, NationalBody, RecommendationScope
from submissions.inspection import UploadRejected, inspect_upload


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


NOT_A_SPREADSHEET = "The selected file must be an Excel spreadsheet (XLSX) made from the template"


class RecommendationsImportForm(forms.Form):
    """The filled-in template. Once valid, `result` holds its rows and the problems of any it could not read."""

    spreadsheet = forms.FileField(
        label="Upload the filled-in template",
        help_text="An Excel spreadsheet (XLSX) made from the template",
        error_messages={"required": "Select the spreadsheet to import", "empty": "The selected file is empty"},
    )

    def __init__(self, *args, raw_names=None, refused=None, **kwargs):
        """`refused` is the upload handler's UploadRefused, if it stopped reading the file."""
        super().__init__(*args, **kwargs)
        self.raw_names = raw_names or {}
        self.refused = refused
        self.result = None
        if refused:
            self.fields["spreadsheet"].required = False
        self.fields["spreadsheet"].widget.attrs["accept"] = (
            ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field("spreadsheet"), Button("submit", "Import recommendations"))

    def clean_spreadsheet(self):
        uploaded = self.cleaned_data["spreadsheet"]
        if uploaded is None:  # the upload handler refused it: clean() says why
            return uploaded
        name = (self.raw_names.get("spreadsheet") or [None])[0]
        try:
            inspected = inspect_upload(uploaded, kind=DocumentKind.ACTION_PLAN, label="the spreadsheet", name=name)
        except UploadRejected as rejected:
            raise forms.ValidationError(str(rejected)) from None
        if inspected.file_type != FileType.XLSX:
            raise forms.ValidationError(NOT_A_SPREADSHEET)
        uploaded.seek(0)
        try:
            self.result = read_recommendations(uploaded)
        except NotTheTemplate as refused:
            raise forms.ValidationError(str(refused)) from None
        if not self.result.rows and not self.result.errors:
            raise forms.ValidationError("The selected spreadsheet has no recommendations in it")
        return uploaded

    def clean(self):
        cleaned = super().clean()
        if self.refused:
            self.add_error("spreadsheet", self.refused.message("the spreadsheet"))
        return cleaned


class ConfirmRemoveForm(forms.Form):
    """A POST with only its CSRF token: the page asks "are you sure?"."""

    def __init__(self, *args, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Button.warning("submit", label))

