"""The Panel's part of a review's page, which the submissions app shows without importing this one."""

from django import template

from django.db.models import Prefetch

from panel.models import RoutedRecommendationMove
from panel.queries import agenda_items_for_review, letters_for_user, routed_for_csp_review

register = template.Library()


@register.inclusion_tag("panel/includes/review_panel_part.html", takes_context=True)
def review_panel_part(context, review):
    """{% review_panel_part review %}: the meetings the review went to and the letters the user may read."""
    user = context["request"].user
    letters = letters_for_user(user).filter(verdict__agenda_item__submission__review=review).order_by("-letter_date")
    return {"user": user, "review": review, "items": list(agenda_items_for_review(review)), "letters": list(letters)}


@register.inclusion_tag("panel/includes/review_national_part.html", takes_context=True)
def review_national_part(context, review):
    """{% review_national_part review %}: each national recommendation's body, status and the body's latest note."""
    user = context["request"].user
    notes = RoutedRecommendationMove.objects.exclude(note="").exclude(from_status="").order_by("-moved_at", "-id")
    routed = list(routed_for_csp_review(user, review).prefetch_related(Prefetch("moves", queryset=notes,
                                                                                to_attr="notes")))
    for item in routed:
        item.latest_note = item.notes[0].note if item.notes else ""
    return {"routed": routed}
