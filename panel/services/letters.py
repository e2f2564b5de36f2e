"""Drafting, rendering, signing and issuing the Panel's letters."""

import contextlib
import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.transitions import check_transition
from panel.composition import compose_letter_content
from panel.enums import LETTER_TRANSITIONS, LetterStatus, RenderStatus
from panel.models import Letter, LetterTemplate, Verdict
from panel.pdf import render_letter_pdf
from panel.refusals import (
    LetterAlreadySigned,
    LetterNotRendered,
    LetterRefused,
    NewerDraftExists,
    NoLetterTemplate,
    VerdictNotConfirmed,
)
from panel.signing import sign_pdf
from submissions.services.panel_steps import release_outcome

logger = logging.getLogger(__name__)


class LetterNotReady(Exception):
    """The letter's PDF has not been rendered yet."""


def current_template(outcome_set):
    """The newest letter template for an outcome set."""
    template = LetterTemplate.objects.filter(outcome_set=outcome_set).order_by("-version").first()
    if template is None:
        raise NoLetterTemplate("There is no letter template for this kind of verdict yet")
    return template


def draft_letter(*, verdict, drafted_by, letter_date=None):
    """Draft the letter for a verdict and queue its rendering.

    1. Lock the verdict, so drafting and signing cannot cross.
    2. Refuse if the verdict is not confirmed, or already has a signed letter.
    3. Compose the content from the verdict and its outcome set's newest template.
    4. Save the letter as a draft waiting to be rendered, write the audit
       event, and queue the rendering once the transaction commits.
    """
    from panel.tasks import render_letter_task

    letter_date = letter_date or clock.today()
    with transaction.atomic():
        verdict = Verdict.objects.select_for_update(of=("self",)).select_related("outcome__outcome_set").get(
            pk=verdict.pk)
        if not verdict.is_confirmed:
            raise VerdictNotConfirmed("The chair has not confirmed this verdict yet: its letter cannot be drafted")
        template = current_template(verdict.outcome.outcome_set)
        if verdict.letters.exclude(status=LetterStatus.DRAFT).exists():
            raise LetterAlreadySigned("This verdict already has a signed letter")
        letter = Letter.objects.create(
            verdict=verdict,
            template=template,
            content=compose_letter_content(verdict=verdict, template=template, letter_date=letter_date),
            letter_date=letter_date,
            render_status=RenderStatus.QUEUED,
            drafted_by=drafted_by,
        )
        record(drafted_by, AuditAction.LETTER_DRAFTED, letter, review=letter.content["reference"],
               template=str(template))
        # If the broker is down the letter stays queued; drafting again retries.
        transaction.on_commit(lambda: render_letter_task.delay(letter_id=letter.pk), robust=True)
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
            record(None, AuditAction.LETTER_RENDER_FAILED, letter, review=letter.content.get("reference"),
                   error=letter.render_error)
            return letter
        with _removed_on_failure(letter.draft_pdf):
            letter.draft_pdf.save(f"{letter.pk}.pdf", ContentFile(pdf), save=False)
            letter.render_status = RenderStatus.READY
            letter.render_error = ""
            letter.save(update_fields=["draft_pdf", "render_status", "render_error"])
            record(None, AuditAction.LETTER_RENDERED, letter, review=letter.content.get("reference"), bytes=len(pdf))
    return letter


def letter_pdf_for_review(reference):
    """The PDF of the newest verdict's letter for a review, for `manage.py letter_pdf`.

    A signed letter comes out exactly as signed; a draft, or a verdict with
    no letter yet, is rendered as it would be signed today, without storing
    anything. Raises Verdict.DoesNotExist when no verdict has been recorded.
    """
    verdict = (
        Verdict.objects.filter(agenda_item__submission__review__reference=reference)
        .select_related("agenda_item__meeting__chair", "agenda_item__submission__review__csp",
                        "outcome__outcome_set")
        .latest("recorded_at")
    )
    letter = verdict.letters.first()
    if letter is not None and letter.is_frozen:
        with letter.signed_pdf.open("rb") as signed:
            return signed.read()
    if letter is not None:
        return final_letter_pdf(letter)
    today = clock.today()
    content = compose_letter_content(verdict=verdict, template=current_template(verdict.outcome.outcome_set),
                                     letter_date=today)
    return render_letter_pdf(content, letter_date=today, final=True)


