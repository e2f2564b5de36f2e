"""A version's page (the task list while it is a draft) and the steps that send or withdraw it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from dhrqa.permissions import require_perm
from dhrqa.transitions import IllegalTransition
from submissions import tasklist
from submissions.enums import WITHDRAWABLE
from submissions.forms.versions import DeclarationForm, IssueAnswersForm, WithdrawForm
from submissions.queries import previous_version
from submissions.services.versions import (
    SubmissionIncomplete,
    answer_issues,
    issues_to_answer,
    make_declaration,
    start_next_version,
    submit_submission,
    withdraw_submission,
)
from submissions.views.objects import draft_to_prepare, preparing_drafts, visible_review, visible_version


def _to_version(submission):
    return redirect("submissions:version_detail", reference=submission.review.reference, number=submission.number)


def version_detail(request, reference, number):
    """A draft's task list for its CSP; for everyone else, or once sent, what the version holds."""
    submission = visible_version(request, reference, number)
    preparing = submission.is_draft and request.user.has_perm("submissions.prepare_submission", submission)
    context = tasklist.version_context(submission, preparing=preparing)
    return render(request, "submissions/version_detail.html", context)


@require_POST
def version_start(request, reference):
    review = visible_review(request, reference)
    require_perm(request.user, "submissions.start_version", review)
    try:
        draft = start_next_version(review=review, started_by=request.user)
    except IllegalTransition as refused:
        messages.error(request, str(refused))
        return redirect("submissions:review_detail", reference=review.reference)
    messages.success(request, f"Version {draft.number} has been started from version {draft.number - 1}")
    return _to_version(draft)


@never_cache
@preparing_drafts
def issues_answer(request, reference, number):
    submission = draft_to_prepare(request, reference, number)
    issues = list(issues_to_answer(submission))
    answered = {response.issue_id: response.text for response in submission.issue_responses.all()}
    posted = request.POST if request.method == "POST" else None
    form = IssueAnswersForm(posted, issues=issues,
                            initial={f"issue_{pk}": text for pk, text in answered.items()})
    if request.method == "POST" and form.is_valid():
        try:
            answer_issues(submission=submission, answered_by=request.user, answers=form.answers())
        except IllegalTransition as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "Your answers have been saved")
        return _to_version(submission)
    return render(request, "submissions/issues_answer.html", {
        "form": form, "submission": submission, "previous": previous_version(submission),
    })


@never_cache
@preparing_drafts
def declaration(request, reference, number):
    submission = draft_to_prepare(request, reference, number)
    posted = request.POST if request.method == "POST" else None
    form = DeclarationForm(posted, initial={"confirm": submission.declaration_at is not None})
    if request.method == "POST" and form.is_valid():
        try:
            make_declaration(submission=submission, declared_by=request.user)
        except IllegalTransition as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "You have made the declaration")
        return _to_version(submission)
    return render(request, "submissions/declaration.html", {"form": form, "submission": submission})


@never_cache
@preparing_drafts
def submit(request, reference, number):
    submission = draft_to_prepare(request, reference, number)
    problems = []
    if request.method == "POST":
        try:
            submit_submission(submission=submission, submitted_by=request.user)
        except SubmissionIncomplete as incomplete:
            problems = incomplete.problems
        except IllegalTransition as refused:
            messages.error(request, str(refused))
            return _to_version(submission)
        else:
            messages.success(request, f"Version {submission.number} of {submission.review.reference} has been "
                                      "sent to the Home Office")
            return redirect("submissions:review_detail", reference=submission.review.reference)
    context = tasklist.version_context(submission, preparing=True)
    context["problems"] = problems
    return render(request, "submissions/submit.html", context)


@never_cache
def withdraw(request, reference, number):
    submission = visible_version(request, reference, number)
    require_perm(request.user, "submissions.withdraw_submission", submission)
    if submission.status not in WITHDRAWABLE:
        messages.info(request, "Only a version that is not yet on a meeting's agenda can be withdrawn")
        return redirect("submissions:review_detail", reference=submission.review.reference)
    posted = request.POST if request.method == "POST" else None
    form = WithdrawForm(posted)
    if request.method == "POST" and form.is_valid():
        try:
            withdraw_submission(submission=submission, withdrawn_by=request.user, reason=form.cleaned_data["reason"])
        except IllegalTransition as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"Version {submission.number} has been withdrawn")
        return redirect("submissions:review_detail", reference=submission.review.reference)
    return render(request, "submissions/withdraw.html", {"form": form, "submission": submission})
