"""A meeting's letters together: prepared in one go, sent to the chair in one go, issued in one go.

The chair still reads and signs each letter: that is the point of signing.
"""

from celery import group
from django.db import transaction

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from panel.enums import LIVE_LETTER_STATUSES, LetterStatus, RenderStatus, VerdictStatus
from panel.models import Letter
from panel.services.letters import draft_letter, issue_letter, send_for_signing
from panel.services.meetings import locked_meeting


def newest_letters(meeting):
    """[(agenda item, its verdict's newest letter or None)] for the meeting's confirmed verdicts, in agenda order."""
    items = list(
        meeting.agenda_items.filter(verdict__status=VerdictStatus.CONFIRMED)
        .select_related("verdict__outcome", "submission__review__csp").order_by("position")
    )
    letters = {}
    for letter in (Letter.objects.filter(verdict__agenda_item__in=items).exclude(status=LetterStatus.SUPERSEDED)
                   .order_by("verdict_id", "drafted_at", "id")):
        letters[letter.verdict_id] = letter
    return [(item, letters.get(item.verdict.pk)) for item in items]


def progress(meeting):
    """(letters whose PDF is ready or that are past drafting, letters of the meeting's confirmed verdicts)."""
    rows = newest_letters(meeting)
    ready = sum(1 for _item, letter in rows
                if letter is not None and (letter.render_status == RenderStatus.READY
                                           or letter.status != LetterStatus.DRAFT))
    return ready, len(rows)


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
            Letter.objects.filter(pk__in=to_render).update(render_requested_at=clock.now())
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
