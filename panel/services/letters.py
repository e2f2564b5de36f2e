"""The Panel's letters: drafted from a confirmed verdict, edited, signed as the chair read them, issued, corrected.

1. The secretariat drafts the letter (the content is composed once, from the
   verdict and its outcome set's newest template) and edits its wording.
   Each change asks for a new draft PDF, rendered in the background.
2. It sends the draft to the chair, who reads it as it will be signed and
   signs it, or sends it back with a comment. Signing renders the same
   content in the final layout, dated the day of signing (the only thing
   that may differ from what the chair read), seals it with PAdES and keeps
   its SHA-256. From then on a database trigger refuses any change to it.
3. The secretariat issues it; the CSP's officers are e-mailed a link.
4. A correction is a new version of the letter, with a reason
   (panel.services.corrections); signing it supersedes the old one, which
   the secretariat can still download (panel.services.letter_files).
"""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.storage import removed_on_failure
from dhrqa.transitions import check_transition
from panel.composition import compose_letter_content, content_digest
from panel.enums import LETTER_TRANSITIONS, LIVE_LETTER_STATUSES, OPEN_LETTER_STATUSES, LetterStatus, RenderStatus
from panel.models import Letter, LetterTemplate, Verdict
from panel.pdf import render_letter_pdf
from panel.refusals import (
    LetterAlreadySigned,
    LetterChangedMeanwhile,
    LetterChangedSinceRead,
    LetterNotRendered,
    LetterOutOfDate,
    LetterRefused,
    NoLetterTemplate,
    VerdictNotConfirmed,
)
from panel.services import notices
from panel.services.rendering import check_length, queue_render
from panel.signing import sign_pdf
from submissions.services.panel_steps import release_outcome


def current_template(outcome_set):
    """The newest letter template for an outcome set."""
    template = LetterTemplate.objects.filter(outcome_set=outcome_set).order_by("-version").first()
    if template is None:
        raise NoLetterTemplate("There is no letter template for this kind of verdict yet")
    return template


def draft_letter(*, verdict, drafted_by, letter_date=None, queue=True):
    """Draft the letter for a confirmed verdict, or draft it again, and queue its rendering.

    A verdict has one letter in the making at a time: drafting again
    recomposes that draft from the verdict as it is now (the secretariat's
    changes to it are replaced).

    1. Lock the verdict, so drafting and signing cannot cross.
    2. Refuse if the verdict is not confirmed, already has a signed letter
       (a signed letter changes only by a correction), or its letter is with
       the chair (take it back first).
    3. Compose the content from the verdict and its outcome set's newest template.
    4. Save it as a new draft, or in place of the open one, waiting to be
       rendered; write the audit event, and queue the rendering once the
       transaction commits (unless `queue` is false: a meeting's letters are
       queued together).
    """
    letter_date = letter_date or clock.today()
    with transaction.atomic():
        verdict = _locked_verdict(verdict)
        if not verdict.is_confirmed:
            raise VerdictNotConfirmed("The chair has not confirmed this verdict yet: its letter cannot be drafted")
        if verdict.letters.filter(status__in=LIVE_LETTER_STATUSES).exists():
            raise LetterAlreadySigned("This verdict already has a signed letter: correct it instead")
        letter = verdict.letters.select_for_update().filter(status__in=OPEN_LETTER_STATUSES).first()
        if letter is not None and letter.status == LetterStatus.AWAITING_SIGNATURE:
            raise LetterRefused("The letter is with the chair: take it back before drafting it again")
        template = current_template(verdict.outcome.outcome_set)
        content = compose_letter_content(verdict=verdict, template=template, letter_date=letter_date)
        if letter is None:
            letter = Letter.objects.create(
                verdict=verdict, version=_next_version(verdict), verdict_revision=verdict.revision,
                template=template, content=content, letter_date=letter_date, render_status=RenderStatus.QUEUED,
                drafted_by=drafted_by,
            )
        else:
            letter.template, letter.content, letter.letter_date = template, content, letter_date
            letter.verdict_revision, letter.render_status, letter.render_error = verdict.revision, RenderStatus.QUEUED, ""
            letter.drafted_by, letter.drafted_at, letter.returned_comment = drafted_by, clock.now(), ""
            letter.save()
        record(drafted_by, AuditAction.LETTER_DRAFTED, letter, review=letter.content["reference"],
               template=str(template), version=letter.version, verdict_revision=verdict.revision)
        if queue:
            queue_render(letter)
    return letter


def _locked_verdict(verdict):
    return Verdict.objects.select_for_update(of=("self",)).select_related("outcome__outcome_set").get(pk=verdict.pk)


def _next_version(verdict):
    """The version a new letter for `verdict` takes: one more than the newest signed one, or 1."""
    signed = verdict.letters.exclude(status__in=[LetterStatus.DRAFT, LetterStatus.AWAITING_SIGNATURE])
    newest = signed.order_by("-version").values_list("version", flat=True).first()
    return (newest or 0) + 1


