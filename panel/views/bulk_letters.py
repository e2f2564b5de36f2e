"""A meeting's letters on one page: prepare them all, send the ready ones to the chair, issue the signed ones."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from dhrqa.permissions import get_permitted_or_404, require_perm
from dhrqa.sessions import background_request
from dhrqa.transitions import IllegalTransition
from panel.enums import RenderStatus
from panel.queries import meetings_for_user
from panel.services.bulk_letters import (
    current_bundle,
    issue_signed_letters,
    meeting_letter_summary,
    open_bundle,
    prepare_meeting_letters,
    request_bundle,
    send_ready_letters,
)

ACTIONS = {"prepare", "send", "issue"}


def _meeting(request, pk):
    meeting = get_permitted_or_404(request.user, "panel.view_meeting", meetings_for_user(request.user), pk=pk)
    require_perm(request.user, "panel.plan_meetings")
    return meeting


def meeting_letters(request, pk):
    meeting = _meeting(request, pk)
    return render(request, "panel/meeting_letters.html", {"meeting": meeting,
                                                          "summary": meeting_letter_summary(meeting)})


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


@never_cache
@require_safe
@background_request
def meeting_letters_progress(request, pk):
    """The status poller's answer: how many of the meeting's letters are ready, out of how many, and the ZIP's state."""
    return JsonResponse({"status": meeting_letter_summary(_meeting(request, pk)).status})


@require_POST
def meeting_letters_zip(request, pk):
    """Gather the meeting's signed letters into a ZIP, in the background."""
    meeting = _meeting(request, pk)
    try:
        bundle = request_bundle(meeting=meeting, requested_by=request.user)
    except IllegalTransition as refused:
        messages.error(request, str(refused))
    else:
        if bundle.status == RenderStatus.READY:
            messages.info(request, "The ZIP of these letters is ready to download")
        else:
            messages.success(request, "The signed letters are being gathered into a ZIP")
    return redirect("panel:meeting_letters", pk=meeting.pk)


@never_cache
@require_safe
def meeting_letters_zip_download(request, pk):
    meeting = _meeting(request, pk)
    # Only a ZIP of the letters signed now: an older one would miss a correction.
    bundle = current_bundle(meeting)
    if bundle is None:
        raise Http404
    filename = f"qa-panel-letters-{meeting.date.isoformat()}.zip"
    if request.method == "HEAD":
        # Nothing is sent, so nothing is recorded as downloaded.
        response = HttpResponse(content_type="application/zip")
        response["Content-Length"] = str(bundle.file.size)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response
    return FileResponse(open_bundle(bundle=bundle, user=request.user), as_attachment=True, filename=filename,
                        content_type="application/zip")
