"""A letter's pages: draft, edit, send to the chair, preview as signed, sign or send back, issue, correct, download."""

import logging

import rules
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from dhrqa import clock
from dhrqa.error_summary import error_links
from dhrqa.pagination import paginate
from dhrqa.permissions import get_permitted_or_404, require_perm
from dhrqa.sessions import background_request
from dhrqa.transitions import IllegalTransition
from panel.enums import LetterStatus, RenderStatus
from panel.forms.letters import CorrectionForm, LetterEditForm, ReturnForm
from panel.models import Letter, Verdict
from panel.queries import letters_for_user, letters_to_sign
from panel.refusals import LetterChangedMeanwhile
from panel.services.corrections import start_correction
from panel.services.letter_files import LetterAltered, LetterNotReady, open_letter
from panel.services.letters import (
    draft_letter,
    edit_letter,
    final_letter_pdf,
    issue_letter,
    return_letter,
    send_for_signing,
    sign_letter,
    withdraw_letter,
)
from panel.services.rendering import retry_render
from panel.signing import SigningKeyMissing

logger = logging.getLogger(__name__)


@require_POST
def letter_draft(request, verdict_pk):
    require_perm(request.user, "panel.draft_letter")
    verdict = get_object_or_404(Verdict.objects.select_related("agenda_item"), pk=verdict_pk)
    try:
        letter = draft_letter(verdict=verdict, drafted_by=request.user)
    except IllegalTransition as refused:
        messages.error(request, str(refused))
        return redirect("panel:agenda_item_detail", pk=verdict.agenda_item_id)
    return redirect("panel:letter_detail", pk=letter.pk)


def letter_detail(request, pk):
    letter = _visible_letter(request, pk)
    user = request.user
    correction = Letter.objects.filter(supersedes=letter).first()
    return render(request, "panel/letter_detail.html", {
        "letter": letter, "item": letter.verdict.agenda_item,
        "can_edit": letter.is_editable and rules.has_perm("panel.draft_letter", user),
        "can_send": letter.status == LetterStatus.DRAFT and letter.render_status == RenderStatus.READY
        and rules.has_perm("panel.draft_letter", user),
        "can_retry": letter.status == LetterStatus.DRAFT and letter.render_status == RenderStatus.FAILED
        and rules.has_perm("panel.draft_letter", user),
        "can_sign": letter.status == LetterStatus.AWAITING_SIGNATURE and user.has_perm("panel.sign_letter", letter),
        "can_withdraw": letter.status == LetterStatus.AWAITING_SIGNATURE and rules.has_perm("panel.draft_letter", user),
        "can_issue": letter.status == LetterStatus.SIGNED and rules.has_perm("panel.issue_letter", user),
        "can_correct": letter.status in (LetterStatus.SIGNED, LetterStatus.ISSUED) and correction is None
        and rules.has_perm("panel.draft_letter", user),
        "can_preview": not letter.is_frozen and rules.has_perm("panel.preview_letter", user, letter),
        "correction": correction,
        "today": clock.today(),
    })


@never_cache
@require_safe
@background_request
def letter_status(request, pk):
    letter = _visible_letter(request, pk)
    return JsonResponse({"status": f"{letter.status}:{letter.render_status}"})


@never_cache
@require_safe
def letter_download(request, pk):
    letter = _visible_letter(request, pk)
    if request.method == "HEAD" and letter.pdf:
        # Nothing is sent, so nothing is recorded as downloaded.
        response = HttpResponse(content_type="application/pdf")
        response["Content-Length"] = str(letter.pdf.size)
        response["Content-Disposition"] = content_disposition_header(True, letter.download_name)
        return response
    try:
        pdf = open_letter(letter=letter, user=request.user)
    except LetterNotReady:
        messages.error(request, "The letter is still being prepared. Try again in a moment.")
        return redirect("panel:letter_detail", pk=letter.pk)
    except LetterAltered:
        messages.error(request, "This letter cannot be downloaded because its file has been damaged in storage. "
                                "The service team has been told.")
        return redirect("panel:letter_detail", pk=letter.pk)
    return FileResponse(pdf, as_attachment=True, filename=letter.download_name, content_type="application/pdf")


@never_cache
@require_safe
def letter_preview(request, pk):
    """The letter in its final layout, dated today, as the chair would sign it: not stored, not signed."""
    letter = _visible_letter(request, pk)
    if letter.is_frozen or not request.user.has_perm("panel.preview_letter", letter):
        raise Http404
    try:
        pdf = final_letter_pdf(letter)
    except IllegalTransition as refused:  # too long to lay out
        messages.error(request, str(refused))
        return redirect("panel:letter_detail", pk=letter.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        False, f"{letter.content.get('reference', 'review')}-qa-panel-letter-as-signed-today.pdf")
    return response


