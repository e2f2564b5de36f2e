"""A letter's files: opened for download with its fingerprint checked, and written out by `manage.py letter_pdf`."""

import hashlib

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import AuditAction, Role
from panel.composition import compose_letter_content
from panel.enums import LIVE_LETTER_STATUSES, LetterStatus
from panel.models import Letter, Verdict
from panel.pdf import render_letter_pdf
from panel.services.letters import current_template


class LetterNotReady(Exception):
    """The letter's PDF has not been rendered yet."""


class LetterAltered(Exception):
    """A signed letter's stored bytes no longer match the SHA-256 recorded when it was signed."""


def check_fingerprint(letter, user, opened):
    """Refuse a sealed letter whose opened file no longer matches its SHA-256, and record that it was found.

    Reads `opened` through, then rewinds it.
    """
    opened.seek(0)
    digest = hashlib.file_digest(opened, "sha256").hexdigest()
    if digest != letter.signed_pdf_sha256:
        record(user, AuditAction.LETTER_INTEGRITY_FAILED, letter, review=letter.content.get("reference"),
               expected=letter.signed_pdf_sha256, found=digest)
        raise LetterAltered("The signed letter's file no longer matches its fingerprint")
    opened.seek(0)


def open_letter(*, letter, user):
    """Open a letter's PDF (the draft before signing), check a signed one against its SHA-256, record the download.

    The bytes sent are the bytes checked, fetched once. The first time
    someone of the CSP downloads an issued letter is recorded on it.
    """
    pdf = letter.pdf
    if not pdf:
        raise LetterNotReady("The letter has not been rendered yet")
    opened = pdf.open("rb")
    if letter.is_frozen:
        try:
            check_fingerprint(letter, user, opened)
        except LetterAltered:
            opened.close()
            raise
    record(user, AuditAction.LETTER_DOWNLOADED, letter, review=letter.content.get("reference"),
           signed=letter.is_frozen)
    if user.role == Role.CSP_OFFICER and letter.status == LetterStatus.ISSUED and letter.first_downloaded_at is None:
        Letter.objects.filter(pk=letter.pk, first_downloaded_at__isnull=True).update(first_downloaded_at=clock.now())
    return opened


def letter_pdf_for_review(reference):
    """The PDF of the newest verdict's letter for a review, for `manage.py letter_pdf`.

    A signed letter comes out exactly as signed; otherwise the newest draft
    (or, with no letter yet, the verdict composed as it would be drafted
    today) in the draft layout, marked DRAFT. Raises Verdict.DoesNotExist
    when no verdict has been recorded.
    """
    verdict = (
        Verdict.objects.filter(agenda_item__submission__review__reference=reference)
        .select_related("agenda_item__meeting__chair", "agenda_item__submission__review__csp",
                        "outcome__outcome_set")
        .latest("recorded_at")
    )
    signed = verdict.letters.filter(status__in=LIVE_LETTER_STATUSES).first()
    if signed is not None:
        with signed.signed_pdf.open("rb") as pdf:
            return pdf.read()
    letter = verdict.letters.order_by("-drafted_at", "-id").first()
    today = clock.today()
    if letter is not None:
        return render_letter_pdf(letter.content, letter_date=today, final=False)
    content = compose_letter_content(verdict=verdict, template=current_template(verdict.outcome.outcome_set),
                                     letter_date=today)
    return render_letter_pdf(content, letter_date=today, final=False)
