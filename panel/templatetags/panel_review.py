"""The Panel's part of a review's page, which the submissions app shows without importing this one."""

import rules
from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch

from panel.enums import NATIONAL_SENDING_KINDS, NationalMoveKind
from panel.models import RoutedRecommendationMove
from panel.queries import agenda_items_for_review, letters_for_user, routed_for_csp_review
from panel.services.publications import approval_letter_date

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
    steps = RoutedRecommendationMove.objects.order_by("id")
    routed = list(routed_for_csp_review(user, review).prefetch_related(Prefetch("moves", queryset=steps,
                                                                                to_attr="steps")))
    for item in routed:
        item.latest_note = body_response(item.steps)
    return {"routed": routed}


def body_response(steps):
    """The note of the body's latest step since the recommendation was sent to it, or "".

    Only the body's own steps are its response: not the routing, nor the secretariat's re-routing note, nor what
    the body it was routed to before said (the steps before the latest sending).
    """
    for step in reversed(steps):
        if step.kind in NATIONAL_SENDING_KINDS:
            return ""
        if step.kind == NationalMoveKind.MOVED and step.note:
            return step.note
    return ""


@register.inclusion_tag("panel/includes/publication.html", takes_context=True)
def review_publication(context, review):
    """{% review_publication review %}: where and when the report was published, and, for its CSP once the
    letter approving it is issued, the link to record it. `review` comes with its publication selected
    (submissions.queries.review_detail_for_user); one query more for the CSP until it is recorded."""
    user = context["request"].user
    if not review.is_review:
        return {"shown": False}
    try:
        publication = review.publication
    except ObjectDoesNotExist:
        publication = None
    can_record = rules.has_perm("panel.record_publication", user, review) and (
        publication is not None or approval_letter_date(review) is not None)
    return {"shown": True, "review": review, "publication": publication, "can_record": can_record}
