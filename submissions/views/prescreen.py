"""The pre-screen of a version: its findings, and the CSP marking one "considered, no change" or undoing it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from dhrqa.transitions import IllegalTransition
from submissions import prescreen_summary
from submissions.forms.prescreen import ConsiderForm
from submissions.models import PrescreenFinding
from submissions.queries import prescreen_findings
from submissions.services.prescreen import consider_finding, reopen_finding
from submissions.views.objects import draft_to_prepare, preparing_drafts, visible_version


def _findings_url(submission, anchor=""):
    url = reverse("submissions:prescreen", kwargs={"reference": submission.review.reference,
                                                   "number": submission.number})
    return f"{url}#{anchor}" if anchor else url


@never_cache
@require_safe
def prescreen(request, reference, number):
    """The findings grouped by check, each with its passage, where it is, why it matters and what instead."""
    submission = visible_version(request, reference, number)
    preparing = submission.is_draft and request.user.has_perm("submissions.consider_prescreen_finding", submission)
    findings = list(prescreen_findings(submission))
    return render(request, "submissions/prescreen.html", {
        "submission": submission, "review": submission.review, "preparing": preparing,
        "summary": prescreen_summary.summary(submission), "groups": prescreen_summary.by_check(findings),
    })


@never_cache
@preparing_drafts
def finding_consider(request, reference, number, pk):
    submission = draft_to_prepare(request, reference, number)
    finding = get_object_or_404(PrescreenFinding, pk=pk, submission=submission)
    form = ConsiderForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            consider_finding(finding=finding, reason=form.cleaned_data["reason"], considered_by=request.user)
        except IllegalTransition as refused:
            messages.error(request, str(refused))
            return redirect(_findings_url(submission))
        messages.success(request, "The finding is marked as considered, no change")
        return redirect(_findings_url(submission, f"finding-{finding.pk}"))
    return render(request, "submissions/prescreen_consider.html", {
        "form": form, "submission": submission, "finding": finding,
    })


@require_POST
@preparing_drafts
def finding_reopen(request, reference, number, pk):
    submission = draft_to_prepare(request, reference, number)
    finding = get_object_or_404(PrescreenFinding, pk=pk, submission=submission)
    try:
        reopen_finding(finding=finding, reopened_by=request.user)
    except IllegalTransition as refused:
        messages.error(request, str(refused))
        return redirect(_findings_url(submission))
    messages.success(request, "The finding is open again")
    return redirect(_findings_url(submission, f"finding-{finding.pk}"))