def letter_edit(request, pk):
    letter = _visible_letter(request, pk)
    require_perm(request.user, "panel.draft_letter")
    if not letter.is_editable:
        messages.error(request, "Only a draft letter can be changed")
        return redirect("panel:letter_detail", pk=letter.pk)
    form = LetterEditForm(request.POST or None, content=letter.content)
    changed_meanwhile = False
    if request.method == "POST" and form.is_valid():
        try:
            edit_letter(letter=letter, edited_by=request.user, content=form.edited_content(),
                        based_on=form.cleaned_data["based_on"])
        except LetterChangedMeanwhile:
            # Their words stay in the boxes, the draft as it is now shows below; saving again replaces it.
            letter.refresh_from_db()
            form = LetterEditForm({**request.POST.dict(), "based_on": letter.content_digest}, content=letter.content)
            form.is_valid()
            form.add_error(None, "Someone changed this draft while you were editing it. The draft as it is now is "
                                 "shown below your changes: save again to replace it with yours")
            changed_meanwhile = True
        except IllegalTransition as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "The draft has been changed. Its PDF is being prepared again")
            return redirect("panel:letter_detail", pk=letter.pk)
    return render(request, "panel/letter_edit.html", {"letter": letter, "form": form,
                                                      "changed_meanwhile": changed_meanwhile,
                                                      "page_has_errors": bool(error_links(form))})


def letter_send(request, pk):
    letter = _visible_letter(request, pk)
    require_perm(request.user, "panel.draft_letter")
    if request.method == "POST":
        try:
            send_for_signing(letter=letter, sent_by=request.user)
        except IllegalTransition as refused:
            messages.error(request, str(refused))
        else:
            chair = letter.verdict.agenda_item.meeting.chair
            messages.success(request, f"The letter has been sent to {chair.full_name} to sign")
        return redirect("panel:letter_detail", pk=letter.pk)
    return render(request, "panel/letter_send.html", {"letter": letter})


def letter_sign(request, pk):
    letter = _visible_letter(request, pk)
    require_perm(request.user, "panel.sign_letter", letter)
    if request.method != "POST" and letter.status != LetterStatus.AWAITING_SIGNATURE:
        messages.info(request, "This letter is not waiting for your signature")
        return redirect("panel:letter_detail", pk=letter.pk)
    if request.method == "POST":
        try:
            # The page sends the fingerprint of the words it showed: only those are signed.
            sign_letter(letter=letter, signed_by=request.user, read=request.POST.get("read", ""))
        except IllegalTransition as refused:
            messages.error(request, str(refused))
        except SigningKeyMissing:
            logger.exception("Letter %s could not be signed", letter.pk)
            messages.error(request, "The letter could not be signed because the signing key is not set up. "
                                    "Contact the service team.")
        else:
            waiting = letters_to_sign(request.user).count()
            if waiting:
                # Straight on to the next: a meeting's letters are signed one after another.
                messages.success(request, f"You have signed the letter. {waiting} more to sign")
                return redirect("panel:letters_to_sign")
            messages.success(request, "You have signed the letter")
        return redirect("panel:letter_detail", pk=letter.pk)
    return render(request, "panel/letter_sign.html", {"letter": letter, "today": clock.today()})


@require_POST
def letter_withdraw(request, pk):
    """The secretariat takes a letter back from the chair, unsigned, to change it."""
    letter = _visible_letter(request, pk)
    require_perm(request.user, "panel.draft_letter")
    try:
        withdraw_letter(letter=letter, withdrawn_by=request.user)
    except IllegalTransition as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "You have taken the letter back from the chair. It is a draft again")
    return redirect("panel:letter_detail", pk=letter.pk)


def letter_return(request, pk):
    letter = _visible_letter(request, pk)
    require_perm(request.user, "panel.sign_letter", letter)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            return_letter(letter=letter, returned_by=request.user, comment=form.cleaned_data["comment"])
        except IllegalTransition as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "The letter has gone back to the secretariat with your comment")
            return redirect("panel:letters_to_sign")
    return render(request, "panel/letter_return.html", {"letter": letter, "form": form})


def letter_issue(request, pk):
    letter = _visible_letter(request, pk)
    require_perm(request.user, "panel.issue_letter", letter)
    if request.method == "POST":
        try:
            issue_letter(letter=letter, issued_by=request.user)
        except IllegalTransition as refused:
            messages.error(request, str(refused))
        else:
            review = letter.verdict.agenda_item.submission.review
            messages.success(request, f"The letter has been issued to {review.csp.name}")
        return redirect("panel:letter_detail", pk=letter.pk)
    return render(request, "panel/letter_issue.html", {"letter": letter})


def letter_correct(request, pk):
    letter = _visible_letter(request, pk)
    require_perm(request.user, "panel.draft_letter")
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            correction = start_correction(letter=letter, started_by=request.user, reason=form.cleaned_data["reason"])
        except IllegalTransition as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"Version {correction.version} of the letter has been started. "
                                      "Change it, then send it to the chair")
            return redirect("panel:letter_detail", pk=correction.pk)
    return render(request, "panel/letter_correct.html", {"letter": letter, "form": form})


@require_POST
def letter_render(request, pk):
    """Try again: ask for a failed draft's PDF once more."""
    letter = _visible_letter(request, pk)
    require_perm(request.user, "panel.draft_letter")
    try:
        retry_render(letter=letter, asked_by=request.user)
    except IllegalTransition as refused:
        messages.error(request, str(refused))
    return redirect("panel:letter_detail", pk=letter.pk)


def letters_waiting(request):
    """The chair's list: letters waiting for their signature, oldest first."""
    require_perm(request.user, "panel.view_meetings")
    letters = paginate(request, letters_to_sign(request.user))
    return render(request, "panel/letters_to_sign.html", {"letters": letters, "page_obj": letters})


def _visible_letter(request, pk):
    return get_permitted_or_404(request.user, "panel.view_letter", letters_for_user(request.user), pk=pk)
