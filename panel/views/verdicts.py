"""The chair records, revises, confirms and changes a verdict."""

from django.contrib import messages
from django.shortcuts import redirect, render

from dhrqa.error_summary import error_links
from dhrqa.formsets import all_valid, shown_unchecked, with_extra_row
from dhrqa.permissions import get_permitted_or_404, require_perm
from dhrqa.transitions import IllegalTransition
from panel.forms.verdicts import (
    ISSUE_FIELDS,
    RESPONSE_FIELDS,
    ChangeReasonForm,
    IssueFormSet,
    NationalResponseFormSet,
    VerdictForm,
)
from panel.outcomes import outcome_set_for_item
from panel.queries import agenda_item_detail, national_recommendations, submitted_suggestions
from panel.refusals import VerdictChangedMeanwhile
from panel.services.verdicts import change_verdict, confirm_verdict, record_verdict, revise_verdict
from panel.views.crossed import changed_meanwhile_message, with_revision

ISSUE_PREFIX, RESPONSE_PREFIX = "issue", "response"


def _item_for_verdict(request, pk):
    item = get_permitted_or_404(request.user, "panel.view_item", agenda_item_detail(request.user), pk=pk)
    require_perm(request.user, "panel.record_verdict", item)
    return item


def verdict_record(request, pk):
    """One page records a verdict, revises a pending one, and changes a confirmed one with a reason."""
    item = _item_for_verdict(request, pk)
    verdict = getattr(item, "verdict", None)
    recommendations = list(national_recommendations(item.submission))
    # Readers' suggestions are part of their assessments: a chair reading the item sees them once theirs is in.
    suggestions = (list(submitted_suggestions(item)) if request.user.has_perm("panel.read_assessments", item)
                   else [])
    data = request.POST if request.method == "POST" else None
    forms = _verdict_forms(data, item, verdict, recommendations, suggestions)
    form, issues, responses, reason = forms
    adding = "add_issue" in request.POST or "add_response" in request.POST
    changed_meanwhile = None
    if request.method == "POST" and not adding and all_valid(*forms):
        try:
            _save(request, item, verdict, form, issues, responses, reason)
        except VerdictChangedMeanwhile as crossed:
            # Nothing saved. Their words stay in the form, the verdict as it is now shows below it,
            # and the form now carries its revision: saving again replaces it, deliberately.
            item = _item_for_verdict(request, pk)
            verdict = changed_meanwhile = item.verdict
            forms = _verdict_forms(with_revision(request.POST, verdict.revision), item, verdict, recommendations,
                                   suggestions)
            form, issues, responses, reason = forms
            if reason is not None and "reason" not in request.POST:
                shown_unchecked(reason)  # confirmed meanwhile: the reason is asked for, not yet missing
            all_valid(*[f for f in forms if f is not None])
            form.add_error(None, changed_meanwhile_message(crossed, request.user, "verdict"))
        except IllegalTransition as refused:
            form.add_error(None, str(refused))
        else:
            if verdict is None:
                messages.success(request, "The verdict has been recorded. It is pending until you confirm it")
            elif verdict.is_confirmed:
                messages.success(request, "The confirmed verdict has been changed")
            else:
                messages.success(request, "The pending verdict has been saved")
            return _back(request, item)
    return render(request, "panel/verdict_record.html", {
        "item": item, "verdict": verdict, "form": form, "issues": issues, "responses": responses, "reason": reason,
        "recommendations": recommendations, "changed_meanwhile": changed_meanwhile,
        "from_meeting": request.GET.get("from") == "meeting"
        or request.POST.get("next") == "meeting",
        "page_has_errors": bool(error_links(*[f for f in forms if f is not None])),
    })


