"""Documents of a draft version: adding, replacing and removing them, what happens to their bytes, and their text."""

import hashlib

import pytest
from django.db import DataError

from dhrqa.celery import app as celery_app
from dhrqa.enums import AuditAction
from dhrqa.models import PendingFileDeletion
from dhrqa.storage import private_storage
from dhrqa.transitions import IllegalTransition
from submissions.enums import DocumentKind, TextStatus
from submissions.models import Document, StoredFile
from submissions.inspection import inspect_upload
from submissions.services.documents import (
    DocumentAltered,
    add_document,
    extract_document_text,
    open_document,
    remove_document,
)
from submissions.services.versions import start_next_version
from tests.factories import UserFactory, pdf_bytes
from tests.submissions.journey import add_file, draft_of, history, register, returned, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_tasks_left_behind():
    """Committing queues text extraction on Redis, where no worker runs: leave nothing there."""
    yield
    celery_app.control.purge()


@pytest.fixture
def officer():
    return UserFactory(csp_officer=True)


@pytest.fixture
def draft(officer):
    return draft_of(register(officer))


def pending_deletions():
    return sorted(PendingFileDeletion.objects.values_list("name", flat=True))


def stored_name(document):
    return document.stored_file.file.name.removeprefix("documents/")


def test_add_document_stores_bytes_and_records_them(draft, officer, new_document_files,
                                                    django_capture_on_commit_callbacks):
    content = pdf_bytes("The overview report")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = add_file(draft, officer, DocumentKind.OVERVIEW_REPORT, content=content, name="Overview.pdf")

    stored = document.stored_file
    assert (document.submission, document.kind, document.original_name, document.added_by) == (
        draft, DocumentKind.OVERVIEW_REPORT, "Overview.pdf", officer)
    assert (stored.file_type, stored.size, stored.sha256, stored.text_status) == (
        "pdf", len(content), hashlib.sha256(content).hexdigest(), TextStatus.PENDING)
    assert new_document_files() == {stored_name(document)}
    with stored.file.open("rb") as kept:
        assert kept.read() == content
    assert history(draft.review)[-1] == (officer, AuditAction.DOCUMENT_ADDED, {
        "version": 1, "kind": "overview_report", "sha256": stored.sha256, "size": len(content), "replaced": None})
    assert len(callbacks) == 2  # the draft's pre-screen and the text extraction, queued once committed


def test_add_document_kind_of_another_case_refused(draft, officer, new_document_files):
    with pytest.raises(IllegalTransition) as refused:
        add_file(draft, officer, DocumentKind.DECISION)

    assert str(refused.value) == "Choose a kind of document this submission takes"
    assert (Document.objects.count(), new_document_files()) == (0, set())


def test_add_document_same_kind_again_replaces_it_and_its_bytes(draft, officer, new_document_files,
                                                                django_capture_on_commit_callbacks):
    old = add_file(draft, officer, DocumentKind.OVERVIEW_REPORT, content=pdf_bytes("First draft"), name="old.pdf")

    with django_capture_on_commit_callbacks(execute=True):
        new = add_file(draft, officer, DocumentKind.OVERVIEW_REPORT, content=pdf_bytes("Second draft"), name="new.pdf")

    assert list(draft.documents.values_list("kind", "original_name")) == [("overview_report", "new.pdf")]
    # The old bytes wait out the grace before the sweep deletes them (a backup may be copying them).
    assert new_document_files() == {stored_name(new), stored_name(old)}
    assert pending_deletions() == ["documents/" + stored_name(old)]
    assert not StoredFile.objects.filter(pk=old.stored_file_id).exists()
    assert history(draft.review)[-1][2]["replaced"] == "old.pdf"


def test_add_document_other_kind_may_be_added_twice(draft, officer):
    add_file(draft, officer, DocumentKind.OTHER, name="one.pdf")
    add_file(draft, officer, DocumentKind.OTHER, name="two.pdf")

    assert list(draft.documents.order_by("id").values_list("original_name", flat=True)) == ["one.pdf", "two.pdf"]


