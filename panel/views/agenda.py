from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from dhrqa.permissions import require_perm
from dhrqa.transitions import IllegalTransition
from panel.forms import NationalResponseFormSet, VerdictForm
from panel.queries import agenda_item_detail as agenda_item_query
from panel.services.verdicts import record_verdict
from dhrqa.error_summary import error_links

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
    item = get_object_or_404(agenda_item_query(), pk=pk)
    require_perm(request.user, "panel.record_verdict", item)
    if hasattr(item, "verdict"):
        messages.info(request, "The verdict for this review has already been recorded")
        return redirect("panel:agenda_item_detail", pk=item.pk)
    adding_row = "add_response" in request.POST
    # Adding a row keeps what was typed but is not a submission: no errors yet.
    form = VerdictForm(initial=request.POST.dict()) if adding_row else VerdictForm(request.POST or None)
    responses = NationalResponseFormSet(_with_extra_row(request), prefix=RESPONSE_PREFIX)
    if request.method == "POST" and not adding_row:
        forms_valid = form.is_valid() & responses.is_valid()
        if forms_valid:
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
        "page_has_errors": form.is_bound and bool(error_links(form, responses)),
    })


def _with_extra_row(request):
    """The posted responses, with one more blank row when "Add another" was pressed.

    This keeps "add another response" working without JavaScript.
    """
    if request.method != "POST":
        return None
    data = request.POST.copy()
    if "add_response" in data:
        key = f"{RESPONSE_PREFIX}-TOTAL_FORMS"
        try:
            total = int(data.get(key, 0))
        except ValueError:
            total = 0
        data[key] = str(min(total + 1, NationalResponseFormSet.max_num))
    return data
