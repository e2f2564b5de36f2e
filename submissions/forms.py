from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.conf import settings
from django.forms.utils import ErrorDict
from django.utils import timezone

from dhrqa.form_fields import GovukDateField

from submissions.enums import REQUIRED_DOCUMENT_KINDS, DocumentKind
from submissions.uploads import UploadRejected, describe_size, inspect_upload

ACCEPTED_FILES = ".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"

DOCUMENT_LABELS = {
    DocumentKind.OVERVIEW_REPORT: "the overview report",
    DocumentKind.EXECUTIVE_SUMMARY: "the executive summary",
    DocumentKind.ACTION_PLAN: "the action plan",
}


REVIEW_FIELDS = ("victim_pseudonym", "perpetrator_pseudonym", "date_of_death", "independent_chair_name")


class ReviewSubmissionForm(forms.Form):
    """A new review with its three documents, registered and submitted in one go."""

    victim_pseudonym = forms.CharField(
        label="Victim's pseudonym", max_length=100,
        help_text="The name the report uses for the victim, never their real name",
        error_messages={"required": "Enter the victim's pseudonym"},
    )
    perpetrator_pseudonym = forms.CharField(
        label="Perpetrator's pseudonym", max_length=100,
        error_messages={"required": "Enter the perpetrator's pseudonym"},
    )
    date_of_death = GovukDateField(name="date of death", label="Date of death", help_text="For example, 27 3 2024")
    independent_chair_name = forms.CharField(
        label="Independent chair's name", max_length=200,
        error_messages={"required": "Enter the independent chair's name"},
    )
    overview_report = forms.FileField(label="Overview report")
    executive_summary = forms.FileField(label="Executive summary")
    action_plan = forms.FileField(label="Action plan")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in REQUIRED_DOCUMENT_KINDS:
            field = self.fields[kind]
            field.help_text = "PDF or Word document (DOCX)"
            field.error_messages["required"] = f"Select {DOCUMENT_LABELS[kind]}"
            field.error_messages["empty"] = f"The selected file for {DOCUMENT_LABELS[kind]} is empty"
            field.widget.attrs["accept"] = ACCEPTED_FILES
        self.inspected = {}
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                Field.text("victim_pseudonym", field_width=20),
                Field.text("perpetrator_pseudonym", field_width=20),
                Field("date_of_death"),
                Field.text("independent_chair_name", field_width=20),
                legend="About the review", legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field("overview_report"),
                Field("executive_summary"),
                Field("action_plan"),
                legend="Documents", legend_size=Size.MEDIUM,
            ),
            Button("submit", "Submit to the Home Office"),
        )

    def clean_date_of_death(self):
        value = self.cleaned_data["date_of_death"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("Date of death must be today or in the past")
        return value

    def _clean_document(self, kind):
        uploaded = self.cleaned_data[kind]
        try:
            self.inspected[kind] = inspect_upload(uploaded, label=DOCUMENT_LABELS[kind])
        except UploadRejected as rejected:
            raise forms.ValidationError(str(rejected)) from None
        return uploaded

    def clean_overview_report(self):
        return self._clean_document(DocumentKind.OVERVIEW_REPORT)

    def clean_executive_summary(self):
        return self._clean_document(DocumentKind.EXECUTIVE_SUMMARY)

    def clean_action_plan(self):
        return self._clean_document(DocumentKind.ACTION_PLAN)

    def refuse_oversized_request(self):
        """The upload was cut off before it was stored: say so, and check nothing else."""
        limit = describe_size(settings.DHRQA_MAX_UPLOAD_BYTES)
        self._errors = ErrorDict()
        self.cleaned_data = {}
        self.add_error(None, f"The selected files must each be smaller than {limit}")

    def review_details(self):
        """The fields `register_review` takes."""
        return {name: self.cleaned_data[name] for name in REVIEW_FIELDS}

    def documents(self):
        """Each document kind with its upload and what inspection found."""
        return {kind: (self.cleaned_data[kind], self.inspected[kind]) for kind in REQUIRED_DOCUMENT_KINDS}
