"""Readers of each agenda item, conflicts of interest, a member's reviews, and a meeting's progress and reminders."""

import rules
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from dhrqa import clock
from dhrqa.pagination import paginate
from dhrqa.permissions import get_permitted_or_404, require_perm
from dhrqa.transitions import IllegalTransition
from panel.enums import AssessmentStatus, MeetingStatus
from panel.forms.readers import AssignReadersForm, ConflictForm
from panel.models import ReaderAssignment
from panel.queries import (
    conflicted_panel_members,
    conflicts_declared_by,
    items_for_user,
    meetings_for_user,
    read_before,
    readers_and_loads,
    readers_of_item,
    reading_now,
    undecided_reading,
)
from panel.queries import meeting_progress as meeting_progress_query
from panel.refusals import AgendaClosed
from panel.services.readers import (
    READERS_FIXED,
    assign_readers,
    declare_conflict as declare_conflict_service,
    outstanding_by_reader,
    remind_readers,
    remove_reader,
)


def item_readers(request, pk):
    """The secretariat sees an item's readers and assigns more, each shown with their current load."""
    require_perm(request.user, "panel.plan_meetings")
    item = get_permitted_or_404(request.user, "panel.view_item",
                                items_for_user(request.user).select_related("meeting", "submission__review__csp"),
                                pk=pk)
    readers = readers_of_item(item)
    conflicted = conflicted_panel_members(item.submission.review)
    people = readers_and_loads(exclude_ids=[r.reader_id for r in readers] + [person.pk for person in conflicted])
    form = AssignReadersForm(request.POST if request.method == "POST" else None, people=people)
    if request.method == "POST" and not item.meeting.agenda_is_open:
        messages.error(request, READERS_FIXED)
        return redirect("panel:item_readers", pk=item.pk)
    if request.method == "POST" and form.is_valid():
        try:
            assignments = assign_readers(item=item, readers=form.chosen(), assigned_by=request.user)
        except AgendaClosed as refused:
            # Held since the page was loaded: the page no longer offers the form.
            messages.error(request, str(refused))
            return redirect("panel:item_readers", pk=item.pk)
        except IllegalTransition as refused:
            form.add_error("readers", str(refused))
        else:
            names = _listed([assignment.reader.full_name for assignment in assignments])
            messages.success(request, f"{names} {'is' if len(assignments) == 1 else 'are'} now reading "
                                      f"{item.submission.review.reference}")
            return redirect("panel:item_readers", pk=item.pk)
    return render(request, "panel/item_readers.html", {
        "item": item, "readers": readers, "conflicted": conflicted, "form": form,
    })


def reader_remove(request, pk):
    """The secretariat takes a reader off an item, once they have confirmed it."""
    require_perm(request.user, "panel.plan_meetings")
    assignment = get_object_or_404(
        ReaderAssignment.objects.select_related("reader", "assessment", "agenda_item__meeting",
                                                "agenda_item__submission__review"), pk=pk)
    item = assignment.agenda_item
    if request.method == "POST":
        try:
            remove_reader(assignment=assignment, removed_by=request.user)
        except IllegalTransition as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"{assignment.reader.full_name} is no longer reading "
                                      f"{item.submission.review.reference}")
        return redirect("panel:item_readers", pk=item.pk)
    return render(request, "panel/reader_remove.html", {
        "assignment": assignment, "item": item,
        "submitted": assignment.assessment_status == AssessmentStatus.SUBMITTED,
    })


def declare_conflict(request, pk):
    """A member of the item's meeting declares a conflict of interest with its review."""
    item = get_permitted_or_404(request.user, "panel.declare_conflict",
                                items_for_user(request.user).select_related("meeting", "submission__review__csp"),
                                pk=pk)
    review = item.submission.review
    form = ConflictForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            declare_conflict_service(review=review, member=request.user, **form.cleaned_data)
        except IllegalTransition as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"You have declared a conflict of interest with {review.reference}")
            return redirect("panel:my_reviews")
    return render(request, "panel/declare_conflict.html", {
        "item": item, "form": form, "reading": undecided_reading(item, request.user),
    })


def my_reviews(request):
    """What a panel member is reading, for which meeting and by when; what they read before; their conflicts."""
    require_perm(request.user, "panel.view_my_reviews")
    past = paginate(request, read_before(request.user))
    return render(request, "panel/my_reviews.html", {
        "readings": _with_overdue(reading_now(request.user)),
        "past": past,
        "page_obj": past,
        "conflicts": list(conflicts_declared_by(request.user)),
    })


def meeting_progress(request, pk):
    """For the secretariat and the meeting's chair: each item's readers and where their assessments are."""
    meeting = get_permitted_or_404(request.user, "panel.view_meeting",
                                   meetings_for_user(request.user).select_related("chair"), pk=pk)
    require_perm(request.user, "panel.view_progress", meeting)
    items = meeting_progress_query(meeting, request.user)
    readings = _with_overdue(reading for item in items if not item.viewer_conflicted for reading in item.readers.all())
    return render(request, "panel/meeting_progress.html", {
        "meeting": meeting,
        "items": items,
        "assessments": len(readings),
        "submitted": sum(1 for reading in readings if reading.assessment_status == AssessmentStatus.SUBMITTED),
        "overdue": sum(1 for reading in readings if reading.overdue),
        # The rules alone: Django's ModelBackend would look up the chair's permissions twice more.
        "can_remind": rules.has_perm("panel.plan_meetings", request.user)
        and meeting.status == MeetingStatus.PAPERS_RELEASED,
    })


def meeting_reminders(request, pk):
    """The secretariat sees whom a reminder would go to, then sends it: one e-mail to each reader."""
    require_perm(request.user, "panel.plan_meetings")
    meeting = get_object_or_404(meetings_for_user(request.user).select_related("chair"), pk=pk)
    if request.method == "POST":
        try:
            sent = remind_readers(meeting=meeting, sent_by=request.user)
        except IllegalTransition as refused:
            messages.error(request, str(refused))
            return redirect("panel:meeting_reminders", pk=meeting.pk)
        messages.success(request, f"A reminder has been sent to {_readers(sent)}")
        return redirect("panel:meeting_progress", pk=meeting.pk)
    by_reader = outstanding_by_reader(meeting)
    return render(request, "panel/meeting_reminders.html", {
        "meeting": meeting,
        "by_reader": list(by_reader.items()),
        "readers": _readers(len(by_reader)),
        "assessments": sum(len(assignments) for assignments in by_reader.values()),
    })


def _with_overdue(readings):
    """The readings as a list, each with `overdue` set for today."""
    today = clock.today()
    readings = list(readings)
    for reading in readings:
        reading.overdue = reading.is_overdue(today)
    return readings


def _readers(count):
    return "1 reader" if count == 1 else f"{count} readers"


def _listed(names):
    """ "A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
