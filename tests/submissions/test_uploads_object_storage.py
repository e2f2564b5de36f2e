"""Documents in S3-compatible object storage (moto's server on 127.0.0.1): uploaded, downloaded, checked, removed."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError

from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from submissions.enums import DocumentKind, TextStatus
from submissions.inspection import inspect_upload
from submissions.models import StoredFile
from submissions.services.documents import add_document, extract_document_text
from tests.dhrqa.govuk_page import notification_banners
from tests.s3 import PREFIX
from tests.submissions.sample_documents import hand_made_pdf

MIB = 1024 * 1024


def upload(client, url, content, *, name="Overview.pdf"):
    return client.post(url, {"kind": "overview_report", "file": SimpleUploadedFile(name, content)}, follow=True)


def document_events(document):
    return list(AuditEvent.objects.filter(object_id=str(document.pk), object_type="submissions.Document")
                .order_by("id").values_list("action", flat=True))


def test_upload_large_file_goes_to_the_bucket_and_downloads_unchanged(
        settings, client_for, draft, documents_url, object_storage, new_document_files, upload_temp_dir):
    # Streamed to a temporary file, as every upload over 2.5 MB is, then sent on to the bucket.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    content = hand_made_pdf("Overview", padding=MIB)
    officer = client_for(draft.review.registered_by)

    response = upload(officer, documents_url, content)

    assert response.redirect_chain == [(documents_url, 302)]
    assert notification_banners(response) == ["Overview.pdf has been added as the overview report"]
    document = draft.documents.get()
    stored = document.stored_file
    assert object_storage.keys() == [f"{PREFIX}/{stored.file.name}"]
    assert object_storage.read(stored.file.name) == content
    assert (new_document_files(), list(upload_temp_dir.iterdir())) == (set(), [])

    download = officer.get(f"/documents/{document.pk}/download/")

    sent = b"".join(download.streaming_content)
    assert (hashlib.sha256(sent).hexdigest(), stored.sha256) == (hashlib.sha256(content).hexdigest(),) * 2
    assert sent == content
    assert (download["Content-Length"], download["Content-Disposition"]) == (
        str(len(content)), f'attachment; filename="{document.download_name}"')
    assert document_events(document) == [AuditAction.DOCUMENT_ADDED, AuditAction.DOCUMENT_DOWNLOADED]


def test_text_of_a_document_in_the_bucket_extracted(client_for, draft, documents_url, object_storage):
    upload(client_for(draft.review.registered_by), documents_url, hand_made_pdf("Chronology of events"))
    stored = draft.documents.get().stored_file

    extracted = extract_document_text(stored.pk)

    assert (extracted.text_status, extracted.text_error, extracted.extracted_text.text) == (
        TextStatus.DONE, "", "Chronology of events")


def test_download_of_an_object_changed_in_the_bucket_refused_and_audited(
        client_for, draft, documents_url, object_storage):
    officer = client_for(draft.review.registered_by)
    upload(officer, documents_url, hand_made_pdf("Overview"))
    document = draft.documents.get()
    object_storage.write(document.stored_file.file.name, hand_made_pdf("Changed in the bucket"))

    response = officer.get(f"/documents/{document.pk}/download/", follow=True)

    assert response.redirect_chain == [(f"/reviews/{draft.review.reference}/", 302)]
    assert notification_banners(response) == [
        "This document cannot be downloaded because it has been damaged in storage. "
        "The service team has been told. Try again later"]
    assert document_events(document) == [AuditAction.DOCUMENT_ADDED, AuditAction.DOCUMENT_INTEGRITY_FAILED]


def test_add_document_failing_after_bytes_written_leaves_nothing_in_the_bucket(draft, object_storage):
    officer = draft.review.registered_by
    uploaded = SimpleUploadedFile("report.pdf", hand_made_pdf("Overview"))
    inspected = inspect_upload(uploaded, kind=DocumentKind.OVERVIEW_REPORT)

    # Document.original_name holds 255 characters: the row fails after the bytes are written.
    with pytest.raises(DataError):
        add_document(submission=draft, kind=DocumentKind.OVERVIEW_REPORT, uploaded=uploaded, inspected=inspected,
                     name="x" * 300 + ".pdf", added_by=officer)

    assert (StoredFile.objects.count(), draft.documents.count(), object_storage.keys()) == (0, 0, [])
