from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from dhrqa.error_summary import error_links
from dhrqa.formsets import with_extra_row
from dhrqa.permissions import require_perm
from dhrqa.transitions import IllegalTransition
from panel.forms import NationalResponseFormSet, VerdictForm
from panel.queries import agenda_item_detail as agenda_item_query
from panel.services.verdicts import era_for, record_verdict

RESPONSE_PREFIX = "response"


def agenda_item_detail(request, pk):
    require_perm(request.user, "panel.view_meetings")
    item = get_object_or_404(agenda_item_query(), pk=pk)
    verdict = getattr(item, "verdict", None)
    letters = list(verdict.letters.all()) if verdict else []
    return render(request, "panel/agenda_item_detail.html", {
        "item": item,
        "verdict": verdict,
        "letters": letters,
        "latest_letter": letters[0] if letters else None,
    })


def verdict_record(request, pk):
    require_perm(request.user, "panel.view_meetings")
    item = get_object_or_404(agenda_item_query(), pk=pk)
    require_perm(request.user, "panel.record_verdict", item)
    if hasattr(item, "verdict"):
        messages.info(request, "The verdict for this review has already been recorded")
        return redirect("panel:agenda_item_detail", pk=item.pk)
    if "add_response" in request.POST:
        # Adding a row is not a submission: keep what was typed, check nothing yet.
        form = VerdictForm(initial=request.POST.dict(), era=era_for(item))
        responses = with_extra_row(NationalResponseFormSet, request.POST, prefix=RESPONSE_PREFIX,
                                   fields=("recommendation_numbers", "text"))
    else:
        form = VerdictForm(request.POST or None, era=era_for(item))
        responses = NationalResponseFormSet(request.POST or None, prefix=RESPONSE_PREFIX)
    if form.is_bound and form.is_valid() & responses.is_valid():
        try:
            record_verdict(
                agenda_item=item, recorded_by=request.user,
                outcome=form.cleaned_data["outcome"],
                commendation=form.cleaned_data["commendation"],
                issues=form.cleaned_data["issues"],
                national_responses=responses.responses(),
            )
        except IllegalTransition as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "The verdict has been recorded")
            return redirect("panel:agenda_item_detail", pk=item.pk)
    return render(request, "panel/verdict_record.html", {
        "item": item, "form": form, "responses": responses,
        "page_has_errors": bool(error_links(form, responses)),
    })
