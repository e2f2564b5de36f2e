"""Adding documents to a draft version: what kind each is, and the file."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from submissions.enums import (
    DOCUMENT_KIND_PHRASES,
    FILE_TYPES_BY_KIND,
    OPTIONAL_DOCUMENT_KINDS,
    REQUIRED_DOCUMENT_KINDS,
    FileType,
)
from submissions.inspection import UploadRejected, inspect_upload

EXTENSIONS = {FileType.PDF: ".pdf", FileType.DOCX: ".docx", FileType.ODT: ".odt", FileType.XLSX: ".xlsx"}


def accept_attribute(kinds):
    types = {file_type for kind in kinds for file_type in FILE_TYPES_BY_KIND[kind]}
    return ",".join(EXTENSIONS[file_type] for file_type in FileType if file_type in types)


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of document is it?", widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of document it is",
                        "invalid_choice": "Select what kind of document it is"},
    )
    file = forms.FileField(
        label="Upload a file",
        error_messages={"required": "Select a file to upload", "empty": "The selected file is empty"},
    )

    def __init__(self, *args, case_kind, raw_names=None, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = REQUIRED_DOCUMENT_KINDS[case_kind] + OPTIONAL_DOCUMENT_KINDS[case_kind]
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]
        self.fields["file"].widget.attrs["accept"] = accept_attribute(kinds)
        self.raw_names = raw_names or {}
        self.inspected = None
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field("file"),
            Button("submit", "Add document"),
        )

    def clean(self):
        cleaned = super().clean()
        kind, uploaded = cleaned.get("kind"), cleaned.get("file")
        if kind and uploaded:
            name = (self.raw_names.get("file") or [uploaded.name])[0]
            try:
                self.inspected = inspect_upload(uploaded, kind=kind, label=DOCUMENT_KIND_PHRASES[kind], name=name)
            except UploadRejected as rejected:
                self.add_error("file", str(rejected))
            cleaned["name"] = name
        return cleaned
