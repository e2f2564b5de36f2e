"""A meeting's letters on one page: prepare them all, send the ready ones to the chair, issue the signed ones."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dhrqa.permissions import get_permitted_or_404, require_perm
from dhrqa.transitions import IllegalTransition
from panel.enums import LetterStatus, RenderStatus
from panel.queries import meetings_for_user
from panel.services.bulk_letters import (
    issue_signed_letters,
    newest_letters,
    prepare_meeting_letters,
    progress,
    send_ready_letters,
)

ACTIONS = {"prepare", "send", "issue"}


def _meeting(request, pk):
    meeting = get_permitted_or_404(request.user, "panel.view_meeting", meetings_for_user(request.user), pk=pk)
    require_perm(request.user, "panel.plan_meetings")
    return meeting


def meeting_letters(request, pk):
    meeting = _meeting(request, pk)
    rows = newest_letters(meeting)
    ready, total = progress(meeting)
    return render(request, "panel/meeting_letters.html", {
        "meeting": meeting, "rows": rows, "ready": ready, "total": total,
        "to_prepare": sum(1 for _item, letter in rows
                          if letter is None or (letter.status == LetterStatus.DRAFT
                                                and letter.render_status != RenderStatus.READY)),
        "to_send": sum(1 for _item, letter in rows if letter is not None and letter.status == LetterStatus.DRAFT
                       and letter.render_status == RenderStatus.READY),
        "to_issue": sum(1 for _item, letter in rows if letter is not None and letter.status == LetterStatus.SIGNED),
        "preparing": any(letter is not None and letter.status == LetterStatus.DRAFT
                         and letter.render_status == RenderStatus.QUEUED for _item, letter in rows),
    })


@require_POST
def meeting_letters_prepare(request, pk):
    """One button for the whole meeting: prepare, send to the chair or issue, as `action` says."""
    meeting = _meeting(request, pk)
    action = request.POST.get("action")
    if action not in ACTIONS:
        messages.error(request, "Choose what to do with the meeting's letters")
        return redirect("panel:meeting_letters", pk=meeting.pk)
    try:
        if action == "prepare":
            count = prepare_meeting_letters(meeting=meeting, prepared_by=request.user)
            messages.success(request, f"{_letters(count)} {'is' if count == 1 else 'are'} being prepared" if count
                             else "Every letter is ready")
        elif action == "send":
            count = send_ready_letters(meeting=meeting, sent_by=request.user)
            messages.success(request, f"{_letters(count)} sent to {meeting.chair.full_name} to sign")
        else:
            count = issue_signed_letters(meeting=meeting, issued_by=request.user)
            messages.success(request, f"{_letters(count)} issued to the CSPs")
    except IllegalTransition as refused:
        messages.error(request, str(refused))
    return redirect("panel:meeting_letters", pk=meeting.pk)


def _letters(count):
    return f"{count} letter{'' if count == 1 else 's'}"


def meeting_letters_progress(request, pk):
    """The status poller's answer: how many of the meeting's letters are ready, out of how many."""
    meeting = _meeting(request, pk)
    ready, total = progress(meeting)
    return JsonResponse({"status": f"{ready}/{total}"})


# Planned: the ZIP of a meeting's signed letters, built in the background (issue 7).
def meeting_letters_zip(request, pk):
    raise NotImplementedError


def meeting_letters_zip_download(request, pk):
    raise NotImplementedError
