"""Drafting, rendering, signing and issuing the Panel's letters."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.transitions import IllegalTransition, check_transition
from panel.composition import compose_letter_content
from panel.enums import LETTER_TRANSITIONS, LetterStatus, RenderStatus
from panel.models import Letter, LetterTemplate
from panel.pdf import render_letter_pdf
from panel.signing import sign_pdf

logger = logging.getLogger(__name__)


def current_template(era):
    template = LetterTemplate.objects.filter(era=era).order_by("-version").first()
    if template is None:
        raise IllegalTransition("There is no letter template for this kind of verdict yet")
    return template


def draft_letter(*, verdict, drafted_by, letter_date=None):
    """Draft the letter for a verdict and queue its rendering.

    1. Refuse if the verdict already has a signed letter.
    2. Compose the content from the verdict and the era's newest template.
    3. Save the letter as a draft waiting to be rendered, write the audit
       event, and queue the rendering once the transaction commits.
    """
    from panel.tasks import render_letter_task

    letter_date = letter_date or timezone.localdate()
    template = current_template(verdict.era)
    with transaction.atomic():
        if verdict.letters.exclude(status=LetterStatus.DRAFT).exists():
            raise IllegalTransition("This verdict already has a signed letter")
        letter = Letter.objects.create(
            verdict=verdict,
            template=template,
            content=compose_letter_content(verdict=verdict, template=template, letter_date=letter_date),
            letter_date=letter_date,
            render_status=RenderStatus.QUEUED,
            drafted_by=drafted_by,
        )
        record(drafted_by, AuditAction.LETTER_DRAFTED, letter, template=str(template))
        transaction.on_commit(lambda: render_letter_task.delay(letter_id=letter.pk))
    return letter


def render_letter(letter_id):
    """Render a draft letter's PDF. Safe to run twice: a ready letter is left alone.

    1. Lock the letter; skip it unless it is a draft waiting to be rendered.
    2. Render the draft PDF, store it and mark the letter ready.
    3. On failure, log the traceback and mark the letter failed with the
       reason, so the secretariat sees it and can draft again. Both outcomes
       are audited.
    """
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter_id)
        if letter.status != LetterStatus.DRAFT or letter.render_status == RenderStatus.READY:
            return letter
        try:
            pdf = render_letter_pdf(letter.content, letter_date=letter.letter_date, final=False)
        except Exception as error:  # noqa: BLE001 - logged in full and shown to the secretariat
            logger.exception("Rendering letter %s failed", letter.pk)
            letter.render_status = RenderStatus.FAILED
            letter.render_error = f"{type(error).__name__}: {error}"[:2000]
            letter.save(update_fields=["render_status", "render_error"])
            record(None, AuditAction.LETTER_RENDER_FAILED, letter, error=letter.render_error)
            return letter
        letter.draft_pdf.save(f"{letter.pk}.pdf", ContentFile(pdf), save=False)
        letter.render_status = RenderStatus.READY
        letter.render_error = ""
        letter.save(update_fields=["draft_pdf", "render_status", "render_error"])
        record(None, AuditAction.LETTER_RENDERED, letter, bytes=len(pdf))
    return letter


def final_letter_pdf(letter):
    """The letter as it reads when signed, before the digital signature."""
    return render_letter_pdf(letter.content, letter_date=letter.letter_date, final=True)


def sign_letter(*, letter, signed_by):
    """Sign a draft letter as the meeting's chair. The letter is frozen after this.

    1. Lock the letter; check it is a rendered draft.
    2. Date it today, render the final PDF with the sign-off block, and
       apply the PAdES signature.
    3. Store the signed PDF and its SHA-256, and write the audit event.
    """
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        check_transition(LETTER_TRANSITIONS, letter.status, LetterStatus.SIGNED,
                         "This letter has already been signed")
        if letter.render_status != RenderStatus.READY:
            raise IllegalTransition("The draft letter must be ready before it is signed")
        letter.letter_date = timezone.localdate()
        signed = sign_pdf(
            final_letter_pdf(letter),
            signer_name=signed_by.full_name,
            reason=f"QA Panel letter for {letter.content['reference']}",
        )
        letter.signed_pdf.save(f"{letter.pk}-signed.pdf", ContentFile(signed), save=False)
        letter.signed_pdf_sha256 = hashlib.sha256(signed).hexdigest()
        letter.status = LetterStatus.SIGNED
        letter.signed_by = signed_by
        letter.signed_at = timezone.now()
        letter.save()
        record(signed_by, AuditAction.LETTER_SIGNED, letter, sha256=letter.signed_pdf_sha256)
    return letter


def issue_letter(*, letter, issued_by):
    """Issue a signed letter to the CSP, who can then download it.

    1. Lock the letter and check it is signed and not yet issued.
    2. Record who issued it and when, and write the audit event.
    """
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        check_transition(LETTER_TRANSITIONS, letter.status, LetterStatus.ISSUED,
                         "Only a signed letter that has not been issued can be issued")
        letter.status = LetterStatus.ISSUED
        letter.issued_by = issued_by
        letter.issued_at = timezone.now()
        letter.save(update_fields=["status", "issued_by", "issued_at"])
        record(issued_by, AuditAction.LETTER_ISSUED, letter, sha256=letter.signed_pdf_sha256)
    return letter


def open_letter(*, letter, user):
    """Record the download, then open the signed PDF (or the draft before signing)."""
    pdf = letter.signed_pdf if letter.is_frozen else letter.draft_pdf
    if not pdf:
        raise IllegalTransition("The letter has not been rendered yet")
    record(user, AuditAction.LETTER_DOWNLOADED, letter, signed=letter.is_frozen)
    return pdf.open("rb")
