"""The reviews, submissions and documents a user may see."""

from django.db.models import Prefetch

from dhrqa.permissions import scoped_to_user
from panel.models import AgendaItem
from submissions.enums import SubmissionStatus
from submissions.models import Document, Review, Submission


def reviews_for_user(user):
    return scoped_to_user(Review.objects.select_related("csp"), user, csp_lookup="csp_id")


def review_list_for_user(user):
    latest_first = Submission.objects.order_by("-number")
    return reviews_for_user(user).prefetch_related(Prefetch("submissions", queryset=latest_first))


def review_detail_for_user(user):
    return reviews_for_user(user).prefetch_related(
        Prefetch(
            "submissions",
            queryset=Submission.objects.order_by("-number").prefetch_related(
                "documents", Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("meeting"))
            ),
        )
    )


def submissions_for_home_office():
    return Submission.objects.select_related("review__csp", "submitted_by").order_by("submitted_at", "id")


def submissions_awaiting_meeting():
    return submissions_for_home_office().filter(status=SubmissionStatus.SUBMITTED)


def documents_for_user(user):
    documents = Document.objects.select_related("submission__review__csp")
    return scoped_to_user(documents, user, csp_lookup="submission__review__csp_id")
