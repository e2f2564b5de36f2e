"""Which outcome set and criteria apply to an agenda item: both are data, chosen by kind of case and date."""

from django.db.models import Q

from panel.enums import CriterionScope
from panel.models import Criterion, OutcomeSet
from panel.refusals import NoOutcomeSet, OutcomeNotInForce


def outcome_set_in_force(case_kind, on_date):
    """The newest outcome set for `case_kind` in force on `on_date`, with its outcomes, or None."""
    return (
        OutcomeSet.objects.filter(case_kind=case_kind, in_force_from__lte=on_date)
        .prefetch_related("outcomes").order_by("-in_force_from").first()
    )


def outcome_set_for_item(item):
    """The outcome set a verdict on `item` (with its submission's review and meeting loaded) comes from."""
    outcome_set = outcome_set_in_force(item.submission.review.kind, item.meeting.date)
    if outcome_set is None:
        raise NoOutcomeSet(f"No outcome set was in force on {item.meeting.date:%-d %B %Y} for this kind of case")
    return outcome_set


def outcome_in_set(outcome_set, code):
    """The outcome with `code` in `outcome_set`, or OutcomeNotInForce."""
    for outcome in outcome_set.outcomes.all():
        if outcome.code == code:
            return outcome
    raise OutcomeNotInForce(f"Choose one of the outcomes the Panel uses for this case: "
                            f"{', '.join(o.label for o in outcome_set.outcomes.all())}")


def criteria_for(case_kind):
    """The criteria readers judge this kind of case against, in order."""
    return Criterion.objects.filter(Q(applies_to=CriterionScope.ALL) | Q(applies_to=case_kind), is_active=True)
