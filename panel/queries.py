"""Meetings, agenda items and letters a user may see."""

from django.db.models import Count, Prefetch

from dhrqa.permissions import scoped_to_user
from panel.enums import LetterStatus
from panel.models import AgendaItem, Letter, Meeting
from submissions.models import Document


def meeting_list():
    return Meeting.objects.select_related("chair").annotate(item_count=Count("agenda_items"))


def meeting_detail():
    items = (
        AgendaItem.objects.select_related("submission__review__csp", "verdict")
        .prefetch_related("submission__review__people").order_by("position")
    )
    return Meeting.objects.select_related("chair").prefetch_related(Prefetch("agenda_items", queryset=items))


def agenda_item_detail():
    return AgendaItem.objects.select_related(
        "meeting__chair", "submission__review__csp", "verdict__recorded_by"
    ).prefetch_related(
        "submission__review__people",
        Prefetch("submission__documents", queryset=Document.objects.select_related("stored_file")),
        "verdict__issues",
        "verdict__national_responses",
        Prefetch("verdict__letters", queryset=Letter.objects.select_related("signed_by", "issued_by")),
    )


def letters_for_user(user):
    letters = Letter.objects.select_related(
        "verdict__agenda_item__meeting__chair",
        "verdict__agenda_item__submission__review__csp",
        "signed_by",
        "issued_by",
    )
    if not user.works_for_home_office:
        # A CSP sees its letters only once they are issued.
        letters = letters.filter(status=LetterStatus.ISSUED)
    return scoped_to_user(letters, user, csp_lookup="verdict__agenda_item__submission__review__csp_id")


def agenda_items_for_review(review):
    """Every time the review's versions went before a meeting, oldest first."""
    return (
        AgendaItem.objects.filter(submission__review=review)
        .select_related("meeting", "submission").order_by("meeting__date", "id")
    )
