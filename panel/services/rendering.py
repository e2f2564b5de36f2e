"""Rendering a draft letter's PDF in the background, and keeping files and rows in step when it fails."""

import contextlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from panel.enums import LetterStatus, RenderStatus
from panel.models import Letter
from panel.pdf import render_letter_pdf
from panel.refusals import LetterRefused

logger = logging.getLogger(__name__)


def queue_render(letter):
    """Ask the worker, once the transaction commits, to render `letter`'s draft PDF.

    If the broker is down the letter stays queued; it records when it was
    asked for, so that it can be asked for again.
    """
    from panel.tasks import render_letter_task

    Letter.objects.filter(pk=letter.pk).update(render_requested_at=clock.now())
    transaction.on_commit(lambda: render_letter_task.delay(letter_id=letter.pk), robust=True)


def render_letter(letter_id):
    """Render a draft letter's PDF. Safe to run twice: a ready letter is left alone.

    1. Lock the letter; skip it unless it is a draft waiting to be rendered.
    2. Render the draft PDF, store it and mark the letter ready.
    3. On failure, log the traceback and mark the letter failed with the
       reason, so the secretariat sees it and can ask again. Both outcomes
       are audited.
    """
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter_id)
        if letter.status != LetterStatus.DRAFT or letter.render_status == RenderStatus.READY:
            return letter
        letter.render_attempts += 1
        try:
            pdf = render_letter_pdf(letter.content, letter_date=letter.letter_date, final=False)
        except Exception as error:  # noqa: BLE001 - logged in full and shown to the secretariat
            logger.exception("Rendering letter %s failed", letter.pk)
            letter.render_status = RenderStatus.FAILED
            letter.render_error = f"{type(error).__name__}: {error}"[:2000]
            letter.save(update_fields=["render_status", "render_error", "render_attempts"])
            record(None, AuditAction.LETTER_RENDER_FAILED, letter, review=letter.content.get("reference"),
                   error=letter.render_error)
            return letter
        with removed_on_failure(letter.draft_pdf):
            letter.draft_pdf.save(f"{letter.pk}.pdf", ContentFile(pdf), save=False)
            letter.render_status = RenderStatus.READY
            letter.render_error = ""
            letter.save(update_fields=["draft_pdf", "render_status", "render_error", "render_attempts"])
            record(None, AuditAction.LETTER_RENDERED, letter, review=letter.content.get("reference"), bytes=len(pdf))
    return letter


@contextlib.contextmanager
def removed_on_failure(field_file):
    """Delete a file written inside the block if the block fails."""
    try:
        yield
    except BaseException:
        if field_file.name:
            field_file.storage.delete(field_file.name)
        raise


def retry_render(*, letter, asked_by):
    """Ask again for a draft whose rendering failed: the "Try again" button.

    1. Lock the letter; refuse unless it is a draft whose rendering failed.
    2. Mark it queued again, write the audit event and queue the rendering.
    """
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        if letter.status != LetterStatus.DRAFT or letter.render_status != RenderStatus.FAILED:
            raise LetterRefused("Only a draft whose preparation failed can be tried again")
        letter.render_status = RenderStatus.QUEUED
        letter.render_error = ""
        letter.save(update_fields=["render_status", "render_error"])
        record(asked_by, AuditAction.LETTER_RENDER_REQUESTED, letter, review=letter.content.get("reference"))
        queue_render(letter)
    return letter
