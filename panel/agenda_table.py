"""What the meeting pages show: rows worked out once in Python, so that no row asks the database anything."""

from dataclasses import dataclass

from django.utils import timezone

from dhrqa.dates import govuk_date, govuk_time
from dhrqa.enums import Role
from panel.enums import AgendaItemStatus
from panel.models import ReaderAssignment
from submissions.enums import PersonRole
from submissions.queries import pseudonyms_by_review


def start_time(meeting):
    return govuk_time(meeting.start_time) if meeting.start_time else "Not set"


@dataclass(frozen=True)
class MeetingRow:
    meeting: object
    start_time: str


def meeting_rows(meetings):
    """The meeting list's rows: each meeting (with chair and item_count) and its start time as GOV.UK writes it."""
    return [MeetingRow(meeting, start_time(meeting)) for meeting in meetings]


@dataclass(frozen=True)
class AgendaRow:
    item: object
    # The user may open the item's page and see its readers and verdict.
    visible: bool
    # The user has declared a conflict of interest with the item's review.
    conflicted: bool
    # The other people at the meeting who have declared one, for the record.
    recused: tuple
    readers: tuple
    verdict: object
    # The secretariat may reorder and move it, and assign its readers.
    movable: bool
    first: bool
    last: bool


def agenda_rows(meeting, user):
    """The agenda of `meeting` (as panel.queries.meeting_detail prefetches it) as `user` sees it.

    The view has checked that the user may see the meeting (panel.view_meeting),
    so, as panel.rules has it without a query a row: the secretariat sees every
    item; a panel member sees an item, its readers and its verdict unless they
    have declared a conflict with its review. Everyone sees who is recused.
    """
    secretariat = user.role == Role.SECRETARIAT
    sitting = {meeting.chair_id, *(membership.member_id for membership in meeting.memberships.all())}
    items = list(meeting.agenda_items.all())
    rows = []
    for index, item in enumerate(items):
        conflicts = item.submission.review.conflicts.all()
        conflicted = any(conflict.member_id == user.pk for conflict in conflicts)
        visible = secretariat or not conflicted
        recused = sorted(conflict.member.full_name for conflict in conflicts
                         if conflict.member_id in sitting and conflict.member_id != user.pk)
        rows.append(AgendaRow(
            item=item, visible=visible, conflicted=conflicted, recused=tuple(recused),
            readers=tuple(item.readers.all()) if visible else (),
            verdict=getattr(item, "verdict", None) if visible else None,
            movable=secretariat and meeting.agenda_is_open and item.status == AgendaItemStatus.SCHEDULED,
            first=index == 0, last=index == len(items) - 1,
        ))
    return rows


def release_counts(meeting):
    """Whom releasing the papers reaches: the items on the agenda, the invited members, the readers assigned."""
    return {
        "items": meeting.agenda_items.count(),
        "members": meeting.memberships.count(),
        "readers": ReaderAssignment.objects.filter(agenda_item__meeting=meeting).values("reader").distinct().count(),
    }


# What the "Add to the agenda" page reads of each waiting version.
SCHEDULABLE_FIELDS = ("pk", "number", "submitted_at", "review_id", "review__reference", "review__csp__name")


@dataclass(frozen=True)
class SchedulableRow:
    pk: int
    reference: str
    number: int
    csp: str
    victims: str
    perpetrators: str
    received: str


def schedulable_rows(values):
    """Rows for a page of waiting versions read as SCHEDULABLE_FIELDS values: two queries, whatever the page size."""
    values = list(values)
    people = pseudonyms_by_review([row["review_id"] for row in values])
    return [
        SchedulableRow(
            pk=row["pk"], reference=row["review__reference"], number=row["number"], csp=row["review__csp__name"],
            victims=", ".join(people.get(row["review_id"], {}).get(PersonRole.VICTIM, ())),
            perpetrators=", ".join(people.get(row["review_id"], {}).get(PersonRole.PERPETRATOR, ())),
            received=govuk_date(timezone.localtime(row["submitted_at"])) if row["submitted_at"] else "",
        )
        for row in values
    ]
