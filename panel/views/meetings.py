"""Planning meetings: the list, a meeting's page, its details, members, agenda and the moves from planned to closed."""

from urllib.parse import urlencode

import rules
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dhrqa.pagination import paginate
from dhrqa.permissions import get_permitted_or_404, require_perm
from dhrqa.transitions import IllegalTransition
from panel.agenda_table import (
    SCHEDULABLE_FIELDS,
    agenda_rows,
    meeting_rows,
    release_counts,
    schedulable_rows,
    start_time,
)
from panel.enums import AgendaItemStatus, MeetingStatus
from panel.forms.meetings import (
    AgendaSearchForm,
    AttendanceForm,
    ConfirmForm,
    InviteForm,
    MeetingForm,
    MemberChoiceForm,
    MoveForm,
    ReorderForm,
    ScheduleForm,
)
from panel.models import AgendaItem, Meeting
from panel.queries import meeting_detail as meeting_detail_query
from panel.queries import meeting_list as meeting_list_query
from panel.queries import meetings_for_user
from panel.services.agenda import move_agenda_item, reorder_agenda, schedule_on_agenda
from panel.services.meetings import (
    MEETING_FIELDS,
    change_meeting,
    close_meeting,
    create_meeting,
    hold_meeting,
    invite_members,
    release_papers,
    remove_member,
)
from submissions.queries import submissions_awaiting_meeting, submissions_for_user


def _posted(request):
    """The form data of a POST, even an empty one (a confirmation, or no box ticked); None otherwise."""
    return request.POST if request.method == "POST" else None


def meeting_list(request):
    require_perm(request.user, "panel.view_meetings")
    page = paginate(request, meeting_list_query(request.user).order_by("-date", "-id"))
    return render(request, "panel/meeting_list.html", {
        "page_obj": page,
        "rows": meeting_rows(page.object_list),
        # Asked of the rules alone: Django's model backend would cost two queries to say no.
        "can_plan": rules.has_perm("panel.plan_meetings", request.user),
    })


def meeting_create(request):
    require_perm(request.user, "panel.plan_meetings")
    form = MeetingForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = create_meeting(created_by=request.user, **form.cleaned_data)
        except IllegalTransition as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"The {meeting} has been planned")
            return redirect("panel:meeting_detail", pk=meeting.pk)
    return render(request, "panel/meeting_create.html", {"form": form})


def meeting_change(request, pk):
    require_perm(request.user, "panel.plan_meetings")
    meeting = get_object_or_404(Meeting.objects.select_related("chair"), pk=pk)
    initial = {name: getattr(meeting, name) for name in MEETING_FIELDS}
    form = MeetingForm(_posted(request), initial=initial, agenda_size=meeting.agenda_items.count())
    if request.method == "POST" and form.is_valid():
        try:
            change_meeting(meeting=meeting, changed_by=request.user, **form.cleaned_data)
        except IllegalTransition as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "The meeting's details have been saved")
            return redirect("panel:meeting_detail", pk=meeting.pk)
    return render(request, "panel/meeting_change.html", {"form": form, "meeting": meeting})


def meeting_members(request, pk):
    """Invite more members, or withdraw an invitation with the button beside a member's name."""
    require_perm(request.user, "panel.plan_meetings")
    meeting = get_object_or_404(Meeting.objects.select_related("chair"), pk=pk)
    if request.method == "POST" and "invite" not in request.POST:
        return _remove_member(request, meeting)
    form = InviteForm(_posted(request), meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            invited = invite_members(meeting=meeting, members=list(form.cleaned_data["members"]),
                                     invited_by=request.user)
        except IllegalTransition as refused:
            form.add_error(None, str(refused))
        else:
            names = ", ".join(member.full_name for member in invited)
            messages.success(request, f"Invited: {names}" if invited else "They were already invited")
            return redirect("panel:meeting_members", pk=meeting.pk)
    return render(request, "panel/meeting_members.html", {
        "meeting": meeting, "form": form, "memberships": meeting.memberships.select_related("member"),
        "can_change": meeting.status in (MeetingStatus.PLANNED, MeetingStatus.PAPERS_RELEASED),
    })


def _remove_member(request, meeting):
    choice = MemberChoiceForm(request.POST)
    if not choice.is_valid():
        messages.error(request, "Select a member to remove")
        return redirect("panel:meeting_members", pk=meeting.pk)
    membership = get_object_or_404(meeting.memberships.select_related("member"),
                                   member_id=choice.cleaned_data["remove"])
    try:
        remove_member(meeting=meeting, member=membership.member, removed_by=request.user)
    except IllegalTransition as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{membership.member.full_name} is no longer invited to this meeting")
    return redirect("panel:meeting_members", pk=meeting.pk)


def meeting_detail(request, pk):
    user = request.user
    meeting = get_permitted_or_404(user, "panel.view_meeting", meeting_detail_query(user), pk=pk)
    rows = agenda_rows(meeting, user)
    can_plan = rules.has_perm("panel.plan_meetings", user)
    status = meeting.status
    return render(request, "panel/meeting_detail.html", {
        "meeting": meeting,
        "start_time": start_time(meeting),
        "rows": rows,
        "memberships": list(meeting.memberships.all()),
        "can_plan": can_plan,
        "can_plan_agenda": can_plan and meeting.agenda_is_open,
        "can_release": can_plan and status == MeetingStatus.PLANNED,
        "can_record_attendance": status == MeetingStatus.PAPERS_RELEASED
        and rules.has_perm("panel.record_attendance", user, meeting),
        "can_open_meeting_mode": status == MeetingStatus.HELD
        and (can_plan or rules.has_perm("panel.run_meeting", user, meeting)),
        "can_view_progress": rules.has_perm("panel.view_progress", user, meeting),
        "can_close": can_plan and status == MeetingStatus.HELD,
        "can_plan_letters": can_plan and status in (MeetingStatus.HELD, MeetingStatus.CLOSED),
    })


def meeting_release(request, pk):
    require_perm(request.user, "panel.plan_meetings")
    meeting = get_object_or_404(Meeting, pk=pk)
    form = ConfirmForm(_posted(request), button="Release the papers")
    if request.method == "POST" and form.is_valid():
        try:
            release_papers(meeting=meeting, released_by=request.user)
        except IllegalTransition as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "The papers have been released: the members can now open the documents")
            return redirect("panel:meeting_detail", pk=meeting.pk)
    return render(request, "panel/meeting_release.html", {"meeting": meeting, "form": form, **release_counts(meeting)})


