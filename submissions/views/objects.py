"""Opening the review or version a URL names, for the signed-in user, or 404."""

import functools

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect

from dhrqa.permissions import get_permitted_or_404, require_perm
from submissions.queries import reviews_for_user, submissions_for_user

SENT = "This version has been sent and can no longer be changed"


class NotADraft(Exception):
    """The version asked for has been sent: its pages that change it are closed."""

    def __init__(self, submission):
        super().__init__(SENT)
        self.submission = submission


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
    """A draft the user may prepare: their own CSP's (403 for anyone else who can see it).

    Raises NotADraft once the version has been sent; views that call this
    are wrapped in `preparing_drafts`, which sends the officer back to it.
    """
    submission = visible_version(request, reference, number)
    require_perm(request.user, "submissions.prepare_submission", submission)
    if not submission.is_draft:
        raise NotADraft(submission)
    return submission


def preparing_drafts(view):
    """A page that changes a draft: for a sent version, back to the version's page with a message."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotADraft as sent:
            # The documents page's upload component asks for JSON and shows `error.message`.
            if request.get_preferred_type(["text/html", "application/json"]) == "application/json":
                return JsonResponse({"error": {"message": str(sent)}}, status=409)
            messages.error(request, str(sent))
            return redirect("submissions:version_detail", reference=sent.submission.review.reference,
                            number=sent.submission.number)

    return wrapper
