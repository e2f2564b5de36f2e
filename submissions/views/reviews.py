from django.shortcuts import render

from dhrqa.pagination import paginate
from submissions.enums import NEXT_VERSION_AFTER, WITHDRAWABLE
from submissions.queries import review_detail_for_user, review_list_for_user
from submissions.timeline import timeline
from submissions.views.objects import visible_review


def review_list(request):
    reviews = paginate(request, review_list_for_user(request.user).order_by("-registered_at", "-id"))
    return render(request, "submissions/review_list.html", {"reviews": reviews, "page_obj": reviews})


def review_detail(request, reference):
    review = visible_review(request, reference, review_detail_for_user(request.user))
    versions = list(review.submissions.all())
    latest = versions[0] if versions else None
    return render(request, "submissions/review_detail.html", {
        "review": review,
        "versions": versions,
        "latest": latest,
        "timeline": timeline(review, request.user),
        "can_start_version": request.user.has_perm("submissions.start_version", review)
        and latest is not None and latest.status in NEXT_VERSION_AFTER,
        "can_withdraw": latest is not None and latest.status in WITHDRAWABLE
        and request.user.has_perm("submissions.withdraw_submission", latest),
    })