def _verdict_forms(data, item, verdict, recommendations, suggestions):
    outcome_set = outcome_set_for_item(item)
    response_kwargs = {"form_kwargs": {"recommendations": recommendations}, "prefix": RESPONSE_PREFIX}
    if data is not None and ("add_issue" in data or "add_response" in data):
        form = shown_unchecked(VerdictForm(data, outcome_set=outcome_set, suggestions=suggestions))
        issues = (with_extra_row(IssueFormSet, data, prefix=ISSUE_PREFIX, fields=ISSUE_FIELDS)
                  if "add_issue" in data else _unchecked(IssueFormSet(data, prefix=ISSUE_PREFIX)))
        responses = (with_extra_row(NationalResponseFormSet, _listed(data), fields=RESPONSE_FIELDS,
                                    **response_kwargs)
                     if "add_response" in data else _unchecked(NationalResponseFormSet(data, **response_kwargs)))
    elif data is not None:
        form = VerdictForm(data, outcome_set=outcome_set, suggestions=suggestions)
        issues = IssueFormSet(data, prefix=ISSUE_PREFIX)
        responses = NationalResponseFormSet(data, **response_kwargs)
    else:
        form = VerdictForm(initial=_initial(verdict), outcome_set=outcome_set, suggestions=suggestions)
        issues = IssueFormSet(initial=_initial_issues(verdict), prefix=ISSUE_PREFIX)
        responses = NationalResponseFormSet(initial=_initial_responses(verdict, recommendations), **response_kwargs)
    reason = None
    if verdict is not None and verdict.is_confirmed:
        reason = ChangeReasonForm(data) if data is not None else ChangeReasonForm()
        if data is not None and ("add_issue" in data or "add_response" in data):
            shown_unchecked(reason)
    return form, issues, responses, reason


def _unchecked(formset):
    for row in formset.forms:
        shown_unchecked(row)
    formset._non_form_errors = formset.error_class()
    return formset


def _listed(data):
    """The POST data with each ticked list kept whole, for with_extra_row (which reads one value a field)."""

    class Listed(dict):
        def get(self, key, default=None):
            values = data.getlist(key)
            if key.endswith("-recommendations"):
                return values
            return values[-1] if values else default

    return Listed({key: data.getlist(key) for key in data})



def _save(request, item, verdict, form, issues, responses, reason):
    based_on = form.cleaned_data["based_on"]
    contents = {
        "outcome": form.cleaned_data["outcome"],
        "commendation": form.cleaned_data["commendation"],
        "issues": issues.issues() + form.picked_issues(),
        "national_responses": responses.responses(),
    }
    if verdict is None:
        return record_verdict(agenda_item=item, recorded_by=request.user, **contents)
    if verdict.is_confirmed:
        return change_verdict(verdict=verdict, changed_by=request.user, reason=reason.cleaned_data["reason"],
                              based_on=based_on, **contents)
    return revise_verdict(verdict=verdict, revised_by=request.user, based_on=based_on, **contents)


def _initial(verdict):
    if verdict is None:
        return {"based_on": 0}
    return {"outcome": verdict.outcome.code, "commendation": verdict.commendation, "based_on": verdict.revision}


def _initial_issues(verdict):
    if verdict is None:
        return []
    return [{"text": issue.text, "order": issue.position, "suggestion": issue.suggestion_id}
            for issue in verdict.issues.all()]


def _initial_responses(verdict, recommendations):
    """The verdict's responses; for a new verdict, one row per national recommendation, routed as the CSP named."""
    if verdict is not None:
        return [
            {"recommendations": [str(rec.pk) for rec in response.recommendations.all()],
             "routed_to": response.routed_to, "routed_to_other": response.routed_to_other, "text": response.text}
            for response in verdict.national_responses.all()
        ]
    return [
        {"recommendations": [str(rec.pk)], "routed_to": rec.national_body,
         "routed_to_other": rec.national_body_other, "text": ""}
        for rec in recommendations
    ]


def verdict_confirm(request, pk):
    """The chair confirms a pending verdict: the page shows it as the letter will carry it."""
    item = _item_for_verdict(request, pk)
    verdict = getattr(item, "verdict", None)
    if verdict is None:
        messages.error(request, "Record the verdict before confirming it")
        return redirect("panel:agenda_item_detail", pk=item.pk)
    if request.method == "POST":
        try:
            confirm_verdict(verdict=verdict, confirmed_by=request.user, read_revision=request.POST.get("revision"))
        except VerdictChangedMeanwhile as refused:
            messages.error(request, str(refused))
            return redirect(request.get_full_path())
        except IllegalTransition as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"The verdict on {item.submission.review.reference} has been confirmed")
        return _back(request, item)
    return render(request, "panel/verdict_confirm.html", {"item": item, "verdict": verdict,
                                                          "from_meeting": request.GET.get("from") == "meeting"})


def _back(request, item):
    """To meeting mode when the chair came from it, otherwise to the item's page."""
    if request.POST.get("next") == "meeting":
        return redirect("panel:meeting_mode", pk=item.meeting_id)
    return redirect("panel:agenda_item_detail", pk=item.pk)
