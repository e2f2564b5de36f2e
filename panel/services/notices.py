"""Who the Panel's steps e-mail, and what the e-mail may say.

As for the CSPs' e-mails (submissions/services/notices.py): what happened
and a link, never a pseudonym, a document or an assessment.
"""

from django.urls import reverse

from dhrqa.dates import govuk_date
from dhrqa.notifications import notify


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

