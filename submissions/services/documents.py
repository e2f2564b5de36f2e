"""Storing documents in a draft version, handing them out, and reading their text."""

import contextlib
import datetime
import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.storage import delete_later
from dhrqa.transitions import IllegalTransition
from submissions.enums import (
    OPTIONAL_DOCUMENT_KINDS,
    REPEATABLE_DOCUMENT_KINDS,
    REQUIRED_DOCUMENT_KINDS,
    TextStatus,
)
from submissions.inspection import sha256_of
from submissions.models import Document, ExtractedText, StoredFile
from submissions.services.versions import draft_changed, locked_draft

logger = logging.getLogger(__name__)

# A document whose text extraction was lost this many times is marked failed rather than asked for again.
MAX_TEXT_ATTEMPTS = 3


class DocumentAltered(Exception):
    """The stored bytes no longer match the SHA-256 taken when they arrived."""


def allowed_kinds(review):
    return REQUIRED_DOCUMENT_KINDS[review.kind] + OPTIONAL_DOCUMENT_KINDS[review.kind]


def add_document(*, submission, kind, uploaded, inspected, name, added_by):
    """Store an uploaded file, already passed by `inspect_upload`, as a document of a draft version.

    1. Lock the draft and check the kind belongs to this kind of case.
    2. Write the bytes to private storage under a random name and save the
       StoredFile with its hash, size and page count.
    3. Save the document; a new file of a kind held once replaces the old
       one (whose bytes go if no other version shares them).
    4. Write the audit event; once committed, queue the text extraction.
    If anything fails after the bytes are written, they are removed again.
    """
    from submissions.tasks import extract_text_task

    with _bytes_removed_on_failure() as written, transaction.atomic():
        submission = locked_draft(submission)
        if kind not in allowed_kinds(submission.review):
            raise IllegalTransition("Choose a kind of document this submission takes")
        stored = StoredFile(
            file_type=inspected.file_type, size=inspected.size, sha256=inspected.sha256,
            page_count=inspected.page_count, uploaded_by=added_by,
        )
        stored.file.save("upload", uploaded, save=False)
        written.append(stored.file)
        stored.save()
        replaced = None
        if kind not in REPEATABLE_DOCUMENT_KINDS:
            replaced = submission.documents.filter(kind=kind).select_related("stored_file").first()
            if replaced is not None:
                _delete_document(replaced)
        document = Document.objects.create(
            submission=submission, kind=kind, stored_file=stored, original_name=name, added_by=added_by,
        )
        draft_changed(submission)
        record(added_by, AuditAction.DOCUMENT_ADDED, document, review=submission.review,
               version=submission.number, kind=kind, sha256=stored.sha256, size=stored.size,
               replaced=replaced.original_name if replaced else None)
        transaction.on_commit(lambda: extract_text_task.delay(stored_file_id=stored.pk), robust=True)
    return document


def remove_document(*, document, removed_by):
    """Remove a document from a draft version; its bytes go if no other version shares them."""
    with transaction.atomic():
        submission = locked_draft(document.submission)
        document = submission.documents.select_related("stored_file").get(pk=document.pk)
        _delete_document(document)
        draft_changed(submission)
        record(removed_by, AuditAction.DOCUMENT_REMOVED, document, review=submission.review,
               version=submission.number, kind=document.kind, sha256=document.stored_file.sha256)


def _delete_document(document):
    stored = document.stored_file
    document.delete()
    if not stored.documents.exists():
        stored.delete()
        # Not at once: a backup whose snapshot still has the row copies the file after it.
        delete_later(stored.file.name)


@contextlib.contextmanager
def _bytes_removed_on_failure():
    written = []
    try:
        yield written
    except BaseException:
        for field_file in written:
            field_file.storage.delete(field_file.name)
        raise


def verify(stored_file):
    """Read the stored bytes through and raise DocumentAltered unless they hash as they did on arrival."""
    with stored_file.file.open("rb") as stored:
        _check(stored, stored_file)


def _check(opened, stored_file):
    if sha256_of(opened) != stored_file.sha256:
        raise DocumentAltered(f"Stored file {stored_file.pk} no longer matches its SHA-256")


def open_document(*, document, user):
    """Open the document's bytes, check them against their hash, record the download and hand them back.

    The bytes sent are the bytes checked, fetched once (from object storage,
    a transfer each time). A file that fails the check is refused and the
    failure is recorded, so the service team can restore it from backup.
    """
    stored = document.stored_file
    review = document.submission.review
    opened = stored.file.open("rb")
    try:
        _check(opened, stored)
    except DocumentAltered:
        opened.close()
        logger.error("Document %s failed its integrity check", document.pk)
        record(user, AuditAction.DOCUMENT_INTEGRITY_FAILED, document, review=review, sha256=stored.sha256)
        raise
    opened.seek(0)
    record(user, AuditAction.DOCUMENT_DOWNLOADED, document, review=review,
           version=document.submission.number, kind=document.kind)
    return opened


