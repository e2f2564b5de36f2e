"""Opening the review or version a URL names, for the signed-in user, or 404."""

from django.http import Http404

from dhrqa.permissions import get_permitted_or_404, require_perm
from submissions.queries import reviews_for_user, submissions_for_user


def visible_review(request, reference, queryset=None):
    queryset = reviews_for_user(request.user) if queryset is None else queryset
    return get_permitted_or_404(request.user, "submissions.view_review", queryset, reference=reference)


def visible_version(request, reference, number):
    """Version `number` of the review, if the user may see it (the Home Office never sees drafts)."""
    submission = (
        submissions_for_user(request.user)
        .filter(review__reference=reference, number=number)
        .select_related("review__csp", "intake__decided_by", "submitted_by", "declaration_by")
        .first()
    )
    if submission is None or not request.user.has_perm("submissions.view_review", submission.review):
        raise Http404
    return submission


def draft_to_prepare(request, reference, number):
    """A version the user may prepare: their own CSP's (403 for anyone else who can see it)."""
    submission = visible_version(request, reference, number)
    require_perm(request.user, "submissions.prepare_submission", submission)
    return submission
