"""The Panel's part of a review's page, which the submissions app shows without importing this one."""

from django import template

from panel.queries import agenda_items_for_review, letters_for_user

register = template.Library()


@register.inclusion_tag("panel/includes/review_panel_part.html", takes_context=True)
def review_panel_part(context, review):
    """{% review_panel_part review %}: the meetings the review went to and the letters the user may read."""
    user = context["request"].user
    letters = letters_for_user(user).filter(verdict__agenda_item__submission__review=review).order_by("-letter_date")
    return {"user": user, "review": review, "items": list(agenda_items_for_review(review)), "letters": list(letters)}
