from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from dhrqa.pagination import paginate
from dhrqa.permissions import get_permitted_or_404, require_perm
from dhrqa.transitions import IllegalTransition
from panel.forms.meetings import AgendaItemForm, MeetingForm
from panel.models import Meeting
from panel.queries import meeting_detail as meeting_detail_query
from panel.queries import meeting_list as meeting_list_query
from panel.services.agenda import schedule_on_agenda
from panel.services.meetings import create_meeting
from submissions.queries import submissions_awaiting_meeting


def meeting_list(request):
    require_perm(request.user, "panel.view_meetings")
    meetings = paginate(request, meeting_list_query(request.user).order_by("-date", "-id"))
    return render(request, "panel/meeting_list.html", {"meetings": meetings, "page_obj": meetings})


def meeting_create(request):
    require_perm(request.user, "panel.create_meeting")
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = create_meeting(created_by=request.user, **form.cleaned_data)
        messages.success(request, f"{meeting} has been created")
        return redirect("panel:meeting_detail", pk=meeting.pk)
    return render(request, "panel/meeting_create.html", {"form": form})


def meeting_detail(request, pk):
    meeting = get_permitted_or_404(request.user, "panel.view_meeting", meeting_detail_query(request.user), pk=pk)
    return render(request, "panel/meeting_detail.html", {"meeting": meeting})


def agenda_add(request, pk):
    require_perm(request.user, "panel.schedule_submission")
    # Only the meeting's date is shown here: its agenda is not needed.
    meeting = get_object_or_404(Meeting, pk=pk)
    form = AgendaItemForm(request.POST or None, submissions=submissions_awaiting_meeting())
    if request.method == "POST" and form.is_valid():
        try:
            item = schedule_on_agenda(meeting=meeting, submission=form.cleaned_data["submission"],
                                      scheduled_by=request.user)
        except IllegalTransition as refused:
            form.add_error("submission", str(refused))
        else:
            messages.success(request, f"{item.submission.review.reference} has been added to the agenda")
            return redirect("panel:meeting_detail", pk=meeting.pk)
    return render(request, "panel/agenda_add.html", {"meeting": meeting, "form": form})


# Planned by the meetings work (issue 6): each replaced by its real view.
def meeting_change(request, pk):
    raise NotImplementedError


def meeting_members(request, pk):
    raise NotImplementedError


def meeting_release(request, pk):
    raise NotImplementedError


def meeting_hold(request, pk):
    raise NotImplementedError


def meeting_close(request, pk):
    raise NotImplementedError


def agenda_reorder(request, pk):
    raise NotImplementedError


def agenda_move(request, pk):
    raise NotImplementedError