def meeting_hold(request, pk):
    """Record who came: the secretariat or the chair, on the day, once the papers are out."""
    meeting = get_permitted_or_404(request.user, "panel.view_meeting",
                                   meetings_for_user(request.user).select_related("chair"), pk=pk)
    require_perm(request.user, "panel.record_attendance", meeting)
    form = AttendanceForm(_posted(request), meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            hold_meeting(meeting=meeting, attended=list(form.cleaned_data["attended"]), recorded_by=request.user)
        except IllegalTransition as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Attendance has been recorded: the meeting is being held")
            if meeting.chair_id == request.user.pk:
                return redirect("panel:meeting_mode", pk=meeting.pk)
            return redirect("panel:meeting_detail", pk=meeting.pk)
    return render(request, "panel/meeting_hold.html", {"meeting": meeting, "form": form})


def meeting_close(request, pk):
    require_perm(request.user, "panel.plan_meetings")
    meeting = get_object_or_404(Meeting, pk=pk)
    form = ConfirmForm(_posted(request), button="Close the meeting")
    if request.method == "POST" and form.is_valid():
        try:
            close_meeting(meeting=meeting, closed_by=request.user)
        except IllegalTransition as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "The meeting has been closed")
            return redirect("panel:meeting_detail", pk=meeting.pk)
    return render(request, "panel/meeting_close.html", {"meeting": meeting, "form": form})


def agenda_add(request, pk):
    """What can be scheduled, searched and paged, each row with its own "Add to agenda" button."""
    require_perm(request.user, "panel.plan_meetings")
    meeting = get_object_or_404(Meeting, pk=pk)
    if request.method == "POST":
        return _schedule(request, meeting)
    search_form = AgendaSearchForm(request.GET)
    search = search_form.search()
    # Counted as submissions, so that the count joins no table it does not filter on.
    page = paginate(request, submissions_awaiting_meeting(search))
    used = meeting.agenda_items.count()
    return render(request, "panel/agenda_add.html", {
        "meeting": meeting, "search_form": search_form, "search": search, "page_obj": page,
        "rows": schedulable_rows(page.object_list.values(*SCHEDULABLE_FIELDS)), "used": used,
        "has_room": used < meeting.capacity, "query": urlencode({"q": search}) if search else "",
    })


def _schedule(request, meeting):
    form = ScheduleForm(request.POST)
    back = reverse("panel:agenda_add", kwargs={"pk": meeting.pk})
    if not form.is_valid():
        messages.error(request, "Select a submission to add to the agenda")
        return redirect(back)
    # Back to the list as it was searched; a search that is refused is dropped.
    search = AgendaSearchForm(request.POST).search()
    back += f"?{urlencode({'q': search})}" if search else ""
    submission = submissions_for_user(request.user).filter(pk=form.cleaned_data["submission"]).first()
    if submission is None:
        messages.error(request, "Select a submission to add to the agenda")
        return redirect(back)
    try:
        schedule_on_agenda(meeting=meeting, submission=submission, scheduled_by=request.user)
    except IllegalTransition as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{submission.review.reference} has been added to the agenda")
    return redirect(back)


@require_POST
def agenda_reorder(request, pk):
    require_perm(request.user, "panel.plan_meetings")
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    form = ReorderForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Select whether to move the item up or down")
    else:
        try:
            reorder_agenda(item=item, direction=form.cleaned_data["direction"], reordered_by=request.user)
        except IllegalTransition as refused:
            messages.error(request, str(refused))
    return redirect("panel:meeting_detail", pk=item.meeting_id)


def agenda_move(request, pk):
    require_perm(request.user, "panel.plan_meetings")
    item = get_object_or_404(AgendaItem.objects.select_related("meeting", "submission__review"), pk=pk)
    form = MoveForm(_posted(request), item=item)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["meeting"]
        try:
            move_agenda_item(item=item, to_meeting=target, moved_by=request.user)
        except IllegalTransition as refused:
            form.add_error("meeting", str(refused))
        else:
            messages.success(request, f"{item.submission.review.reference} has been moved to the {target}")
            return redirect("panel:meeting_detail", pk=target.pk)
    return render(request, "panel/agenda_move.html", {
        "item": item, "form": form, "has_targets": form.fields["meeting"].queryset.exists(),
        "movable": item.status == AgendaItemStatus.SCHEDULED and item.meeting.agenda_is_open,
    })
