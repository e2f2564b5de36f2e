"""Letters in any state, built directly: rendering and signing are tested in tests/panel."""

import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from panel.enums import LetterStatus, RenderStatus
from panel.models import Letter
from panel.services.letters import current_template
from tests.factories import pdf_bytes

LETTER_PDF = pdf_bytes("The signed letter")


def make_letter(verdict, status, *, drafted_by=None, render_status=RenderStatus.READY):
    """A letter in the given state, built directly rather than rendered and signed."""
    template = current_template(verdict.outcome.outcome_set)
    reference = verdict.agenda_item.submission.review.reference
    now = timezone.now()
    frozen = status not in (LetterStatus.DRAFT, LetterStatus.AWAITING_SIGNATURE)
    return Letter.objects.create(
        verdict=verdict,
        template=template,
        status=status,
        content={
            "reference": reference, "salutation": "Dear Dana Contact,", "blocks": [],
            "closing": "Yours sincerely,", "signatory": {"name": "Chris Chair", "titles": []},
        },
        letter_date=now.date(),
        render_status=render_status,
        draft_pdf=ContentFile(pdf_bytes("Draft"), name="draft.pdf"),
        signed_pdf=ContentFile(LETTER_PDF, name="signed.pdf") if frozen else "",
        signed_pdf_sha256=hashlib.sha256(LETTER_PDF).hexdigest() if frozen else "",
        signed_at=now if frozen else None,
        signed_by=verdict.agenda_item.meeting.chair if frozen else None,
        issued_at=now if status == LetterStatus.ISSUED else None,
        sent_for_signing_at=None if status == LetterStatus.DRAFT else now,
        sent_for_signing_by=None if status == LetterStatus.DRAFT else drafted_by or verdict.agenda_item.meeting.created_by,
        issued_by=verdict.agenda_item.meeting.created_by if status == LetterStatus.ISSUED else None,
        drafted_by=drafted_by or verdict.agenda_item.meeting.created_by,
    )
