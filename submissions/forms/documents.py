"""Adding documents to a draft version: what kind each is, and the file."""

import json

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Div, Field, Layout, Size
from django import forms
from django.conf import settings

from submissions.enums import (
    DOCUMENT_KIND_PHRASES,
    FILE_TYPES_BY_KIND,
    OPTIONAL_DOCUMENT_KINDS,
    REQUIRED_DOCUMENT_KINDS,
    FileType,
)
from submissions.inspection import UploadRejected, inspect_upload
from submissions.inspection.names import EXTENSIONS
from submissions.upload_handlers import TOO_LARGE, UploadRefused

# Where the MoJ multi-file upload component lists each file it sends, and how it went.
UPLOADED_FILES = (
    '<div class="moj-multi-file__uploaded-files moj-hidden">'
    '<h2 class="govuk-heading-m">Files you have chosen</h2>'
    '<div class="govuk-summary-list moj-multi-file-upload__list"></div></div>'
)


def accept_attribute(kinds):
    types = {file_type for kind in kinds for file_type in FILE_TYPES_BY_KIND[kind]}
    return ",".join(EXTENSIONS[file_type] for file_type in FileType if file_type in types)


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of document is it?", widget=forms.RadioSelect,
        help_text="A version holds one file of each kind, and any number of other documents. "
                  "A file of a kind the version already holds replaces the one there.",
        error_messages={"required": "Select what kind of document it is",
                        "invalid_choice": "Select what kind of document it is"},
    )
    file = forms.FileField(
        label="Upload a file",
        error_messages={"required": "Select a file to upload", "empty": "The selected file is empty"},
    )

    def __init__(self, *args, case_kind, raw_names=None, refused=None, **kwargs):
        """`raw_names` is request.upload_names; `refused` is the upload handler's UploadRefused, if any."""
        super().__init__(*args, **kwargs)
        kinds = REQUIRED_DOCUMENT_KINDS[case_kind] + OPTIONAL_DOCUMENT_KINDS[case_kind]
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]
        self.fields["file"].widget.attrs["accept"] = accept_attribute(kinds)
        self.raw_names = raw_names or {}
        self.refused = refused
        if refused:
            # The handler stopped reading the file, so none arrived: say why, not "Select a file".
            self.fields["file"].required = False
        self.inspected = None
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.fields["file"].widget.attrs["class"] = "moj-multi-file-upload__input"
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.MEDIUM, legend_tag="h2"),
            Div(
                HTML(UPLOADED_FILES),
                Div(Field("file"), Button("submit", "Add document", css_class="moj-multi-file-upload__button"),
                    css_class="moj-multi-file-upload__upload"),
                css_class="moj-multi-file-upload", data_module="app-document-upload",
                data_upload_status_text="Uploading files", data_max_bytes=str(settings.DHRQA_MAX_UPLOAD_BYTES),
                data_too_large=json.dumps(_too_large_messages(kinds)),
            ),
        )

    def clean(self):
        cleaned = super().clean()
        kind, uploaded = cleaned.get("kind"), cleaned.get("file")
        if self.refused:
            self.add_error("file", self.refused.message(DOCUMENT_KIND_PHRASES.get(kind)))
        elif kind and uploaded:
            name = (self.raw_names.get("file") or [uploaded.name])[0]
            try:
                self.inspected = inspect_upload(uploaded, kind=kind, label=DOCUMENT_KIND_PHRASES[kind], name=name)
            except UploadRejected as rejected:
                self.add_error("file", str(rejected))
            cleaned["name"] = name
        return cleaned


def _too_large_messages(kinds):
    """What the page's JavaScript says, before sending, of a file over the limit: the server's words."""
    refused = UploadRefused(TOO_LARGE, settings.DHRQA_MAX_UPLOAD_BYTES)
    return {"": refused.message(), **{kind.value: refused.message(DOCUMENT_KIND_PHRASES[kind]) for kind in kinds}}
