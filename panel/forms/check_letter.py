"""The file upload of the public "Check a letter" page."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from panel.verification import MAX_LETTER_BYTES
from submissions.inspection import describe_size


class LetterCheckForm(forms.Form):
    """One PDF to check. `refused` is the upload handler's UploadRefused, when it stopped reading the file;
    `problem` a message for a check refused before the file was read (too many, or too busy)."""

    letter = forms.FileField(
        label="Upload the letter",
        help_text=f"The PDF file you were sent or downloaded, up to {describe_size(MAX_LETTER_BYTES)}",
        error_messages={
            "required": "Select the letter to check",
            "missing": "Select the letter to check",
            "invalid": "The selected file could not be read",
            "empty": "The selected file is empty",
        },
    )

    def __init__(self, *args, refused=None, problem=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.refused = refused
        self.problem = problem
        if refused or problem:
            self.fields["letter"].required = False
        self.fields["letter"].widget.attrs["accept"] = ".pdf,application/pdf"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field("letter"), Button("submit", "Check the letter"))

    def clean(self):
        cleaned = super().clean()
        if self.refused:
            self.add_error("letter", self.refused.message())
        elif self.problem:
            self.add_error("letter", self.problem)
        return cleaned
