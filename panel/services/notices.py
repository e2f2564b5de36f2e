"""Who the Panel's steps e-mail, and what the e-mail may say.

As for the CSPs' e-mails (submissions/services/notices.py): what happened
and a link, never a pseudonym, a document or an assessment.
"""

from django.urls import reverse

from dhrqa.dates import govuk_date
from dhrqa.notifications import notify
from submissions.services import notices as submission_notices


def reader_assigned(assignment):
    """The reader hears which review, for which meeting, and by when."""
    meeting = assignment.agenda_item.meeting
    notify(template="reader_assigned", to=[assignment.reader.email], context={
        "recipient_name": assignment.reader.full_name,
        "reference": assignment.agenda_item.submission.review.reference,
        "meeting_date": govuk_date(meeting.date),
        "due_date": govuk_date(assignment.due_on),
        "path": reverse("panel:my_reviews"),
    })


def papers_released(meeting):
    """The chair and every member: the meeting's documents can now be opened."""
    people = [meeting.chair, *(membership.member for membership in meeting.memberships.select_related("member"))]
    for person in people:
        if person.is_active:
            notify(template="papers_released", to=[person.email], context={
                "recipient_name": person.full_name,
                "meeting_date": govuk_date(meeting.date),
                "path": reverse("panel:meeting_detail", kwargs={"pk": meeting.pk}),
            })


def assessments_outstanding(meeting, reader, assignments):
    """One reader's reminder, listing the references whose assessment they have not submitted."""
    notify(template="assessments_outstanding", to=[reader.email], context={
        "recipient_name": reader.full_name,
        "meeting_date": govuk_date(meeting.date),
        "references": [assignment.agenda_item.submission.review.reference for assignment in assignments],
        "due_date": govuk_date(min(assignment.due_on for assignment in assignments)),
        "path": reverse("panel:my_reviews"),
    })



def letter_to_sign(letter):
    """The meeting's chair: a letter waits for their signature."""
    item = letter.verdict.agenda_item
    chair = item.meeting.chair
    notify(template="letter_to_sign", to=[chair.email], context={
        "recipient_name": chair.full_name,
        "reference": letter.content["reference"],
        "meeting_date": govuk_date(item.meeting.date),
        "path": reverse("panel:letter_detail", kwargs={"pk": letter.pk}),
    })


def letter_returned(letter):
    """Whoever sent the letter to the chair: it is back. The chair's comment is read in the service, never mailed."""
    sender = letter.sent_for_signing_by
    if sender is None or not sender.is_active:
        return
    notify(template="letter_returned", to=[sender.email], context={
        "recipient_name": sender.full_name,
        "reference": letter.content["reference"],
        "path": reverse("panel:letter_detail", kwargs={"pk": letter.pk}),
    })


def letter_issued(letter, submission):
    """The CSP's officers: the Panel's letter is ready to download. A link, never the letter itself."""
    review = submission.review
    notify(template="letter_issued", to=submission_notices.csp_addresses(review.csp), context={
        "reference": review.reference,
        "csp_name": review.csp.name,
        "version": submission.number,
        "letter_date": govuk_date(letter.letter_date),
        "path": reverse("submissions:review_detail", kwargs={"reference": review.reference}),
    })


def national_responses_overdue(responder, routed):
    """A body's responder: which routed recommendations still wait for its answer, by reference and number."""
    notify(template="national_responses_overdue", to=[responder.email], context={
        "recipient_name": responder.full_name,
        "body_name": responder.national_body_name,
        "items": [f"{item.review.reference}, recommendation {item.number}, due {govuk_date(item.due_on)}"
                  for item in routed],
        "path": reverse("panel:national_list") + "?overdue=yes",
    })
