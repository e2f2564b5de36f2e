"""UploadLimitHandler: a file is refused the moment it crosses the limit, and the page says so."""

import hashlib
import io

import pytest
from django.core.handlers.wsgi import LimitedStream
from django.test import RequestFactory

from submissions.models import Document, StoredFile
from submissions.upload_handlers import DRAIN_CHUNK, TOO_LARGE, TOO_MANY, UploadRefused
from tests.dhrqa.govuk_page import error_messages, error_summary, parse
from tests.multipart_bodies import multipart_body
from tests.submissions.sample_documents import hand_made_pdf

MIB = 1024 * 1024


class CountingStream(io.BytesIO):
    """A request body that counts the bytes the server takes from it."""

    def __init__(self, data):
        super().__init__(data)
        self.taken = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.taken += len(chunk)
        return chunk


def parse_counting(body, content_type):
    """Parse a body as Django does for a view; return the request and how many bytes were read."""
    request = RequestFactory().post("/", data=body, content_type=content_type)
    stream = CountingStream(body)
    request._stream = LimitedStream(stream, len(body))
    request.POST  # noqa: B018 -- parsing happens on first access
    return request, stream.taken


def post_form(client, url, *, kind="overview_report", files=(), accept="text/html"):
    client.get(url)
    fields = [("csrfmiddlewaretoken", client.cookies["csrftoken"].value)] + ([("kind", kind)] if kind else [])
    body, content_type = multipart_body(fields=fields, files=files)
    return client.post(url, data=body, content_type=content_type, headers={"accept": accept})


def checked_kind(response):
    return [radio.attrs["value"] for radio in parse(response).find_all(tag="input")
            if radio.attrs.get("name") == "kind" and "checked" in radio.attrs]


def stored():
    return Document.objects.count(), StoredFile.objects.count()


def test_upload_over_limit_stops_reading_at_twice_the_limit(settings):
    settings.DHRQA_MAX_UPLOAD_BYTES = MIB
    body, content_type = multipart_body([("kind", "other")], [("file", "big.pdf", b"x" * 10 * MIB)])

    request, taken = parse_counting(body, content_type)

    # The parser's chunk that crossed the limit, a limit's worth drained, one byte to see the body go on.
    assert taken == MIB + DRAIN_CHUNK + MIB + 1
    assert request.upload_refused == UploadRefused(TOO_LARGE, MIB)
    assert (request.POST.dict(), dict(request.FILES)) == ({"kind": "other"}, {})


