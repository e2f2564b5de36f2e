"""What the meeting and agenda tests build: meetings in each state, waiting versions, readers and conflicts."""

import datetime

from django.urls import reverse

from panel.enums import ConflictKind
from panel.models import ConflictOfInterest
from submissions.enums import PersonRole, SubmissionStatus
from tests.factories import (
    AgendaItemFactory,
    CSPFactory,
    MeetingFactory,
    ReaderAssignmentFactory,
    ReviewFactory,
    SubmissionFactory,
)

MEETING_DATE = datetime.date(2026, 12, 9)
# The form's fields for a meeting on 9 December 2026 at 10:30am, without the chair.
MEETING_POST = {
    "date_0": "9", "date_1": "12", "date_2": "2026", "start_time": "10:30am", "location": "Room 1, 2 Marsham Street",
    "video_link": "https://teams.example/meet/123", "capacity": "8",
}


def waiting(reference, *, csp_name=None, victim="Louise", perpetrator="Neil"):
    """An accepted version of a new review, waiting for a meeting."""
    csp = CSPFactory(name=csp_name) if csp_name else CSPFactory()
    review = ReviewFactory(reference=reference, csp=csp,
                           people=[(PersonRole.VICTIM, victim), (PersonRole.PERPETRATOR, perpetrator)])
    return SubmissionFactory(review=review, status=SubmissionStatus.ACCEPTED, documents=False)


def item_on(meeting, reference=None, **kwargs):
    """An agenda item at the end of `meeting`'s agenda."""
    position = meeting.agenda_items.count() + 1
    extra = {"submission__review__reference": reference} if reference else {}
    return AgendaItemFactory(meeting=meeting, position=position, submission__documents=False, **extra, **kwargs)


def reader_of(item, reader=None):
    """`reader` (a new panel member if None) reading `item`, invited to its meeting as assign_reader does."""
    assignment = ReaderAssignmentFactory(agenda_item=item, **({"reader": reader} if reader else {}))
    if assignment.reader_id != item.meeting.chair_id:
        item.meeting.memberships.get_or_create(member=assignment.reader,
                                               defaults={"invited_by": item.meeting.created_by})
    return assignment


def conflict(member, item, kind=ConflictKind.PERSONAL):
    return ConflictOfInterest.objects.create(review=item.submission.review, member=member, kind=kind,
                                             reason="I know the family")


def invite(meeting, *members):
    for member in members:
        meeting.memberships.create(member=member, invited_by=meeting.created_by)


def planned(**kwargs):
    return MeetingFactory(date=MEETING_DATE, **kwargs)


def url(name, obj):
    return reverse(f"panel:{name}", kwargs={"pk": obj.pk})
