"""Rendering a draft letter's PDF in the background, so that every draft asked for ends ready or failed.

The database, not the broker, says what is owed: a draft waiting to be
rendered has `render_status` "queued", `render_requested_at` and a count of
tries (`render_attempts`). A message can be lost (the broker was down when
the draft was asked for, or a worker was killed holding it), or delivered
twice, so:

- `render_letter` may run any number of times, even at once in two workers,
  and leaves one PDF file and one "rendered" audit event;
- each try writes its file in the letter's own folder, and the try that
  marks the letter ready has every other file there deleted, among them those
  of tries that died before committing (after the grace of
  dhrqa.storage.delete_later, which a running backup needs);
- `sweep_stalled_renders` (Celery beat, every minute) asks again for a draft
  left waiting, and marks failed one tried MAX_RENDER_ATTEMPTS times;
- a render killed at the hard time limit marks its letter failed
  (`stop_render`, called by the task's failure handler in panel/tasks.py).
"""

import contextlib
import datetime
import logging
import posixpath
import time
import uuid

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.storage import delete_later
from panel.enums import LetterStatus, RenderStatus
from panel.models import Letter
from panel.pdf import render_letter_pdf
from panel.refusals import LetterRefused, LetterTooLong

logger = logging.getLogger(__name__)

# A real letter is a few thousand characters; this is ten times the longest.
# Laid out, it takes a worker about a second, or two if it is one long word.
MAX_LETTER_CHARACTERS = 50_000
# Tries of one request, counting the sweep's: then the letter is marked failed.
MAX_RENDER_ATTEMPTS = 5
DRAFTS_FOLDER = "letters/drafts"


def queue_render(letter):
    """Ask the worker, once the transaction commits, to render `letter`'s draft PDF.

    A new request: the time it was asked for is noted and its tries start
    from none. If the broker is down the request still succeeds; the letter
    stays queued and `sweep_stalled_renders` asks for it again.
    """
    Letter.objects.filter(pk=letter.pk).update(render_requested_at=clock.now(), render_attempts=0)
    _send_on_commit(letter.pk)


def _send_on_commit(letter_id):
    from panel.tasks import render_letter_task

    transaction.on_commit(lambda: render_letter_task.delay(letter_id=letter_id), robust=True)


def render_letter(letter_id):
    """Render a draft letter's PDF. Safe to run twice, or at once: the letter ends with one PDF.

    1. Lock the letter; skip it unless it is a draft waiting to be rendered.
       Count the try and commit, so that a try whose worker dies still
       counts; a letter already tried MAX_RENDER_ATTEMPTS times is marked
       failed instead.
    2. Holding no lock, refuse a letter longer than MAX_LETTER_CHARACTERS,
       render its content and write the PDF to the letter's own folder.
    3. Lock the letter again. If it still waits and still reads as rendered,
       name the file on it, mark it ready and write the audit event; once
       committed, remove the folder's other files (the draft it replaces, a
       dead try's). Otherwise (it was edited meanwhile, or another try got
       there first) remove this try's file.
    4. If rendering fails, log it and mark the letter failed with the reason,
       unless it was edited meanwhile.
    """
    with transaction.atomic():
        letter = _locked_letter(letter_id)
        if letter is None or not _waiting(letter):
            return letter
        if letter.render_attempts >= MAX_RENDER_ATTEMPTS:
            return _fail(letter, f"it was tried {letter.render_attempts} times and did not finish")
        letter.render_attempts += 1
        letter.save(update_fields=["render_attempts"])
    content, letter_date = letter.content, letter.letter_date

    try:
        check_length(content)
        _test_delay()
        pdf = render_letter_pdf(content, letter_date=letter_date, final=False)
    except SoftTimeLimitExceeded:
        return _fail_unless_edited(letter_id, content, letter_date,
                                   f"it took longer than {settings.CELERY_TASK_SOFT_TIME_LIMIT} seconds")
    except LetterTooLong as error:
        return _fail_unless_edited(letter_id, content, letter_date, error.reason)
    except Exception as error:  # noqa: BLE001 - logged in full and shown to the secretariat
        logger.exception("Rendering letter %s failed", letter_id)
        return _fail_unless_edited(letter_id, content, letter_date, f"{type(error).__name__}: {error}")

    storage = Letter._meta.get_field("draft_pdf").storage
    name = storage.save(f"{_folder(letter_id)}/{uuid.uuid4().hex}.pdf", ContentFile(pdf))
    with _removed_unless_kept(storage, name) as keep:
        with transaction.atomic():
            letter = _locked_letter(letter_id)
            if letter is None or not _waiting(letter) or not _reads_as(letter, content, letter_date):
                return letter
            replaced = letter.draft_pdf.name
            letter.draft_pdf.name = name
            letter.render_status = RenderStatus.READY
            letter.render_error = ""
            letter.save(update_fields=["draft_pdf", "render_status", "render_error"])
            record(None, AuditAction.LETTER_RENDERED, letter, review=letter.content.get("reference"),
                   bytes=len(pdf), attempt=letter.render_attempts)
            transaction.on_commit(lambda: _remove_other_drafts(letter_id, keep=name, replaced=replaced))
            # Kept before the commit: if the commit fails, the file is left in the letter's folder for
            # the next try to remove, rather than removed from under a committed row.
            keep()
    return letter