def final_letter_pdf(letter):
    """The letter as it reads when signed, before the digital signature."""
    return render_letter_pdf(letter.content, letter_date=letter.letter_date, final=True)


def sign_letter(*, letter, signed_by):
    """Sign the newest draft of a verdict's letter as the meeting's chair. It is frozen after this.

    1. Lock the verdict, then the letter; check the letter is the verdict's
       newest, rendered draft and that no other letter has been signed.
    2. Date it today and compose it again for that date (the wording that
       depends on the date, such as the meeting's month, follows it).
    3. Render the final PDF with the sign-off block and apply the PAdES
       signature.
    4. Store the signed PDF and its SHA-256 and write the audit event. If
       anything fails after the file is written, the file is removed.
    """
    with transaction.atomic():
        verdict = Verdict.objects.select_for_update().get(pk=letter.verdict_id)
        letter = Letter.objects.select_for_update().select_related("template").get(pk=letter.pk)
        check_transition(LETTER_TRANSITIONS, letter.status, LetterStatus.SIGNED,
                         "This letter has already been signed", error=LetterRefused)
        if letter.render_status != RenderStatus.READY:
            raise LetterNotRendered("The draft letter must be ready before it is signed")
        newest = verdict.letters.order_by("-drafted_at", "-id").first()
        if newest.pk != letter.pk or verdict.letters.exclude(status=LetterStatus.DRAFT).exists():
            raise NewerDraftExists("A newer draft of this letter exists: sign that one instead")
        letter.letter_date = clock.today()
        letter.content = compose_letter_content(verdict=verdict, template=letter.template,
                                                letter_date=letter.letter_date)
        signed = sign_pdf(
            final_letter_pdf(letter),
            signer_name=signed_by.full_name,
            reason=f"QA Panel letter for {letter.content['reference']}",
        )
        with _removed_on_failure(letter.signed_pdf):
            letter.signed_pdf.save(f"{letter.pk}-signed.pdf", ContentFile(signed), save=False)
            letter.signed_pdf_sha256 = hashlib.sha256(signed).hexdigest()
            letter.status = LetterStatus.SIGNED
            letter.signed_by = signed_by
            letter.signed_at = clock.now()
            letter.save()
            record(signed_by, AuditAction.LETTER_SIGNED, letter, review=letter.content["reference"],
                   sha256=letter.signed_pdf_sha256)
    return letter


@contextlib.contextmanager
def _removed_on_failure(field_file):
    """Delete a file written inside the block if the block fails."""
    try:
        yield
    except BaseException:
        if field_file.name:
            field_file.storage.delete(field_file.name)
        raise


def issue_letter(*, letter, issued_by):
    """Issue a signed letter to the CSP, who can then download it and see the outcome.

    1. Lock the letter and check it is signed and not yet issued.
    2. Record who issued it and when, and write the audit event.
    3. Have submissions conclude the version, or open the way to the next
       one with the letter's issues to answer.
    """
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        check_transition(LETTER_TRANSITIONS, letter.status, LetterStatus.ISSUED,
                         "Only a signed letter that has not been issued can be issued", error=LetterRefused)
        letter.status = LetterStatus.ISSUED
        letter.issued_by = issued_by
        letter.issued_at = clock.now()
        letter.save(update_fields=["status", "issued_by", "issued_at"])
        verdict = Verdict.objects.select_related("agenda_item__submission", "outcome").get(pk=letter.verdict_id)
        record(issued_by, AuditAction.LETTER_ISSUED, letter, review=letter.content["reference"],
               sha256=letter.signed_pdf_sha256, version=verdict.agenda_item.submission.number)
        release_outcome(
            submission=verdict.agenda_item.submission,
            new_version_needed=verdict.outcome.needs_new_version,
            issues=[issue.text for issue in verdict.issues.all()],
        )
    return letter


def open_letter(*, letter, user):
    """Record the download, then open the signed PDF (or the draft before signing)."""
    pdf = letter.pdf
    if not pdf:
        raise LetterNotReady("The letter has not been rendered yet")
    opened = pdf.open("rb")
    record(user, AuditAction.LETTER_DOWNLOADED, letter, review=letter.content.get("reference"),
           signed=letter.is_frozen)
    return opened
