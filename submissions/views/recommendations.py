"""A draft version's recommendations: the list, one at a time, and the spreadsheet import."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from dhrqa.transitions import IllegalTransition
from submissions.action_plan_xlsx import template_workbook
from submissions.forms.recommendations import ConfirmRemoveForm, RecommendationForm, RecommendationsImportForm
from submissions.services.recommendations import (
    NumberTaken,
    add_recommendation,
    change_recommendation,
    remove_recommendation,
    replace_recommendations,
)
from submissions.views.objects import draft_to_prepare, preparing_drafts, visible_version

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _to_list(submission):
    return redirect("submissions:recommendations", reference=submission.review.reference, number=submission.number)


def recommendation_list(request, reference, number):
    submission = visible_version(request, reference, number)
    preparing = submission.is_draft and request.user.has_perm("submissions.prepare_submission", submission)
    return render(request, "submissions/recommendation_list.html", {
        "submission": submission, "review": submission.review, "preparing": preparing,
        "recommendations": submission.recommendations.order_by("position"),
    })


@never_cache
@preparing_drafts
def recommendation_add(request, reference, number):
    submission = draft_to_prepare(request, reference, number)
    return _recommendation_form(
        request, submission, heading="Add a recommendation",
        save=lambda row: add_recommendation(submission=submission, row=row, changed_by=request.user),
        saved="{} has been added",
    )


@never_cache
@preparing_drafts
def recommendation_change(request, reference, number, pk):
    submission = draft_to_prepare(request, reference, number)
    recommendation = get_object_or_404(submission.recommendations, pk=pk)

    def save(row):
        change_recommendation(recommendation=recommendation, row=row, changed_by=request.user)
        return recommendation  # the banner names it by the number it had

    return _recommendation_form(
        request, submission, heading=f"Change recommendation {recommendation.number}",
        initial={name: getattr(recommendation, name) for name in RecommendationForm.base_fields},
        save=save, saved="{} has been changed",
    )


def _recommendation_form(request, submission, *, heading, save, saved, initial=None):
    """The form page for one recommendation: `save(row)` adds or changes it; `saved` words the banner."""
    form = RecommendationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = save(form.row())
        except NumberTaken as taken:
            form.add_error("number", str(taken))
        except IllegalTransition as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, saved.format(recommendation))
            return _to_list(submission)
    return render(request, "submissions/recommendation_form.html", {
        "form": form, "submission": submission, "heading": heading,
    })


@never_cache
@preparing_drafts
def recommendation_remove(request, reference, number, pk):
    submission = draft_to_prepare(request, reference, number)
    recommendation = get_object_or_404(submission.recommendations, pk=pk)
    posted = request.POST if request.method == "POST" else None
    form = ConfirmRemoveForm(posted, label="Remove recommendation")
    if request.method == "POST" and form.is_valid():
        try:
            remove_recommendation(recommendation=recommendation, changed_by=request.user)
        except IllegalTransition as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"{recommendation} has been removed")
        return _to_list(submission)
    return render(request, "submissions/recommendation_remove.html", {
        "form": form, "submission": submission, "recommendation": recommendation,
    })


@never_cache
@preparing_drafts
def recommendations_import(request, reference, number):
    """Import every row of the filled-in template, all or nothing; each unreadable row is named."""
    submission = draft_to_prepare(request, reference, number)
    posted = request.method == "POST"
    form = RecommendationsImportForm(request.POST if posted else None, request.FILES if posted else None,
                                     raw_names=request.upload_names, refused=getattr(request, "upload_refused", None))
    row_errors = []
    if posted and form.is_valid():
        rows, row_errors = form.result.rows, form.result.errors
        if not row_errors:
            try:
                replace_recommendations(submission=submission, rows=rows, changed_by=request.user)
            except IllegalTransition as refused:
                form.add_error("spreadsheet", str(refused))
            else:
                messages.success(request, "1 recommendation has been imported" if len(rows) == 1
                                 else f"{len(rows)} recommendations have been imported")
                return _to_list(submission)
    return render(request, "submissions/recommendations_import.html", {
        "form": form, "submission": submission, "row_errors": row_errors,
        "existing": submission.recommendations.count(),
    })


def recommendations_template(request):
    response = HttpResponse(template_workbook(), content_type=XLSX_MEDIA_TYPE)
    response["Content-Disposition"] = 'attachment; filename="dhr-action-plan-recommendations-template.xlsx"'
    return response