def test_add_document_failing_after_bytes_written_removes_them(draft, officer, new_document_files):
    kept = add_file(draft, officer, DocumentKind.OVERVIEW_REPORT, name="kept.pdf")

    # Document.original_name holds 255 characters: the row fails after the bytes are written.
    uploaded = upload()
    inspected = inspect_upload(uploaded, kind=DocumentKind.OVERVIEW_REPORT)
    with pytest.raises(DataError):
        add_document(submission=draft, kind=DocumentKind.OVERVIEW_REPORT, uploaded=uploaded, inspected=inspected,
                     name="x" * 300 + ".pdf", added_by=officer)

    assert new_document_files() == {stored_name(kept)}
    assert list(draft.documents.values_list("original_name", flat=True)) == ["kept.pdf"]
    assert StoredFile.objects.count() == 1


def test_remove_document_records_its_bytes_for_deletion_after_the_grace(draft, officer, new_document_files,
                                                                        django_capture_on_commit_callbacks):
    document = add_file(draft, officer, DocumentKind.OVERVIEW_REPORT)

    with django_capture_on_commit_callbacks(execute=True):
        remove_document(document=document, removed_by=officer)

    assert (Document.objects.count(), StoredFile.objects.count(), new_document_files()) == (
        0, 0, {stored_name(document)})
    assert pending_deletions() == [document.stored_file.file.name]
    assert history(draft.review)[-1] == (officer, AuditAction.DOCUMENT_REMOVED, {
        "version": 1, "kind": "overview_report", "sha256": document.stored_file.sha256})


def test_remove_document_shared_with_earlier_version_keeps_bytes(officer, secretariat, new_document_files,
                                                                 django_capture_on_commit_callbacks):
    first = returned(officer, secretariat)
    second = start_next_version(review=first.review, started_by=officer)
    carried = second.documents.get(kind=DocumentKind.OVERVIEW_REPORT)
    files = new_document_files()

    with django_capture_on_commit_callbacks(execute=True):
        remove_document(document=carried, removed_by=officer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        add_file(second, officer, DocumentKind.EXECUTIVE_SUMMARY, content=pdf_bytes("A new summary"))
    # The draft's pre-screen and the new file's text extraction; no deletion of the shared bytes.
    assert len(callbacks) == 2

    assert second.documents.filter(kind=DocumentKind.OVERVIEW_REPORT).count() == 0
    earlier = {document.kind: document for document in first.documents.select_related("stored_file")}
    for document in earlier.values():
        with document.stored_file.file.open("rb") as kept:
            assert hashlib.sha256(kept.read()).hexdigest() == document.stored_file.sha256
    assert files <= new_document_files()
    assert pending_deletions() == []


def test_remove_document_of_sent_version_refused(officer, secretariat):
    document = returned(officer, secretariat).documents.first()

    with pytest.raises(IllegalTransition) as refused:
        remove_document(document=document, removed_by=officer)

    assert str(refused.value) == "This version has been sent and can no longer be changed"
    assert Document.objects.filter(pk=document.pk).exists()


def test_extract_document_text_unreadable_file_recorded_as_failed(draft, officer):
    document = add_file(draft, officer, DocumentKind.OVERVIEW_REPORT)
    private_storage().delete(document.stored_file.file.name)

    stored = extract_document_text(document.stored_file_id)

    assert (stored.text_status, stored.text_error) == (TextStatus.FAILED, "The stored file could not be opened")
    assert StoredFile.objects.get(pk=stored.pk).text_status == TextStatus.FAILED
    assert history(draft.review)[-1] == (None, AuditAction.TEXT_EXTRACTION_FAILED,
                                         {"error": "The stored file could not be opened"})


def test_extract_document_text_already_done_left_alone(draft, officer):
    document = add_file(draft, officer, DocumentKind.OVERVIEW_REPORT)
    StoredFile.objects.filter(pk=document.stored_file_id).update(text_status=TextStatus.FAILED, text_error="Earlier")

    stored = extract_document_text(document.stored_file_id)

    assert (stored.text_status, stored.text_error) == (TextStatus.FAILED, "Earlier")
    assert history(draft.review)[-1][1] == AuditAction.DOCUMENT_ADDED


def test_open_document_altered_bytes_refused_and_recorded(draft, officer):
    document = add_file(draft, officer, DocumentKind.OVERVIEW_REPORT)
    with open(private_storage().path(document.stored_file.file.name), "wb") as stored:
        stored.write(pdf_bytes("Something else"))

    with pytest.raises(DocumentAltered):
        open_document(document=document, user=officer)

    assert history(draft.review)[-1] == (officer, AuditAction.DOCUMENT_INTEGRITY_FAILED,
                                         {"sha256": document.stored_file.sha256})
