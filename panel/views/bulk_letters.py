"""A meeting's letters on one page: prepare them all, send the ready ones to the chair, issue the signed ones."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from dhrqa.permissions import get_permitted_or_404, require_perm
from dhrqa.transitions import IllegalTransition
from panel.enums import LetterStatus, RenderStatus
from panel.queries import meetings_for_user
from panel.services.bulk_letters import (
    issue_signed_letters,
    newest_letters,
    open_bundle,
    prepare_meeting_letters,
    progress,
    request_bundle,
    send_ready_letters,
    signed_letters,
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
    bundle = meeting.letter_bundles.first()
    signed = [[letter.pk, letter.signed_pdf_sha256] for letter in signed_letters(meeting)]
    return render(request, "panel/meeting_letters.html", {
        "meeting": meeting, "rows": rows, "ready": ready, "total": total, "signed_count": len(signed),
        "bundle": bundle, "bundle_current": bundle is not None and bundle.letters == signed,
        "to_prepare": sum(1 for _item, letter in rows
                          if letter is None or (letter.status == LetterStatus.DRAFT
                                                and letter.render_status != RenderStatus.READY)),
        "to_send": sum(1 for _item, letter in rows if letter is not None and letter.status == LetterStatus.DRAFT
                       and letter.render_status == RenderStatus.READY),
        "to_issue": sum(1 for _item, letter in rows if letter is not None and letter.status == LetterStatus.SIGNED),
        "preparing": any(letter is not None and letter.status == LetterStatus.DRAFT
                         and letter.render_status == RenderStatus.QUEUED for _item, letter in rows)
        or (bundle is not None and bundle.status == RenderStatus.QUEUED),
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
    bundle = meeting.letter_bundles.values_list("status", flat=True).first() or "none"
    return JsonResponse({"status": f"{ready}/{total}:{bundle}"})


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
    bundle = meeting.letter_bundles.filter(status=RenderStatus.READY).first()
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
