"""After upload, the worker extracts each document's text; a failure is recorded and the file kept."""

import datetime
import time

import pytest
from django.db import transaction
from django.utils import timezone
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from submissions.enums import DocumentKind, PrescreenStatus, SubmissionStatus, TextStatus
from submissions.inspection import inspect_upload
from submissions.models import ExtractedText, Prescreen, StoredFile
from submissions.services.documents import (
    MAX_TEXT_ATTEMPTS,
    add_document,
    extract_document_text,
    sweep_stalled_extractions,
)
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


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_extracts_text_the_sweep_asked_for_again_after_its_message_was_lost(settings):
    draft = SubmissionFactory(status=SubmissionStatus.DRAFT, documents=False)
    # Added while no message could be sent: nothing is queued for it.
    with transaction.atomic():
        document = _add(draft, DocumentKind.EXECUTIVE_SUMMARY, "summary.docx", python_docx_bytes())
        transaction.get_connection().run_on_commit.clear()
    StoredFile.objects.filter(pk=document.stored_file_id).update(
        text_requested_at=timezone.now() - datetime.timedelta(seconds=settings.DHRQA_TEXT_STALE_SECONDS + 1))
    with running_worker() as worker:
        assert sweep_stalled_extractions() == (1, 0)
        deadline = time.monotonic() + EXTRACTION_TIMEOUT_SECONDS
        stored = StoredFile.objects.get(pk=document.stored_file_id)
        while stored.text_status == TextStatus.PENDING and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.2)
            stored = StoredFile.objects.get(pk=stored.pk)

    assert (stored.text_status, stored.text_attempts) == (TextStatus.DONE, 1)
    assert "Overview report" in stored.extracted_text.text


def _pending(draft, django_capture_on_commit_callbacks, *, age_seconds, attempts=0,
             kind=DocumentKind.EXECUTIVE_SUMMARY):
    with django_capture_on_commit_callbacks(execute=False):
        document = _add(draft, kind, "summary.docx", python_docx_bytes())
    StoredFile.objects.filter(pk=document.stored_file_id).update(
        text_requested_at=timezone.now() - datetime.timedelta(seconds=age_seconds), text_attempts=attempts)
    return StoredFile.objects.get(pk=document.stored_file_id)


def test_sweep_asks_again_for_an_extraction_left_pending(draft, settings, django_capture_on_commit_callbacks):
    stale = _pending(draft, django_capture_on_commit_callbacks, age_seconds=settings.DHRQA_TEXT_STALE_SECONDS + 1)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert sweep_stalled_extractions() == (1, 0)

    stale.refresh_from_db()
    assert (len(callbacks), stale.text_status, stale.text_attempts) == (1, TextStatus.PENDING, 1)
    assert (timezone.now() - stale.text_requested_at).total_seconds() < 60


def test_sweep_leaves_recent_and_finished_extractions_alone(draft, settings, django_capture_on_commit_callbacks):
    recent = _pending(draft, django_capture_on_commit_callbacks, age_seconds=settings.DHRQA_TEXT_STALE_SECONDS - 30)
    done = _pending(draft, django_capture_on_commit_callbacks, age_seconds=settings.DHRQA_TEXT_STALE_SECONDS + 1,
                    kind=DocumentKind.TERMS_OF_REFERENCE)
    extract_document_text(done.pk)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert sweep_stalled_extractions() == (0, 0)

    assert callbacks == []
    assert StoredFile.objects.get(pk=recent.pk).text_attempts == 0


def test_sweep_marks_failed_an_extraction_lost_too_often(draft, settings, django_capture_on_commit_callbacks):
    stale = _pending(draft, django_capture_on_commit_callbacks, age_seconds=settings.DHRQA_TEXT_STALE_SECONDS + 1,
                     attempts=MAX_TEXT_ATTEMPTS)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert sweep_stalled_extractions() == (0, 1)

    stale.refresh_from_db()
    # Nothing read again; the one callback asks for the draft's pre-screen, now that no text is coming.
    assert (len(callbacks), stale.text_status, stale.text_error) == (
        1, TextStatus.FAILED, "Reading the text was tried 4 times and did not finish")
    assert Prescreen.objects.get(submission=draft).progress == PrescreenStatus.QUEUED
    assert AuditEvent.objects.filter(action=AuditAction.TEXT_EXTRACTION_FAILED, object_id=str(stale.pk)).count() == 1


def test_sweep_of_extractions_is_scheduled_every_minute(settings):
    assert settings.CELERY_BEAT_SCHEDULE["sweep-stalled-extractions"] == {
        "task": "submissions.tasks.sweep_stalled_extractions_task", "schedule": 60}


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
