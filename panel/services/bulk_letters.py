"""A meeting's letters together: prepared in one go, sent to the chair in one go, issued in one go.

The chair still reads and signs each letter: that is the point of signing.
"""

import hashlib
import logging
import tempfile
import zipfile
from dataclasses import dataclass

from celery import group
from django.core.files import File
from django.db import transaction

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.storage import removed_on_failure
from panel.enums import LIVE_LETTER_STATUSES, LetterStatus, RenderStatus, VerdictStatus
from panel.models import Letter, LetterBundle
from panel.refusals import LetterRefused
from panel.services.letter_files import LetterAltered
from panel.services.letters import draft_letter, issue_letter, send_for_signing
from panel.services.meetings import locked_meeting

logger = logging.getLogger(__name__)


def newest_letters(meeting):
    """[(agenda item, its verdict's newest letter or None)] for the meeting's confirmed verdicts, in agenda order.

    The letters come without their content (the words are not needed to list them).
    """
    items = list(
        meeting.agenda_items.filter(verdict__status=VerdictStatus.CONFIRMED)
        .select_related("verdict__outcome", "submission__review__csp").order_by("position")
    )
    letters = {}
    for letter in (Letter.objects.filter(verdict__agenda_item__in=items).exclude(status=LetterStatus.SUPERSEDED)
                   .defer("content").order_by("verdict_id", "drafted_at", "id")):
        letters[letter.verdict_id] = letter
    return [(item, letters.get(item.verdict.pk)) for item in items]


def _is_ready(letter):
    return letter is not None and (letter.render_status == RenderStatus.READY or letter.status != LetterStatus.DRAFT)


def _is_ready_draft(letter):
    return letter is not None and letter.status == LetterStatus.DRAFT and letter.render_status == RenderStatus.READY


@dataclass(frozen=True)
class MeetingLetters:
    """Where a meeting's letters stand, for its letters page and the page's progress poller."""

    rows: list  # (agenda item, its newest letter or None), in agenda order
    signed: list  # [id, SHA-256] of each signed or issued letter, in agenda order
    bundle: LetterBundle | None  # the newest ZIP asked for

    @property
    def total(self):
        return len(self.rows)

    @property
    def ready(self):
        return sum(1 for _item, letter in self.rows if _is_ready(letter))

    @property
    def to_prepare(self):
        return sum(1 for _item, letter in self.rows if letter is None or (
            letter.status == LetterStatus.DRAFT and letter.render_status != RenderStatus.READY))

    @property
    def to_send(self):
        return sum(1 for _item, letter in self.rows if _is_ready_draft(letter))

    @property
    def to_issue(self):
        return sum(1 for _item, letter in self.rows if letter is not None and letter.status == LetterStatus.SIGNED)

    @property
    def bundle_current(self):
        """Whether the newest ZIP holds exactly the letters signed now."""
        return self.bundle is not None and self.bundle.letters == self.signed

    @property
    def bundle_status(self):
        """The newest ZIP's status, a stalled build counting as failed; "none" if none was asked for."""
        if self.bundle is None:
            return "none"
        return RenderStatus.FAILED if self.bundle.is_stalled else self.bundle.status

    @property
    def preparing(self):
        return (any(letter is not None and letter.status == LetterStatus.DRAFT
                    and letter.render_status == RenderStatus.QUEUED for _item, letter in self.rows)
                or self.bundle_status == RenderStatus.QUEUED)

    @property
    def status(self):
        """What the progress poller compares: it changes whenever the page would."""
        return f"{self.ready}/{self.total}:{self.bundle_status}"


def meeting_letter_summary(meeting):
    """The meeting's letters, signed letters and newest ZIP, read once (MeetingLetters)."""
    signed = [list(pair) for pair in signed_letters(meeting).values_list("pk", "signed_pdf_sha256")]
    return MeetingLetters(rows=newest_letters(meeting), signed=signed, bundle=meeting.letter_bundles.first())


def progress(meeting):
    """(letters whose PDF is ready or that are past drafting, letters of the meeting's confirmed verdicts)."""
    summary = meeting_letter_summary(meeting)
    return summary.ready, summary.total


def prepare_meeting_letters(*, meeting, prepared_by):
    """Draft every letter the meeting still needs, and render every draft not ready, all at once.

    1. Lock the meeting, so two people pressing the button prepare once.
    2. Draft a letter for each confirmed verdict with none; ask again for each
       draft whose rendering failed or is still waiting.
    3. Write the audit event, and once committed send the renders to the
       workers as one Celery group. Returns the number of letters rendering.
    """
    from panel.tasks import render_letter_task

    with transaction.atomic():
        meeting = locked_meeting(meeting)
        to_render = []
        drafted = 0
        for item, letter in newest_letters(meeting):
            if letter is None:
                letter = draft_letter(verdict=item.verdict, drafted_by=prepared_by, queue=False)
                drafted += 1
            elif letter.status != LetterStatus.DRAFT or letter.render_status == RenderStatus.READY:
                continue
            elif letter.render_status == RenderStatus.FAILED:
                Letter.objects.filter(pk=letter.pk).update(render_status=RenderStatus.QUEUED, render_error="")
            to_render.append(letter.pk)
        if to_render:
            # A new request for each: its tries start from none (as panel.services.rendering.queue_render).
            Letter.objects.filter(pk__in=to_render).update(render_requested_at=clock.now(), render_attempts=0)
            record(prepared_by, AuditAction.LETTERS_PREPARED, meeting, drafted=drafted, rendering=len(to_render))
            # One group, so the workers share the letters between them; each task stays idempotent.
            transaction.on_commit(
                lambda: group(render_letter_task.s(letter_id=pk) for pk in to_render).apply_async(), robust=True)
    return len(to_render)


