"""Readers, their assessments and conflicts, built for the readers tests."""

from django.utils import timezone

from panel.enums import AssessmentStatus, ConflictKind
from panel.models import Assessment, ConflictOfInterest, MeetingMember
from tests.dhrqa.govuk_page import parse
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


def table_rows(response, id=None):
    """Each body row of the page's first table (or the one with this id) as its cells' visible text."""
    root = parse(response)
    table = root.find(tag="table", id=id) if id else root.find(tag="table")
    if table is None:
        return None
    return [[cell.text(include_hidden=False) for cell in row.find_all(tag="td")]
            for row in table.find(tag="tbody").find_all(tag="tr")]


def choices(response, name):
    """(value, label) of each checkbox or radio called `name`, in page order."""
    root = parse(response)
    labels = {label.attrs.get("for"): label.text() for label in root.find_all(tag="label")}
    return [(box.attrs["value"], labels[box.attrs["id"]]) for box in root.find_all(tag="input")
            if box.attrs.get("type") in ("checkbox", "radio") and box.attrs.get("name") == name]


def links(response):
    """(text, href) of every link inside <main>."""
    main = parse(response).find(tag="main")
    return [(link.text(include_hidden=False), link.attrs.get("href", "")) for link in main.find_all(tag="a")]
