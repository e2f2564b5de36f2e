"""After upload, the worker extracts each document's text; a failure is recorded and the file kept."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from submissions.enums import DocumentKind, SubmissionStatus, TextStatus
from submissions.inspection import inspect_upload
from submissions.models import ExtractedText, StoredFile
from submissions.services.documents import add_document, extract_document_text
from tests.dhrqa.govuk_page import parse
from tests.factories import SubmissionFactory, UserFactory
from tests.submissions.sample_documents import odfpy_bytes, openpyxl_bytes, python_docx_bytes, weasyprint_pdf
from tests.worker import running_worker

EXTRACTION_TIMEOUT_SECONDS = 60


def _add(submission, kind, name, content):
    uploaded = SimpleUploadedFile(name, content)
    inspected = inspect_upload(uploaded, kind=kind)
    return add_document(submission=submission, kind=kind, uploaded=uploaded, inspected=inspected, name=name,
                        added_by=submission.created_by)


@pytest.fixture
def draft(db):
    return SubmissionFactory(status=SubmissionStatus.DRAFT, documents=False)


@pytest.mark.parametrize(("kind", "name", "content", "expected"), [
    (DocumentKind.OVERVIEW_REPORT, "overview.pdf", weasyprint_pdf(pages=2), "Page 2 of the overview report."),
    (DocumentKind.EXECUTIVE_SUMMARY, "summary.docx", python_docx_bytes(), "Terms of reference"),
    (DocumentKind.ACTION_PLAN, "plan.xlsx", openpyxl_bytes(), "Train staff on coercive control"),
    (DocumentKind.TERMS_OF_REFERENCE, "terms.odt", odfpy_bytes(), "The review began in March."),
])
def test_extract_document_text_each_file_type(draft, django_capture_on_commit_callbacks, kind, name, content,
                                              expected):
    with django_capture_on_commit_callbacks(execute=False):
        document = _add(draft, kind, name, content)

    stored = extract_document_text(document.stored_file_id)

    assert stored.text_status == TextStatus.DONE
    assert expected in ExtractedText.objects.get(stored_file=stored).text
    assert AuditEvent.objects.filter(action=AuditAction.TEXT_EXTRACTED, object_id=str(stored.pk)).count() == 1


def test_extract_document_text_failure_recorded_and_file_kept(draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        document = _add(draft, DocumentKind.OVERVIEW_REPORT, "overview.docx", python_docx_bytes())
    stored = document.stored_file
    # What a reader cannot read: the bytes on disk are no longer a Word document.
    with stored.file.storage.open(stored.file.name, "wb") as damaged:
        damaged.write(b"not a word document")

    extract_document_text(stored.pk)

    stored.refresh_from_db()
    assert (stored.text_status, stored.text_error != "") == (TextStatus.FAILED, True)
    assert stored.file.storage.exists(stored.file.name)
    assert ExtractedText.objects.count() == 0
    assert list(AuditEvent.objects.filter(action=AuditAction.TEXT_EXTRACTION_FAILED).values_list(
        "review_reference", flat=True)) == [draft.review.reference]


def test_extract_document_text_second_run_changes_nothing(draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        document = _add(draft, DocumentKind.EXECUTIVE_SUMMARY, "summary.docx", python_docx_bytes())
    extract_document_text(document.stored_file_id)

    extract_document_text(document.stored_file_id)

    assert AuditEvent.objects.filter(action=AuditAction.TEXT_EXTRACTED).count() == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_extracts_text_after_upload():
    draft = SubmissionFactory(status=SubmissionStatus.DRAFT, documents=False)
    with running_worker() as worker:
        document = _add(draft, DocumentKind.EXECUTIVE_SUMMARY, "summary.docx", python_docx_bytes())
        deadline = time.monotonic() + EXTRACTION_TIMEOUT_SECONDS
        stored = document.stored_file
        while stored.text_status == TextStatus.PENDING and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.2)
            stored = StoredFile.objects.get(pk=stored.pk)

    assert stored.text_status == TextStatus.DONE, stored.text_error
    assert "Overview report" in stored.extracted_text.text


def test_extraction_failure_shown_to_the_secretariat_not_the_csp(client_for, secretariat):
    submission = SubmissionFactory()
    stored = submission.documents.get(kind=DocumentKind.OVERVIEW_REPORT).stored_file
    with stored.file.storage.open(stored.file.name, "wb") as damaged:
        damaged.write(b"%PDF-1.4 and then nothing a reader can use")
    extract_document_text(stored.pk)
    url = reverse("submissions:version_detail", kwargs={"reference": submission.review.reference, "number": 1})
    officer = UserFactory(csp_officer=True, csp=submission.review.csp)

    pages = {who: parse(client_for(person).get(url)) for who, person in
             (("secretariat", secretariat), ("officer", officer))}

    stored.refresh_from_db()
    failures = {who: [tag.text() for tag in page.find_all(cls="govuk-tag--red")] for who, page in pages.items()}
    assert failures == {"secretariat": ["Text could not be read"], "officer": []}
    hints = [hint.text() for hint in pages["secretariat"].find(tag="tbody").find_all(cls="govuk-hint")]
    assert stored.text_error in hints
