"""A draft version's recommendations: typed one by one, or imported from the action plan template."""

from django.db import transaction
from django.db.models import Max

from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.transitions import IllegalTransition
from submissions.enums import NationalBody, RecommendationScope
from submissions.models import Recommendation
from submissions.services.versions import draft_changed, locked_draft

class NumberTaken(IllegalTransition):
    """Another recommendation of the version already has this number."""


FIELDS = ("number", "text", "scope", "national_body", "national_body_other", "lead_agency", "action", "target_date")


def _values(row):
    """The model's fields from a dict or a RecommendationRow, with the national body only when national.

    Raises IllegalTransition for a national recommendation that does not say who it is addressed to.
    """
    values = {name: (row[name] if isinstance(row, dict) else getattr(row, name)) for name in FIELDS}
    if values["scope"] != RecommendationScope.NATIONAL:
        values["national_body"] = values["national_body_other"] = ""
    elif not values["national_body"]:
        raise IllegalTransition(f"Select the national body recommendation {values['number']} is addressed to")
    elif values["national_body"] != NationalBody.OTHER:
        values["national_body_other"] = ""
    elif not values["national_body_other"]:
        raise IllegalTransition(f"Enter the name of the national body recommendation {values['number']} "
                                "is addressed to")
    values["target_date"] = values["target_date"] or None
    return values


def _check_number_free(submission, number, *, except_pk=None):
    taken = submission.recommendations.filter(number=number).exclude(pk=except_pk)
    if taken.exists():
        raise NumberTaken(f"There is already a recommendation numbered {number}")


def add_recommendation(*, submission, row, changed_by):
    """Add one recommendation at the end of a draft's list."""
    with transaction.atomic():
        submission = locked_draft(submission)
        values = _values(row)
        _check_number_free(submission, values["number"])
        last = submission.recommendations.aggregate(last=Max("position"))["last"] or 0
        recommendation = Recommendation.objects.create(submission=submission, position=last + 1, **values)
        draft_changed(submission)
        record(changed_by, AuditAction.RECOMMENDATIONS_CHANGED, recommendation, review=submission.review,
               version=submission.number, change="added", number=values["number"])
    return recommendation


def change_recommendation(*, recommendation, row, changed_by):
    """Change one recommendation of a draft."""
    with transaction.atomic():
        submission = locked_draft(recommendation.submission)
        recommendation = submission.recommendations.get(pk=recommendation.pk)
        values = _values(row)
        _check_number_free(submission, values["number"], except_pk=recommendation.pk)
        changed = sorted(name for name, value in values.items() if getattr(recommendation, name) != value)
        if not changed:
            return recommendation
        for name, value in values.items():
            setattr(recommendation, name, value)
        recommendation.save()
        draft_changed(submission)
        record(changed_by, AuditAction.RECOMMENDATIONS_CHANGED, recommendation, review=submission.review,
               version=submission.number, change="changed", number=values["number"], fields=changed)
    return recommendation


def remove_recommendation(*, recommendation, changed_by):
    """Remove one recommendation from a draft."""
    with transaction.atomic():
        submission = locked_draft(recommendation.submission)
        recommendation = submission.recommendations.get(pk=recommendation.pk)
        recommendation.delete()
        draft_changed(submission)
        record(changed_by, AuditAction.RECOMMENDATIONS_CHANGED, recommendation, review=submission.review,
               version=submission.number, change="removed", number=recommendation.number)


def replace_recommendations(*, submission, rows, changed_by):
    """Replace all of a draft's recommendations with imported rows, in their order; all or nothing."""
    with transaction.atomic():
        submission = locked_draft(submission)
        values = [_values(row) for row in rows]
        numbers = [value["number"] for value in values]
        if len(set(numbers)) != len(numbers):
            raise IllegalTransition("Each recommendation needs its own number")
        removed = submission.recommendations.count()
        submission.recommendations.all().delete()
        Recommendation.objects.bulk_create(
            Recommendation(submission=submission, position=position, **value)
            for position, value in enumerate(values, start=1)
        )
        draft_changed(submission)
        record(changed_by, AuditAction.RECOMMENDATIONS_CHANGED, submission, review=submission.review,
               version=submission.number, change="imported", removed=removed, added=len(values))
