"""Downloads check the stored SHA-256 first; a HEAD request sends headers and records no download."""

import hashlib

from django.core.files.uploadedfile import SimpleUploadedFile

from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from tests.dhrqa.govuk_page import notification_banners
from tests.factories import DocumentFactory
from tests.submissions.sample_documents import hand_made_pdf

DAMAGED = ("This document cannot be downloaded because it has been damaged in storage. "
           "The service team has been told. Try again later")


def events(document):
    return list(AuditEvent.objects.filter(object_id=str(document.pk), object_type="submissions.Document")
                .order_by("id").values_list("action", flat=True))


def test_download_sends_the_stored_bytes_and_records_it(officer, draft):
    document = DocumentFactory(submission=draft)

    response = officer.get(f"/documents/{document.pk}/download/")

    with document.stored_file.file.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()
    assert response["Content-Disposition"] == f'attachment; filename="{document.download_name}"'
    assert events(document) == [AuditAction.DOCUMENT_DOWNLOADED]


def test_download_altered_on_disk_refused_and_audited(officer, draft):
    document = DocumentFactory(submission=draft)
    with open(document.stored_file.file.path, "wb") as stored:
        stored.write(hand_made_pdf("Changed after it was checked"))

    response = officer.get(f"/documents/{document.pk}/download/", follow=True)

    assert response.redirect_chain == [(f"/reviews/{draft.review.reference}/", 302)]
    assert notification_banners(response) == [DAMAGED]
    assert events(document) == [AuditAction.DOCUMENT_INTEGRITY_FAILED]
    event = AuditEvent.objects.get(action=AuditAction.DOCUMENT_INTEGRITY_FAILED)
    assert (event.actor, event.review_reference, event.detail) == (
        draft.review.registered_by, draft.review.reference, {"sha256": document.stored_file.sha256},
    )


def test_download_head_sends_headers_without_recording_a_download(officer, draft):
    document = DocumentFactory(submission=draft)

    response = officer.head(f"/documents/{document.pk}/download/")

    assert (response.status_code, response.content) == (200, b"")
    assert (response["Content-Type"], response["Content-Length"], response["Content-Disposition"]) == (
        "application/pdf", str(document.stored_file.size), f'attachment; filename="{document.download_name}"',
    )
    assert events(document) == []


def test_download_stored_hash_is_of_the_bytes_as_uploaded(officer, draft, documents_url):
    content = hand_made_pdf("Overview")
    officer.get(documents_url)
    officer.post(documents_url, {
        "csrfmiddlewaretoken": officer.cookies["csrftoken"].value, "kind": "overview_report",
        "file": SimpleUploadedFile("overview.pdf", content),
    })
    document = draft.documents.get()

    response = officer.get(f"/documents/{document.pk}/download/")

    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == hashlib.sha256(content).hexdigest()

