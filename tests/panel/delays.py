"""Reviews built to given dates for the delay dashboard's tests: every step a row, as the services leave it."""

import datetime
import hashlib

from django.utils import timezone

from panel.enums import LetterStatus, RenderStatus
from panel.models import Letter, Publication
from panel.services.letters import current_template
from submissions.enums import IntakeCheck, SubmissionStatus
from submissions.models import IntakeDecision
from tests.factories import ReviewFactory, SubmissionFactory, VerdictFactory, outcome


def aware(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def review_through(csp, *, death, notified, decided, home_office=None, sent=None, accepted=None, meeting=None,
                   outcome_code="publish", letter=None, published=None, url="https://www.example.gov.uk/dhr/a",
                   reference=None):
    """A review of `csp` that reached each step on the date given, and stopped at the first one not given."""
    review = ReviewFactory(csp=csp, date_of_death=death, date_csp_notified=notified, date_decided=decided,
                           date_home_office_notified=home_office,
                           **({"reference": reference} if reference else {}))
    if sent is None:
        return review
    version = SubmissionFactory(review=review, documents=False, submitted_at=aware(sent),
                                status=SubmissionStatus.SUBMITTED if accepted is None else SubmissionStatus.ACCEPTED)
    if accepted is None:
        return review
    IntakeDecision.objects.create(submission=version, checklist={c.value: True for c in IntakeCheck}, accepted=True,
                                  decided_by=review.registered_by, decided_at=aware(accepted))
    if meeting is None:
        return review
    verdict = VerdictFactory(agenda_item__submission=version, agenda_item__meeting__date=meeting,
                             outcome=outcome(outcome_code, "publication-2016"))
    if letter is None:
        return review
    pdf = b"%PDF-1.4 letter"
    Letter.objects.create(
        verdict=verdict, template=current_template(verdict.outcome.outcome_set), status=LetterStatus.ISSUED,
        content={"reference": review.reference, "blocks": []}, letter_date=letter,
        render_status=RenderStatus.READY, signed_pdf="letters/test.pdf",
        signed_pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        signed_at=aware(letter), signed_by=verdict.recorded_by, issued_at=aware(letter),
        issued_by=verdict.agenda_item.meeting.created_by, drafted_by=verdict.agenda_item.meeting.created_by,
    )
    if published is not None:
        Publication.objects.create(review=review, url=url, published_on=published, recorded_by=review.registered_by)
    return review