def test_upload_over_limit_within_drain_read_to_the_end(settings):
    settings.DHRQA_MAX_UPLOAD_BYTES = MIB
    body, content_type = multipart_body([("kind", "other")], [("file", "big.pdf", b"x" * (MIB * 3 // 2))])

    request, taken = parse_counting(body, content_type)

    assert (taken, request.upload_refused) == (len(body), UploadRefused(TOO_LARGE, MIB))


def test_upload_exactly_at_limit_not_refused(settings):
    settings.DHRQA_MAX_UPLOAD_BYTES = MIB
    body, content_type = multipart_body([("kind", "other")], [("file", "big.pdf", b"x" * MIB)])

    request, taken = parse_counting(body, content_type)

    assert (taken, hasattr(request, "upload_refused"), request.FILES["file"].size) == (len(body), False, MIB)


def test_documents_over_limit_refused_next_to_field_keeping_kind(
        settings, officer, documents_url, new_document_files, upload_temp_dir):
    settings.DHRQA_MAX_UPLOAD_BYTES = MIB

    response = post_form(officer, documents_url, files=[("file", "report.pdf", hand_made_pdf(padding=3 * MIB))])

    message = "The selected file for the overview report must be smaller than 1MB"
    assert response.status_code == 200
    assert error_messages(response) == {"id_file_1_error": message}
    assert error_summary(response) == [("#id_file", message)]
    assert checked_kind(response) == ["overview_report"]
    assert (stored(), new_document_files(), list(upload_temp_dir.iterdir())) == ((0, 0), set(), [])


def test_documents_over_limit_without_kind_names_both(settings, officer, documents_url):
    settings.DHRQA_MAX_UPLOAD_BYTES = MIB

    response = post_form(officer, documents_url, kind=None,
                         files=[("file", "report.pdf", hand_made_pdf(padding=2 * MIB))])

    assert error_messages(response) == {
        "id_kind_1_error": "Select what kind of document it is",
        "id_file_1_error": "The selected file must be smaller than 1MB",
    }


def test_documents_over_limit_answered_in_json(settings, officer, documents_url, new_document_files):
    settings.DHRQA_MAX_UPLOAD_BYTES = MIB

    response = post_form(officer, documents_url, files=[("file", "report.pdf", hand_made_pdf(padding=2 * MIB))],
                         accept="application/json")

    assert (response.status_code, response.json()) == (400, {
        "error": {"message": "The selected file for the overview report must be smaller than 1MB"},
        "file": {"filename": "", "originalname": "report.pdf"},
    })
    assert (stored(), new_document_files()) == ((0, 0), set())


def test_documents_second_file_refused_nothing_stored(
        settings, officer, documents_url, new_document_files, upload_temp_dir):
    settings.DHRQA_MAX_UPLOAD_BYTES = 8 * MIB

    response = post_form(officer, documents_url, files=[
        ("file", "one.pdf", hand_made_pdf(padding=3 * MIB)), ("file", "two.pdf", hand_made_pdf()),
    ])

    assert error_messages(response) == {"id_file_1_error": "You can only upload 1 file at a time"}
    assert (stored(), new_document_files(), list(upload_temp_dir.iterdir())) == ((0, 0), set(), [])


def test_upload_second_file_stops_parsing():
    body, content_type = multipart_body(
        [("kind", "other")], [("file", "one.pdf", b"1"), ("file", "two.pdf", b"2"), ("file", "three.pdf", b"3")],
    )

    request, _ = parse_counting(body, content_type)

    assert request.upload_refused == UploadRefused(TOO_MANY, 1)
    assert [file.name for file in request.FILES.getlist("file")] == ["one.pdf"]


def test_documents_large_file_streamed_to_disk_and_moved_into_storage(
        settings, officer, documents_url, new_document_files, upload_temp_dir):
    # Over FILE_UPLOAD_MAX_MEMORY_SIZE (2.5MB), so Django writes it to a temporary file.
    settings.DHRQA_MAX_UPLOAD_BYTES = 8 * MIB
    content = hand_made_pdf(padding=5 * MIB)

    response = post_form(officer, documents_url, files=[("file", "report.pdf", content)])

    assert response.status_code == 302
    stored_file = StoredFile.objects.get()
    with stored_file.file.open("rb") as opened:
        assert hashlib.sha256(opened.read()).hexdigest() == stored_file.sha256 == hashlib.sha256(content).hexdigest()
    assert new_document_files() == {stored_file.file.name.removeprefix("documents/")}
    assert list(upload_temp_dir.iterdir()) == []


def test_documents_refused_content_streamed_to_disk_leaves_nothing(
        settings, officer, documents_url, new_document_files, upload_temp_dir):
    settings.DHRQA_MAX_UPLOAD_BYTES = 8 * MIB

    response = post_form(officer, documents_url, files=[("file", "report.pdf", b"Not a PDF at all.\n" * 200_000)])

    assert error_messages(response) == {
        "id_file_1_error": "The selected file for the overview report must be a PDF, Word document (DOCX) "
                           "or OpenDocument text (ODT)",
    }
    assert (stored(), new_document_files(), list(upload_temp_dir.iterdir())) == ((0, 0), set(), [])


def test_recommendations_import_over_limit_refused(settings, officer, draft):
    settings.DHRQA_MAX_UPLOAD_BYTES = MIB
    url = f"/reviews/{draft.review.reference}/v{draft.number}/recommendations/import/"

    response = post_form(officer, url, kind=None, files=[("spreadsheet", "plan.xlsx", b"x" * 2 * MIB)])

    assert error_messages(response) == {
        "id_spreadsheet_1_error": "The selected file for the spreadsheet must be smaller than 1MB",
    }


@pytest.mark.parametrize("size, text", [(50 * MIB, "50MB"), (MIB, "1MB"), (3 * MIB // 2, "1.5MB")])
def test_upload_refused_message_names_the_limit_as_govuk_writes_it(size, text):
    assert UploadRefused(TOO_LARGE, size).message() == f"The selected file must be smaller than {text}"


def test_recommendations_import_pdf_refused_as_not_the_template(officer, draft):
    url = f"/reviews/{draft.review.reference}/v{draft.number}/recommendations/import/"

    response = post_form(officer, url, kind=None, files=[("spreadsheet", "plan.pdf", hand_made_pdf())])

    assert error_messages(response) == {
        "id_spreadsheet_1_error": "The selected file must be an Excel spreadsheet (XLSX) made from the template",
    }
