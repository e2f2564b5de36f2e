from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from dhrqa.permissions import require_perm
from dhrqa.transitions import IllegalTransition
from submissions import tasklist
from submissions.enums import SubmissionStatus
from submissions.forms.intake import ACCEPT, IntakeForm
from submissions.services.intake import accept_submission, return_submission
from submissions.views.objects import visible_version


@never_cache
def intake(request, reference, number):
    """The secretariat checks a received version and accepts or returns it."""
    submission = visible_version(request, reference, number)
    require_perm(request.user, "submissions.check_intake", submission)
    if submission.status != SubmissionStatus.SUBMITTED:
        messages.info(request, f"{reference} version {number} has already been checked")
        return redirect("submissions:version_detail", reference=reference, number=number)
    posted = request.POST if request.method == "POST" else None
    form = IntakeForm(posted, kind=submission.review.kind)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == ACCEPT:
                accept_submission(submission=submission, accepted_by=request.user, ticked=data["ticked"])
                messages.success(request, f"{reference} version {number} has been accepted for a Panel meeting")
            else:
                return_submission(submission=submission, returned_by=request.user, ticked=data["ticked"],
                                  reasons=data["reason_list"])
                messages.success(request, f"{reference} version {number} has been returned to the CSP")
        except IllegalTransition as refused:
            messages.error(request, str(refused))
        return redirect("submissions:version_detail", reference=reference, number=number)
    context = tasklist.version_context(submission, preparing=False)
    context["form"] = form
    return render(request, "submissions/intake.html", context)