def _locked_letter(letter):
    return Letter.objects.select_for_update(of=("self",)).select_related("verdict", "template").get(pk=letter.pk)


def edit_letter(*, letter, edited_by, content, based_on=None):
    """Change a draft's words before it goes to the chair.

    `content` is the letter's content with the secretariat's changes (see
    panel.forms.letters: the issues' wording, an extra paragraph, the addressee);
    `based_on` the digest of the words the form was filled in from.

    1. Lock the letter; refuse unless it is a draft, or if its words changed
       since the form was filled in (two people editing at once), or if the
       new words are too long to lay out.
    2. Save the new content, note which parts changed in the audit event,
       and queue a new draft PDF.
    """
    with transaction.atomic():
        letter = _locked_letter(letter)
        if not letter.is_editable:
            raise LetterRefused("Only a draft letter can be changed: ask the chair to send it back first")
        if based_on is not None and based_on != content_digest(letter.content):
            raise LetterChangedMeanwhile("Someone changed this draft while you were editing it: look at it again")
        check_length(content)
        changed = sorted(key for key in set(content) | set(letter.content)
                         if content.get(key) != letter.content.get(key))
        if not changed:
            return letter
        letter.content = content
        letter.render_status = RenderStatus.QUEUED
        letter.render_error = ""
        letter.save(update_fields=["content", "render_status", "render_error"])
        record(edited_by, AuditAction.LETTER_EDITED, letter, review=letter.content["reference"], changed=changed)
        queue_render(letter)
    return letter


def send_for_signing(*, letter, sent_by):
    """Send a rendered draft to the meeting's chair to sign, and e-mail them.

    1. Lock the letter; check the move (LETTER_TRANSITIONS), that its draft
       PDF is ready, that it was composed from the verdict as it is now, and
       that the meeting's chair has not declared a conflict with the review.
    2. Mark it with the chair, write the audit event and e-mail the chair.
    """
    with transaction.atomic():
        letter = _locked_letter(letter)
        check_transition(LETTER_TRANSITIONS, letter.status, LetterStatus.AWAITING_SIGNATURE,
                         "Only a draft letter can be sent to the chair", error=LetterRefused)
        if letter.render_status != RenderStatus.READY:
            raise LetterNotRendered("The draft must be ready before it goes to the chair")
        _check_up_to_date(letter)
        item = letter.verdict.agenda_item
        if item.submission.review.conflicts.filter(member_id=item.meeting.chair_id).exists():
            raise LetterRefused("The meeting's chair has declared a conflict of interest with this review: "
                                "ask the secretariat to change the meeting's chair")
        letter.status = LetterStatus.AWAITING_SIGNATURE
        letter.sent_for_signing_by = sent_by
        letter.sent_for_signing_at = clock.now()
        letter.returned_comment = ""
        letter.save(update_fields=["status", "sent_for_signing_by", "sent_for_signing_at", "returned_comment"])
        record(sent_by, AuditAction.LETTER_SENT_FOR_SIGNING, letter, review=letter.content["reference"])
        notices.letter_to_sign(letter)
    return letter


def _check_up_to_date(letter):
    if letter.verdict_revision != letter.verdict.revision:
        raise LetterOutOfDate("The verdict has changed since this letter was drafted: draft it again")


def return_letter(*, letter, returned_by, comment):
    """The chair sends a letter back to the secretariat with a comment, unsigned.

    1. Lock the letter; check the move and that a comment is given.
    2. Make it a draft again with the comment, write the audit event and
       e-mail the person who sent it.
    """
    comment = comment.strip()
    with transaction.atomic():
        letter = _locked_letter(letter)
        check_transition(LETTER_TRANSITIONS, letter.status, LetterStatus.DRAFT,
                         "Only a letter waiting for your signature can be sent back", error=LetterRefused)
        if not comment:
            raise LetterRefused("Say what should change before sending the letter back")
        letter.status = LetterStatus.DRAFT
        letter.returned_comment = comment
        letter.save(update_fields=["status", "returned_comment"])
        record(returned_by, AuditAction.LETTER_RETURNED, letter, review=letter.content["reference"], comment=comment)
        notices.letter_returned(letter)
    return letter


def withdraw_letter(*, letter, withdrawn_by):
    """The secretariat takes a letter back from the chair, unsigned, to change it.

    1. Lock the letter; check the move (it must be with the chair).
    2. Make it a draft again and write the audit event.
    """
    with transaction.atomic():
        letter = _locked_letter(letter)
        check_transition(LETTER_TRANSITIONS, letter.status, LetterStatus.DRAFT,
                         "Only a letter with the chair can be taken back", error=LetterRefused)
        letter.status = LetterStatus.DRAFT
        letter.save(update_fields=["status"])
        record(withdrawn_by, AuditAction.LETTER_WITHDRAWN, letter, review=letter.content["reference"])
    return letter