def send_ready_letters(*, meeting, sent_by):
    """Send every ready draft of the meeting to its chair; returns how many went."""
    sent = 0
    with transaction.atomic():
        locked_meeting(meeting)
        for _item, letter in newest_letters(meeting):
            if letter is not None and letter.status == LetterStatus.DRAFT and letter.render_status == RenderStatus.READY:
                send_for_signing(letter=letter, sent_by=sent_by)
                sent += 1
    return sent


def issue_signed_letters(*, meeting, issued_by):
    """Issue every signed letter of the meeting; returns how many were issued."""
    issued = 0
    with transaction.atomic():
        locked_meeting(meeting)
        for _item, letter in newest_letters(meeting):
            if letter is not None and letter.status == LetterStatus.SIGNED:
                issue_letter(letter=letter, issued_by=issued_by)
                issued += 1
    return issued


def signed_letters(meeting):
    """The letters the meeting's verdicts stand by (signed or issued), in agenda order."""
    return (Letter.objects.filter(verdict__agenda_item__meeting=meeting, status__in=LIVE_LETTER_STATUSES)
            .order_by("verdict__agenda_item__position"))


def request_bundle(*, meeting, requested_by):
    """Ask for a ZIP of the meeting's signed letters, built in the background; the same letters reuse the last one.

    1. Lock the meeting; refuse if none of its letters is signed yet.
    2. If the newest bundle holds exactly these letters and is ready or
       being built (not stalled), return it; otherwise save a new one as queued.
    3. Write the audit event and queue the build once committed.
    """
    from panel.tasks import build_bundle_task

    with transaction.atomic():
        meeting = locked_meeting(meeting)
        letters = [[letter.pk, letter.signed_pdf_sha256] for letter in signed_letters(meeting)]
        if not letters:
            raise LetterRefused("None of this meeting's letters has been signed yet")
        newest = meeting.letter_bundles.first()
        if newest is not None and newest.letters == letters and (
                newest.status == RenderStatus.READY or (newest.status == RenderStatus.QUEUED and not newest.is_stalled)):
            return newest
        bundle = LetterBundle.objects.create(meeting=meeting, letters=letters, requested_by=requested_by)
        record(requested_by, AuditAction.LETTERS_ZIPPED, meeting, bundle=bundle.pk, letters=len(letters))
        transaction.on_commit(lambda: build_bundle_task.delay(bundle_id=bundle.pk), robust=True)
    return bundle


def build_bundle(bundle_id):
    """Build a bundle's ZIP. Safe to run twice: a ready bundle is left alone.

    1. Lock the bundle; skip it unless it is queued.
    2. Write each letter's signed PDF, checked against its SHA-256, into a
       ZIP in a temporary file, named by reference and version.
    3. Store it and mark the bundle ready; on any failure, mark it failed with
       the reason (the file, if written, is removed; the writes are undone to
       a savepoint, so the failure itself can be saved).
    """
    with transaction.atomic():
        bundle = LetterBundle.objects.select_for_update().get(pk=bundle_id)
        if bundle.status != RenderStatus.QUEUED:
            return bundle
        try:
            with transaction.atomic(), tempfile.TemporaryFile() as spool:
                with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_STORED) as archive:
                    for letter in Letter.objects.filter(pk__in=[pk for pk, _ in bundle.letters]).order_by(
                            "verdict__agenda_item__position"):
                        expected = dict(bundle.letters)[letter.pk]
                        with letter.signed_pdf.open("rb") as stored:
                            data = stored.read()
                        if hashlib.sha256(data).hexdigest() != expected:
                            raise LetterAltered(f"The signed letter for {letter.content['reference']} no longer "
                                                "matches its fingerprint")
                        archive.writestr(letter.download_name, data)
                spool.seek(0)
                with removed_on_failure(bundle.file):
                    bundle.file.save(f"{bundle.pk}.zip", File(spool), save=False)
                    bundle.status = RenderStatus.READY
                    bundle.built_at = clock.now()
                    bundle.save(update_fields=["file", "status", "built_at"])
        except LetterAltered as error:
            _mark_failed(bundle, str(error))
        except Exception:  # a missing file, a full disk, a time limit: the secretariat can ask again
            logger.exception("The ZIP of letters %s could not be made", bundle.pk)
            _mark_failed(bundle, "something went wrong while gathering the letters. Try again")
    return bundle


def _mark_failed(bundle, error):
    bundle.status = RenderStatus.FAILED
    bundle.error = error[:2000]
    bundle.save(update_fields=["status", "error"])


def current_bundle(meeting):
    """The meeting's newest ZIP if it is ready and holds exactly the letters signed now; else None."""
    summary = meeting_letter_summary(meeting)
    if summary.bundle_current and summary.bundle_status == RenderStatus.READY:
        return summary.bundle
    return None


def open_bundle(*, bundle, user):
    """Record the download, then open the bundle's ZIP."""
    opened = bundle.file.open("rb")
    record(user, AuditAction.LETTER_BUNDLE_DOWNLOADED, bundle.meeting, bundle=bundle.pk, letters=len(bundle.letters))
    return opened
