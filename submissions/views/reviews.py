from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render

from dhrqa.permissions import get_permitted_or_404, require_perm
from panel.queries import issued_letters_for_review
from submissions.forms import ReviewSubmissionForm
from submissions.queries import review_detail_for_user, review_list_for_user
from submissions.services.reviews import submit_new_review
from submissions.uploads import describe_size


def review_list(request):
    reviews = review_list_for_user(request.user)
    return render(request, "submissions/review_list.html", {"reviews": reviews})


def review_create(request):
    require_perm(request.user, "submissions.register_review")
    form = ReviewSubmissionForm(request.POST or None, request.FILES or None)
    if getattr(request, "upload_too_large", False):
        form.refuse_oversized_request()
    elif request.method == "POST" and form.is_valid():
        review = submit_new_review(officer=request.user, details=form.review_details(), files=form.documents())
        messages.success(request, f"Review {review.reference} has been submitted to the Home Office")
        return redirect("submissions:review_detail", reference=review.reference)
    return render(request, "submissions/review_create.html", {
        "form": form, "max_upload": describe_size(settings.DHRQA_MAX_UPLOAD_BYTES),
    })


def review_detail(request, reference):
    review = get_permitted_or_404(
        request.user, "submissions.view_review", review_detail_for_user(request.user), reference=reference
    )
    return render(request, "submissions/review_detail.html", {
        "review": review,
        "submissions": review.submissions.all(),
        "letters": issued_letters_for_review(review),
    })
