"""Correcting a signed letter: a new version with a reason, which supersedes the old one when signed."""

from django.db import transaction

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.transitions import check_transition
from panel.enums import LETTER_TRANSITIONS, LetterStatus, RenderStatus
from panel.models import Letter, Verdict
from panel.refusals import LetterRefused
from panel.services.rendering import queue_render


def start_correction(*, letter, started_by, reason):
    """Start a correction of a signed or issued letter: a new draft version carrying its words, with a reason.

    The old letter stays as it is (and with the CSP, if issued) until the
    correction is signed, which supersedes it.

    1. Lock the verdict and the letter; check it is the verdict's live letter,
       a reason is given, and no correction is already under way.
    2. Save the new draft (version + 1, same content), write the audit event
       and queue its rendering.
    """
    reason = reason.strip()
    with transaction.atomic():
        verdict = Verdict.objects.select_for_update(of=("self",)).get(pk=letter.verdict_id)
        letter = Letter.objects.select_for_update(of=("self",)).select_related("template").get(pk=letter.pk)
        check_transition(LETTER_TRANSITIONS, letter.status, LetterStatus.SUPERSEDED,
                         "Only a signed or issued letter can be corrected", error=LetterRefused)
        if not reason:
            raise LetterRefused("Enter the reason for the correction")
        if verdict.letters.filter(supersedes=letter).exists():
            raise LetterRefused("A correction of this letter is already under way")
        correction = Letter.objects.create(
            verdict=verdict, version=letter.version + 1, verdict_revision=verdict.revision,
            template=letter.template, content=letter.content,
            letter_date=clock.today(), render_status=RenderStatus.QUEUED, drafted_by=started_by,
            supersedes=letter, correction_reason=reason,
        )
        record(started_by, AuditAction.LETTER_CORRECTION_STARTED, correction, review=letter.content["reference"],
               corrects=letter.pk, version=correction.version, reason=reason)
        queue_render(correction)
    return correction
