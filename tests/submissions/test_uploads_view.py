"""The documents page: one file a POST, answered with the page or, when asked, in the MoJ component's JSON."""

import json

from dhrqa.models import PendingFileDeletion
from submissions.models import Document, StoredFile
from tests.dhrqa.govuk_page import error_messages, notification_banners, parse, text_of
from tests.multipart_bodies import multipart_body
from tests.submissions.sample_documents import hand_made_pdf, openpyxl_bytes

JSON = "application/json"


def post_form(client, url, *, kind="overview_report", name="report.pdf", content=None, accept="text/html"):
    client.get(url)
    fields = [("csrfmiddlewaretoken", client.cookies["csrftoken"].value)] + ([("kind", kind)] if kind else [])
    files = [("file", name, hand_made_pdf() if content is None else content)] if name else []
    body, content_type = multipart_body(fields=fields, files=files)
    return client.post(url, data=body, content_type=content_type, headers={"accept": accept})


def test_documents_page_offers_multi_file_upload_with_limit(officer, documents_url):
    response = officer.get(documents_url)

    component = parse(response).find(cls="moj-multi-file-upload")
    assert (component.attrs["data-module"], component.attrs["data-max-bytes"]) == ("app-document-upload", "2097152")
    assert json.loads(component.attrs["data-too-large"])["chronology"] == (
        "The selected file for the chronology must be smaller than 2MB"
    )
    assert text_of(response, id="id_kind_hint") == (
        "A version holds one file of each kind, and any number of other documents. "
        "A file of a kind the version already holds replaces the one there."
    )
    assert "multiple" not in parse(response).find(id="id_file").attrs


def test_documents_added_file_redirects_with_banner(officer, documents_url):
    response = post_form(officer, documents_url, name="Overview.pdf")

    assert (response.status_code, response.url) == (302, documents_url)
    assert notification_banners(officer.get(documents_url)) == ["Overview.pdf has been added as the overview report"]


def test_documents_added_file_answered_in_json(officer, documents_url):
    response = post_form(officer, documents_url, name="Tom & Jerry <plan>.pdf", accept=JSON)

    document = Document.objects.get()
    assert (response.status_code, response.json()) == (200, {
        "success": {
            "messageText": "Tom & Jerry <plan>.pdf has been added as the overview report",
            "messageHtml": "Tom &amp; Jerry &lt;plan&gt;.pdf has been added as the overview report",
        },
        "file": {"filename": str(document.pk), "originalname": "Tom & Jerry <plan>.pdf"},
    })


def test_documents_json_without_kind_refused_with_page_message(officer, documents_url):
    response = post_form(officer, documents_url, kind=None, accept=JSON)

    assert (response.status_code, response.json()) == (400, {
        "error": {"message": "Select what kind of document it is"},
        "file": {"filename": "", "originalname": "report.pdf"},
    })
    assert Document.objects.count() == 0


def test_documents_json_without_file_refused_with_page_message(officer, documents_url):
    response = post_form(officer, documents_url, name=None, accept=JSON)

    assert (response.status_code, response.json()) == (400, {
        "error": {"message": "Select a file to upload"}, "file": {"filename": "", "originalname": ""},
    })


def test_documents_json_spreadsheet_as_executive_summary_refused(officer, documents_url):
    response = post_form(officer, documents_url, name="summary.xlsx", content=openpyxl_bytes(),
                         kind="executive_summary", accept=JSON)

    assert (response.status_code, response.json()["error"]) == (400, {
        "message": "The selected file for the executive summary must be a PDF, Word document (DOCX) "
                   "or OpenDocument text (ODT)",
    })


def test_documents_browser_accept_header_gets_the_page(officer, documents_url):
    response = post_form(officer, documents_url, kind=None,
                         accept="text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")

    assert (response.status_code, response["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert error_messages(response) == {"id_kind_1_error": "Select what kind of document it is"}


def test_documents_json_without_csrf_token_forbidden(documents_url, officer):
    body, content_type = multipart_body(fields=[("kind", "other")], files=[("file", "report.pdf", hand_made_pdf())])

    response = officer.post(documents_url, data=body, content_type=content_type, headers={"accept": JSON})

    assert (response.status_code, Document.objects.count()) == (403, 0)


def test_documents_second_file_of_single_kind_replaces_first(
        officer, documents_url, new_document_files, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_form(officer, documents_url, name="first.pdf", content=hand_made_pdf("First"))
        post_form(officer, documents_url, name="second.pdf", content=hand_made_pdf("Second"))

    document = Document.objects.get()
    assert (document.kind, document.original_name, StoredFile.objects.count()) == ("overview_report", "second.pdf", 1)
    # The first file waits out the deletion grace (a backup's snapshot may still name it), then the sweep removes it.
    replaced = PendingFileDeletion.objects.get().name
    assert new_document_files() == {document.stored_file.file.name.removeprefix("documents/"),
                                    replaced.removeprefix("documents/")}


def test_documents_other_documents_kept_side_by_side(officer, documents_url, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_form(officer, documents_url, kind="other", name="one.pdf", content=hand_made_pdf("One"))
        post_form(officer, documents_url, kind="other", name="two.pdf", content=hand_made_pdf("Two"))

    assert list(Document.objects.order_by("id").values_list("kind", "original_name")) == [
        ("other", "one.pdf"), ("other", "two.pdf"),
    ]