def extract_document_text(stored_file_id):
    """Extract a stored file's text for search and the automatic checks (the worker runs this).

    1. Skip the file unless its extraction is pending.
    2. Extract the text, capped in size, holding no lock: a long report
       must not block anyone while it is read.
    3. Lock the file and save the text, or the reason it failed, where the
       secretariat sees it. A file too slow or too big to read fails the
       same way. The file itself is never touched.
    4. Ask for the pre-screen of the versions that hold the file.
    """
    from submissions.inspection.text import TextExtractionFailed, extract_text_and_pages
    from submissions.services.prescreen import request_prescreens_for_text

    stored = StoredFile.objects.get(pk=stored_file_id)
    if stored.text_status != TextStatus.PENDING:
        return stored
    text, page_starts, reason = None, [], ""
    try:
        with stored.file.open("rb") as opened:
            text, page_starts = extract_text_and_pages(opened, stored.file_type)
    except TextExtractionFailed as error:
        reason = str(error)
    except OSError:
        # An OSError names paths on the server: the secretariat's page says only what happened.
        reason = "The stored file could not be opened"
    except SoftTimeLimitExceeded:
        reason = "Reading the text took too long"
    except MemoryError:
        reason = "The text was too large to read"
    with transaction.atomic():
        stored = StoredFile.objects.select_for_update().get(pk=stored_file_id)
        if stored.text_status != TextStatus.PENDING:
            return stored
        reference = stored.documents.values_list("submission__review__reference", flat=True).first() or ""
        if text is None:
            logger.warning("Text extraction for stored file %s failed: %s", stored.pk, reason)
            stored.text_status, stored.text_error = TextStatus.FAILED, reason[:2000]
            stored.save(update_fields=["text_status", "text_error"])
            record(None, AuditAction.TEXT_EXTRACTION_FAILED, stored, review=reference, error=stored.text_error)
            request_prescreens_for_text(stored)
            return stored
        ExtractedText.objects.update_or_create(stored_file=stored, defaults={"text": text, "page_starts": page_starts})
        stored.text_status, stored.text_error = TextStatus.DONE, ""
        stored.save(update_fields=["text_status", "text_error"])
        record(None, AuditAction.TEXT_EXTRACTED, stored, review=reference, characters=len(text))
        # The versions holding it (a draft, or one sent before its text was read) are checked again.
        request_prescreens_for_text(stored)
    return stored


def sweep_stalled_extractions(*, older_than=None):
    """Ask again for text extractions left pending, and mark failed those tried too often (Celery beat, each minute).

    The extraction task's message is acknowledged when a worker takes it, so
    a worker killed while reading (or a broker emptied) loses it.

    1. Find the files whose text was asked for longer ago than `older_than`
       (default DHRQA_TEXT_STALE_SECONDS) and is still pending, skipping any
       locked by an extraction saving its result.
    2. Mark failed, with the reason and its audit event, each one asked for
       MAX_TEXT_ATTEMPTS times already.
    3. For each of the others, count a try, note the time, and queue its
       extraction once committed.
    Returns the numbers asked for again and marked failed.
    """
    from submissions.services.prescreen import request_prescreens_for_text
    from submissions.tasks import extract_text_task

    if older_than is None:
        older_than = datetime.timedelta(seconds=settings.DHRQA_TEXT_STALE_SECONDS)
    now = clock.now()
    requeued = failed = 0
    with transaction.atomic():
        stalled = (StoredFile.objects.select_for_update(skip_locked=True)
                   .filter(text_status=TextStatus.PENDING, text_requested_at__lte=now - older_than)
                   .order_by("text_requested_at"))
        for stored in stalled:
            if stored.text_attempts >= MAX_TEXT_ATTEMPTS:
                stored.text_status = TextStatus.FAILED
                stored.text_error = f"Reading the text was tried {stored.text_attempts + 1} times and did not finish"
                stored.save(update_fields=["text_status", "text_error"])
                reference = stored.documents.values_list("submission__review__reference", flat=True).first() or ""
                record(None, AuditAction.TEXT_EXTRACTION_FAILED, stored, review=reference, error=stored.text_error)
                request_prescreens_for_text(stored)
                failed += 1
                continue
            stored.text_attempts += 1
            stored.text_requested_at = now
            stored.save(update_fields=["text_attempts", "text_requested_at"])
            transaction.on_commit(lambda pk=stored.pk: extract_text_task.delay(stored_file_id=pk), robust=True)
            requeued += 1
    if requeued or failed:
        logger.warning("Text extractions left waiting: %d asked for again, %d marked failed", requeued, failed)
    return requeued, failed
