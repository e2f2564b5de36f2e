"""Putting submissions on a meeting's agenda, ordering it, and moving items between meetings."""

from django.db import transaction
from django.db.models import Max

from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.transitions import check_move
from panel.enums import AGENDA_ITEM_MOVES, AGENDA_OPEN
from panel.models import AgendaItem, Meeting, MeetingMember, ReaderAssignment
from panel.refusals import AgendaClosed, AgendaFull, ItemAlreadyDiscussed
from panel.services.meetings import due_date, locked_meeting
from submissions.services.panel_steps import mark_rescheduled, mark_scheduled

UP, DOWN = "up", "down"


def _check_agenda_open(meeting):
    if meeting.status not in AGENDA_OPEN:
        raise AgendaClosed(f"The agenda of the {meeting} can no longer change: the meeting has been held")


def _check_room(meeting):
    items = meeting.agenda_items.count()
    if items >= meeting.capacity:
        raise AgendaFull(f"The agenda of the {meeting} is full: it takes {meeting.capacity} items")
    return items


def _check_move(item, move):
    check_move(AGENDA_ITEM_MOVES, item.status, move,
               f"The Panel has recorded a verdict on item {item.position}: it stays where it is",
               error=ItemAlreadyDiscussed)


def schedule_on_agenda(*, meeting, submission, scheduled_by):
    """Put an accepted submission at the end of a meeting's agenda.

    1. Lock the meeting; check its agenda is open and has room.
    2. Have submissions move the submission to "scheduled" (it checks the
       move and e-mails the CSP the meeting's date once committed).
    3. Add the item and write the audit event.
    """
    with transaction.atomic():
        meeting = locked_meeting(meeting)
        _check_agenda_open(meeting)
        _check_room(meeting)
        submission = mark_scheduled(submission=submission, meeting_date=meeting.date)
        last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
        item = AgendaItem.objects.create(
            meeting=meeting, submission=submission, position=last + 1, scheduled_by=scheduled_by
        )
        record(scheduled_by, AuditAction.SUBMISSION_SCHEDULED, submission, review=submission.review,
               version=submission.number, meeting=meeting.pk, meeting_date=meeting.date.isoformat(),
               position=item.position)
    return item


def reorder_agenda(*, item, direction, reordered_by):
    """Swap an item with its neighbour above or below; at the top or bottom already, nothing changes.

    1. Lock the meeting; check the item and its neighbour have no verdict and
       the agenda is open.
    2. Swap the two positions (through a free one: positions are unique) and
       write the audit event with the new order.
    """
    if direction not in (UP, DOWN):
        raise ValueError(f"An agenda item moves {UP} or {DOWN}, not {direction!r}")
    with transaction.atomic():
        meeting = locked_meeting(item.meeting)
        items = list(meeting.agenda_items.order_by("position"))
        index = next((i for i, candidate in enumerate(items) if candidate.pk == item.pk), None)
        if index is None:
            raise AgendaClosed("This item has just been moved to another meeting: look at the agenda again")
        other = index - 1 if direction == UP else index + 1
        neighbours = [items[index], *([items[other]] if 0 <= other < len(items) else [])]
        for candidate in neighbours:
            _check_move(candidate, "reorder")
        _check_agenda_open(meeting)
        if len(neighbours) == 1:
            return items[index]
        first, second = neighbours
        first_position, second_position = first.position, second.position
        AgendaItem.objects.filter(pk=first.pk).update(position=0)
        AgendaItem.objects.filter(pk=second.pk).update(position=first_position)
        AgendaItem.objects.filter(pk=first.pk).update(position=second_position)
        items[index], items[other] = items[other], items[index]
        record(reordered_by, AuditAction.AGENDA_REORDERED, meeting,
               order=[candidate.submission_id for candidate in items])
    return AgendaItem.objects.get(pk=item.pk)


def move_agenda_item(*, item, to_meeting, moved_by):
    """Move an item, with its readers and their assessments, to the end of another meeting's agenda.

    1. Lock both meetings (in id order, so two moves cannot deadlock); check
       both agendas are open, the target has room and the item has no verdict.
    2. Close the gap it leaves, put it last on the target's agenda, invite its
       readers to the target meeting and move their due dates with it.
    3. Have submissions tell the CSP the new date; write the audit event.
    """
    with transaction.atomic():
        # Meetings first, then the item, as every other change to an agenda locks them.
        source_id = AgendaItem.objects.filter(pk=item.pk).values_list("meeting_id", flat=True).get()
        if to_meeting.pk == source_id:
            return item
        source, target = (locked_meeting(Meeting(pk=pk)) for pk in sorted([source_id, to_meeting.pk]))
        if source.pk != source_id:
            source, target = target, source
        item = AgendaItem.objects.select_for_update(of=("self",)).select_related("submission__review").get(pk=item.pk)
        if item.meeting_id != source.pk:
            raise AgendaClosed("This item has just been moved by someone else: look at the agenda again")
        _check_move(item, "move")
        _check_agenda_open(source)
        _check_agenda_open(target)
        _check_room(target)
        old_position = item.position
        last = target.agenda_items.aggregate(last=Max("position"))["last"] or 0
        item.meeting, item.position = target, last + 1
        item.save(update_fields=["meeting", "position"])
        for following in source.agenda_items.filter(position__gt=old_position).order_by("position"):
            following.position -= 1
            following.save(update_fields=["position"])
        readers = list(item.readers.select_related("reader"))
        for assignment in readers:
            assignment.due_on = due_date(target)
        ReaderAssignment.objects.bulk_update(readers, ["due_on"])
        MeetingMember.objects.bulk_create(
            [MeetingMember(meeting=target, member=assignment.reader, invited_by=moved_by)
             for assignment in readers if assignment.reader_id != target.chair_id],
            ignore_conflicts=True,
        )
        mark_rescheduled(submission=item.submission, meeting_date=target.date)
        record(moved_by, AuditAction.AGENDA_ITEM_MOVED, item, review=item.submission.review,
               version=item.submission.number, from_meeting=source.pk, to_meeting=target.pk,
               meeting_date=target.date.isoformat())
    return item
