"""The documents page refuses a file by the name the browser sent, not the name Django cleaned."""

import json

import pytest

from submissions.models import Document, StoredFile
from tests.dhrqa.govuk_page import error_messages
from tests.multipart_bodies import multipart_body
from tests.submissions.sample_documents import hand_made_pdf

NAMED = "The file name for the overview report"
PATH = f"{NAMED} must be a file name, not a folder or path"
HOSTILE_NAMES = [
    ("../report.pdf", PATH),
    ("..\\..\\report.pdf", PATH),
    ("reports\\report.pdf", PATH),
    ("../", PATH),  # Django would drop this file altogether
    ("report\u202efdp.pdf", f"{NAMED} must not contain characters that change the direction of text"),
    ("re\u200bport.pdf", f"{NAMED} must not contain invisible characters"),
    ("report\x00.pdf", f"{NAMED} must not contain control characters"),
    ("CON.pdf", f"{NAMED} must not be a name that Windows reserves, such as CON, NUL or COM1"),
    ("report.pdf.", f"{NAMED} must not end in a dot or a space"),
    ("a" * 296 + ".pdf", f"{NAMED} must be 255 bytes or fewer"),
]


def post_file(client, url, name, *, accept="text/html"):
    """POST the page's form as a browser does: the CSRF token, the kind, then the file by `name`."""
    client.get(url)
    body, content_type = multipart_body(
        fields=[("csrfmiddlewaretoken", client.cookies["csrftoken"].value), ("kind", "overview_report")],
        files=[("file", name, hand_made_pdf())],
    )
    return client.post(url, data=body, content_type=content_type, headers={"accept": accept})


@pytest.mark.parametrize("name, message", HOSTILE_NAMES)
def test_documents_hostile_name_refused_nothing_stored(officer, documents_url, new_document_files, name, message):
    response = post_file(officer, documents_url, name)

    assert response.status_code == 200
    assert error_messages(response) == {"id_file_1_error": message}
    assert (Document.objects.count(), StoredFile.objects.count(), new_document_files()) == (0, 0, set())


@pytest.mark.parametrize("name, message", HOSTILE_NAMES)
def test_documents_hostile_name_refused_in_json(officer, documents_url, new_document_files, name, message):
    response = post_file(officer, documents_url, name, accept="application/json")

    assert response.status_code == 400
    assert json.loads(response.content) == {"error": {"message": message}, "file": {"filename": "", "originalname": name}}
    assert (Document.objects.count(), StoredFile.objects.count(), new_document_files()) == (0, 0, set())


def test_documents_ordinary_name_stored_as_sent(officer, documents_url, draft, new_document_files):
    name = "Overview report – Northshire (final) v2.pdf"

    response = post_file(officer, documents_url, name)

    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.submission, document.kind, document.original_name) == (draft, "overview_report", name)
    assert new_document_files() == {document.stored_file.file.name.removeprefix("documents/")}