def _locked_letter(letter_id):
    return Letter.objects.select_for_update(of=("self",)).filter(pk=letter_id).first()


def _waiting(letter):
    return letter.status == LetterStatus.DRAFT and letter.render_status == RenderStatus.QUEUED


def _reads_as(letter, content, letter_date):
    return letter.content == content and letter.letter_date == letter_date


def _folder(letter_id):
    return f"{DRAFTS_FOLDER}/{letter_id}"


def letter_length(content):
    """The number of characters of text in a letter's content, all parts counted."""
    if isinstance(content, str):
        return len(content)
    if isinstance(content, dict):
        return sum(letter_length(value) for value in content.values())
    if isinstance(content, list):
        return sum(letter_length(value) for value in content)
    return 0


def check_length(content):
    """Refuse a letter too long to lay out in a few seconds (MAX_LETTER_CHARACTERS)."""
    length = letter_length(content)
    if length > MAX_LETTER_CHARACTERS:
        raise LetterTooLong(length=length, limit=MAX_LETTER_CHARACTERS)


def _test_delay():
    # Test settings only (dhrqa/test_settings.py): holds a render long enough for a test to kill its worker.
    delay = getattr(settings, "DHRQA_TEST_RENDER_DELAY_SECONDS", 0)
    if delay:
        time.sleep(delay)


@contextlib.contextmanager
def _removed_unless_kept(storage, name):
    """Delete the file `name` when the block ends, unless the block calls the `keep` it is given."""
    kept = []
    try:
        yield lambda: kept.append(True)
    finally:
        if not kept:
            storage.delete(name)


def _remove_other_drafts(letter_id, *, keep, replaced=""):
    """Record for deletion the files in the letter's folder other than `keep`, and the draft it `replaced`."""
    storage = Letter._meta.get_field("draft_pdf").storage
    folder = _folder(letter_id)
    try:
        names = [posixpath.join(folder, name) for name in storage.listdir(folder)[1]]
    except FileNotFoundError:
        names = []
    if replaced and not replaced.startswith(folder + "/"):
        names.append(replaced)
    # Not at once: the draft replaced was named by a committed row, which a running backup's snapshot may hold.
    delete_later(*(name for name in names if name != keep))


def _fail_unless_edited(letter_id, content, letter_date, reason):
    with transaction.atomic():
        letter = _locked_letter(letter_id)
        if letter is None or not _waiting(letter) or not _reads_as(letter, content, letter_date):
            return letter
        return _fail(letter, reason)


def _fail(letter, reason):
    """Mark a locked, waiting letter failed with `reason`, audit it, and tidy its folder once committed."""
    letter.render_status = RenderStatus.FAILED
    letter.render_error = reason[:2000]
    letter.save(update_fields=["render_status", "render_error"])
    record(None, AuditAction.LETTER_RENDER_FAILED, letter, review=letter.content.get("reference"),
           error=letter.render_error, attempt=letter.render_attempts)
    keep = letter.draft_pdf.name
    transaction.on_commit(lambda: _remove_other_drafts(letter.pk, keep=keep))
    return letter


def stop_render(letter_id, *, reason):
    """Mark failed a draft whose render was stopped from outside (the worker's hard time limit).

    1. Lock the letter; leave it alone unless it still waits to be rendered.
    2. Mark it failed with the reason and write the audit event.
    """
    with transaction.atomic():
        letter = _locked_letter(letter_id)
        if letter is None or not _waiting(letter):
            return letter
        logger.error("Rendering letter %s was stopped: %s", letter_id, reason)
        return _fail(letter, reason)


def sweep_stalled_renders(*, older_than=None):
    """Ask again for drafts left waiting, and mark failed those tried too often (Celery beat, every minute).

    A draft waits too long when its message was lost: the broker was down
    when it was asked for, or was emptied, or a worker was killed holding it
    and Redis has not handed it back.

    1. Find the drafts waiting since longer ago than `older_than` (default
       DHRQA_RENDER_STALE_SECONDS), skipping any locked by a render under way.
    2. Mark failed, with the reason, each one tried MAX_RENDER_ATTEMPTS times.
    3. For each of the others, count a try, note the time, and queue its
       rendering once committed.
    Returns the numbers asked for again and marked failed.
    """
    if older_than is None:
        older_than = datetime.timedelta(seconds=settings.DHRQA_RENDER_STALE_SECONDS)
    now = clock.now()
    requeued = failed = 0
    with transaction.atomic():
        stalled = (Letter.objects.select_for_update(of=("self",), skip_locked=True)
                   .filter(status=LetterStatus.DRAFT, render_status=RenderStatus.QUEUED,
                           render_requested_at__lte=now - older_than)
                   .order_by("render_requested_at"))
        for letter in stalled:
            if letter.render_attempts >= MAX_RENDER_ATTEMPTS:
                _fail(letter, f"it was tried {letter.render_attempts} times and did not finish")
                failed += 1
                continue
            letter.render_attempts += 1
            letter.render_requested_at = now
            letter.save(update_fields=["render_attempts", "render_requested_at"])
            _send_on_commit(letter.pk)
            requeued += 1
    if requeued or failed:
        logger.warning("Draft letters left waiting: %d asked for again, %d marked failed", requeued, failed)
    return requeued, failed



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
