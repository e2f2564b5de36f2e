"""Readers, their assessments and conflicts, built for the readers tests."""

from django.utils import timezone

from panel.enums import AssessmentStatus, ConflictKind
from panel.models import Assessment, ConflictOfInterest, MeetingMember
from tests.factories import ReaderAssignmentFactory, outcome


def reader_of(item, reader=None, **kwargs):
    """`reader` (a new panel member if None) reading `item`, invited to its meeting as assign_reader does."""
    extra = {"reader": reader} if reader is not None else {}
    assignment = ReaderAssignmentFactory(agenda_item=item, **extra, **kwargs)
    if assignment.reader_id != item.meeting.chair_id:
        MeetingMember.objects.get_or_create(meeting=item.meeting, member=assignment.reader,
                                            defaults={"invited_by": item.meeting.created_by})
    return assignment


def draft(assignment):
    return Assessment.objects.create(assignment=assignment, status=AssessmentStatus.DRAFT, strengths="A clear report.")


def submitted(assignment):
    return Assessment.objects.create(
        assignment=assignment, status=AssessmentStatus.SUBMITTED, strengths="A clear report.",
        recommended_outcome=outcome("adequate"), submitted_at=timezone.now(),
    )


def conflict(member, review, kind=ConflictKind.PERSONAL, reason="I know the victim's family."):
    return ConflictOfInterest.objects.create(member=member, review=review, kind=kind, reason=reason)


def queued(callbacks):
    """(template, to, context) of each e-mail queued on commit."""
    return [(call.keywords["template"], call.keywords["to"], call.keywords["context"]) for call in callbacks]
