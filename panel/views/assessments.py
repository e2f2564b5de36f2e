"""A reader's own assessment of a report, and every reader's assessments side by side.

A reader reads the others' assessments of a report only once they have
submitted their own (panel.rules, "panel.read_assessments"); until then
they are sent to their own. A draft is seen by its author alone.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from dhrqa.error_summary import error_links
from dhrqa.formsets import all_valid, shown_unchecked
from dhrqa.transitions import IllegalTransition
from panel.assessment_summary import own_answers, side_by_side
from panel.enums import ASSESSING
from panel.forms.assessments import AssessmentForm, initial_answers, issues_formset, issues_with_row_added
from panel.outcomes import criteria_for, outcome_set_for_item
from panel.queries import assessments_of_item, item_for_assessments, own_assignment, reader_assignment
from panel.refusals import AssessmentChangedMeanwhile, AssessmentIncomplete, NoOutcomeSet
from panel.services.assessments import save_assessment
from panel.views.crossed import changed_meanwhile_message, with_revision
from submissions import prescreen_summary
from submissions.queries import prescreen_findings

SUBMIT = "submit"


def assessment(request, pk):
    """The assignment's own reader fills in, saves and submits their assessment; once submitted, reads it back."""
    reading = get_object_or_404(reader_assignment(request.user), pk=pk)
    item = reading.agenda_item
    if not request.user.has_perm("panel.assess", item):
        raise Http404
    own = reading.assessment_or_none
    if request.method != "POST" and ((own is not None and own.is_submitted) or not _open(item)):
        return _show(request, reading, own)
    # A form sent once the assessment is submitted or closed (from a page left open) goes to the
    # service like any other, which refuses it and says why; what was typed is shown again.
    criteria = list(criteria_for(item.submission.review.kind))
    try:
        outcomes = list(outcome_set_for_item(item).outcomes.all())
    except NoOutcomeSet:
        outcomes = []
    form, issues = _forms(request, criteria, outcomes, own)
    adding = "add_issue" in request.POST
    changed_meanwhile, saved_rows = None, []
    if request.method == "POST" and not adding and all_valid(form, issues):
        submit = request.POST.get("action") == SUBMIT
        try:
            save_assessment(
                assignment=reading, saved_by=request.user, strengths=form.cleaned_data["strengths"],
                recommended_outcome=form.cleaned_data["recommended_outcome"], judgements=form.judgements(),
                suggestions=issues.suggestions(), submit=submit, based_on=form.cleaned_data["based_on"],
            )
        except AssessmentChangedMeanwhile as crossed:
            # Nothing saved. Their words stay in the form, the assessment as saved now shows below it,
            # and the form now carries its revision: saving again replaces it, deliberately.
            changed_meanwhile = reader_assignment(request.user).get(pk=reading.pk).assessment_or_none
            revision = changed_meanwhile.revision if changed_meanwhile else 0
            data = with_revision(request.POST, revision)
            form = AssessmentForm(data, criteria=criteria, outcomes=outcomes)
            issues = issues_formset(data)
            all_valid(form, issues)
            form.add_error(None, changed_meanwhile_message(crossed, request.user, "assessment"))
            saved_rows = own_answers(changed_meanwhile, criteria) if changed_meanwhile else []
        except AssessmentIncomplete as refused:
            form.mark_incomplete(refused)
        except IllegalTransition as refused:
            form.add_error(None, str(refused))
        else:
            if submit:
                messages.success(request, "Your assessment has been submitted. You can now read the other readers'")
            else:
                messages.success(request, "Your draft assessment has been saved")
            return redirect("panel:assessment", pk=reading.pk)
    return render(request, "panel/assessment_form.html", {
        "reading": reading, "item": item, "form": form, "issues": issues,
        "changed_meanwhile": changed_meanwhile, "saved_rows": saved_rows,
        "page_has_errors": bool(error_links(form, issues)), **prescreen_context(item),
    })


def prescreen_context(item):
    """The pre-screen of the item's version, as the CSP left it, for the top of the reader's page."""
    return {
        "prescreen_summary": prescreen_summary.summary(item.submission),
        "prescreen_groups": prescreen_summary.by_check(prescreen_findings(item.submission)),
    }


def _open(item):
    """Readers may still save and submit: the papers are out and the Panel has not recorded its verdict."""
    return item.meeting.status in ASSESSING and getattr(item, "verdict", None) is None


def _forms(request, criteria, outcomes, own):
    kwargs = {"criteria": criteria, "outcomes": outcomes}
    if request.method != "POST":
        return AssessmentForm(initial=initial_answers(own), **kwargs), issues_formset(assessment=own)
    if "add_issue" in request.POST:
        return shown_unchecked(AssessmentForm(request.POST, **kwargs)), issues_with_row_added(request.POST)
    return AssessmentForm(request.POST, **kwargs), issues_formset(request.POST)



def _show(request, reading, own):
    """The assessment read back: submitted, or a draft once assessments are closed."""
    item = reading.agenda_item
    rows = own_answers(own, criteria_for(item.submission.review.kind)) if own else []
    return render(request, "panel/assessment_detail.html", {
        "reading": reading, "item": item, "assessment": own, "rows": rows,
        "closed": not _open(item), **prescreen_context(item),
    })


@require_safe
def item_assessments(request, pk):
    """The submitted assessments of an item side by side, criterion by criterion, and whether the readers agree."""
    item = get_object_or_404(item_for_assessments(request.user), pk=pk)
    user = request.user
    if not user.has_perm("panel.read_assessments", item):
        if user.has_perm("panel.assess", item):
            if _open(item):
                messages.info(request, "Submit your own assessment before reading the other readers'")
            else:
                messages.info(request, "Only readers who submitted their assessment can read the other readers'")
            return redirect("panel:assessment", pk=own_assignment(item, user).pk)
        raise Http404
    readings = assessments_of_item(item)
    summary = side_by_side(readings, criteria_for(item.submission.review.kind))
    return render(request, "panel/assessments.html", {"item": item, "summary": summary})
