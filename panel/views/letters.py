import logging

from django.contrib import messages
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST, require_safe

from dhrqa.permissions import get_permitted_or_404, require_perm
from dhrqa.transitions import IllegalTransition
from panel.models import Verdict
from panel.queries import letters_for_user
from panel.services.letters import LetterNotReady, draft_letter, issue_letter, open_letter, sign_letter
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
    return render(request, "panel/letter_detail.html", {"letter": letter, "item": letter.verdict.agenda_item})


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
    return FileResponse(pdf, as_attachment=True, filename=letter.download_name, content_type="application/pdf")


def letter_sign(request, pk):
    letter = _visible_letter(request, pk)
    require_perm(request.user, "panel.sign_letter", letter)
    if request.method == "POST":
        try:
            sign_letter(letter=letter, signed_by=request.user)
        except IllegalTransition as refused:
            messages.error(request, str(refused))
        except SigningKeyMissing:
            logger.exception("Letter %s could not be signed", letter.pk)
            messages.error(request, "The letter could not be signed because the signing key is not set up. "
                                    "Contact the service team.")
        else:
            messages.success(request, "You have signed the letter")
        return redirect("panel:letter_detail", pk=letter.pk)
    return render(request, "panel/letter_sign.html", {"letter": letter})


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


def _visible_letter(request, pk):
    return get_permitted_or_404(request.user, "panel.view_letter", letters_for_user(request.user), pk=pk)