def final_letter_pdf(letter, *, letter_date=None):
    """The letter as it reads when signed, before the digital signature: the chair's preview, and what is signed.

    Dated `letter_date`, by default today: the day it would be signed.
    """
    check_length(letter.content)
    return render_letter_pdf(letter.content, letter_date=letter_date or clock.today(), final=True)


def sign_letter(*, letter, signed_by, read=None):
    """Sign exactly the letter the chair read. It is sealed after this.

    `read` is the digest of the words the signing page showed the chair
    (content_digest); the page always sends it.

    1. Lock the verdict, then the letter; check the move (it must be waiting
       for the chair's signature), that its words are the ones the chair read
       and come from the verdict as it is now, and that no other letter of
       the verdict is live, unless this one is the correction that supersedes it.
    2. Render its content, unchanged since the chair was sent it, in the final
       layout dated today, and apply the PAdES signature.
    3. Store the signed PDF and its SHA-256; a correction marks the letter it
       replaces superseded. Write the audit events. If anything fails after
       the file is written, the file is removed.
    """
    with transaction.atomic():
        verdict = _locked_verdict(letter.verdict)
        letter = _locked_letter(letter)
        check_transition(LETTER_TRANSITIONS, letter.status, LetterStatus.SIGNED,
                         "Only a letter sent to you to sign can be signed", error=LetterRefused)
        if read is not None and read != content_digest(letter.content):
            raise LetterChangedSinceRead("The letter changed after you opened it: read it again before signing")
        _check_up_to_date(letter)
        live = verdict.letters.filter(status__in=LIVE_LETTER_STATUSES).exclude(pk=letter.pk).first()
        if live is not None and live.pk != letter.supersedes_id:
            raise LetterAlreadySigned("This verdict already has a signed letter")
        letter.letter_date = clock.today()
        signed = sign_pdf(
            final_letter_pdf(letter, letter_date=letter.letter_date), signer_name=signed_by.full_name,
            reason=f"QA Panel letter for {letter.content['reference']}",
        )
        if live is not None:
            _supersede(live, by=letter, actor=signed_by)
        with removed_on_failure(letter.signed_pdf):
            letter.signed_pdf.save(f"{letter.pk}-signed.pdf", ContentFile(signed), save=False)
            letter.signed_pdf_sha256 = hashlib.sha256(signed).hexdigest()
            letter.status = LetterStatus.SIGNED
            letter.signed_by = signed_by
            letter.signed_at = clock.now()
            letter.save()
            record(signed_by, AuditAction.LETTER_SIGNED, letter, review=letter.content["reference"],
                   sha256=letter.signed_pdf_sha256, version=letter.version)
    return letter


def _supersede(old, *, by, actor):
    old = Letter.objects.select_for_update(of=("self",)).get(pk=old.pk)
    check_transition(LETTER_TRANSITIONS, old.status, LetterStatus.SUPERSEDED,
                     "Only a signed or issued letter can be superseded", error=LetterRefused)
    Letter.objects.filter(pk=old.pk).update(status=LetterStatus.SUPERSEDED)
    record(actor, AuditAction.LETTER_SUPERSEDED, old, review=old.content["reference"], by_version=by.version,
           reason=by.correction_reason)


def issue_letter(*, letter, issued_by):
    """Issue a signed letter to the CSP, whose officers are e-mailed a link (never the letter itself).

    1. Lock the letter and check it is signed and not yet issued.
    2. Record who issued it and when, and write the audit event.
    3. For a verdict's first letter, have submissions conclude the version,
       or open the way to the next one with the letter's issues to answer (a
       correction changes the wording, not the outcome).
    4. E-mail the CSP's officers once committed.
    """
    with transaction.atomic():
        letter = _locked_letter(letter)
        check_transition(LETTER_TRANSITIONS, letter.status, LetterStatus.ISSUED,
                         "Only a signed letter that has not been issued can be issued", error=LetterRefused)
        letter.status = LetterStatus.ISSUED
        letter.issued_by = issued_by
        letter.issued_at = clock.now()
        letter.save(update_fields=["status", "issued_by", "issued_at"])
        verdict = Verdict.objects.select_related("agenda_item__submission", "outcome").get(pk=letter.verdict_id)
        record(issued_by, AuditAction.LETTER_ISSUED, letter, review=letter.content["reference"],
               sha256=letter.signed_pdf_sha256, version=verdict.agenda_item.submission.number,
               letter_version=letter.version)
        if letter.supersedes_id is None:
            release_outcome(
                submission=verdict.agenda_item.submission,
                new_version_needed=verdict.outcome.needs_new_version,
                issues=[issue.text for issue in verdict.issues.all()],
            )
        notices.letter_issued(letter, verdict.agenda_item.submission)
    return letter
