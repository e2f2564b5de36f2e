"""Recording the Panel's verdict on an agenda item."""

from django.db import transaction

from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.transitions import IllegalTransition
from panel.enums import ERA_BY_CASE_KIND, OUTCOMES_BY_ERA
from panel.models import AgendaItem, NationalRecommendationResponse, Verdict, VerdictIssue
from submissions.services.panel_steps import mark_decided


def era_for(agenda_item):
    """The outcome set a verdict on this agenda item is chosen from."""
    return ERA_BY_CASE_KIND[agenda_item.submission.review.kind]


def record_verdict(*, agenda_item, recorded_by, outcome, commendation, issues, national_responses, era=None):
    """Record the verdict for one agenda item.

    `issues` is a list of texts; `national_responses` a list of
    (recommendation numbers, response text) pairs, both in letter order.

    1. Have submissions lock the submission and move it to "decided" (it
       checks the move); refuse a second verdict.
    2. Check the outcome belongs to the era (by default, the one for this
       kind of case).
    3. Save the verdict, its issues and its responses; write the audit event.
    """
    with transaction.atomic():
        agenda_item = AgendaItem.objects.select_related("submission__review").get(pk=agenda_item.pk)
        era = era or era_for(agenda_item)
        if outcome not in OUTCOMES_BY_ERA[era]:
            raise IllegalTransition("Choose an outcome the Panel uses for this kind of case")
        if Verdict.objects.filter(agenda_item=agenda_item).exists():
            raise IllegalTransition("A verdict has already been recorded for this review")
        mark_decided(submission=agenda_item.submission)
        verdict = Verdict.objects.create(
            agenda_item=agenda_item, era=era, outcome=outcome,
            commendation=commendation.strip(), recorded_by=recorded_by,
        )
        VerdictIssue.objects.bulk_create(
            VerdictIssue(verdict=verdict, position=position, text=text)
            for position, text in enumerate(issues, start=1)
        )
        NationalRecommendationResponse.objects.bulk_create(
            NationalRecommendationResponse(
                verdict=verdict, position=position, recommendation_numbers=list(numbers), text=text
            )
            for position, (numbers, text) in enumerate(national_responses, start=1)
        )
        record(recorded_by, AuditAction.VERDICT_RECORDED, verdict, outcome=outcome,
               review=agenda_item.submission.review,
               issues=len(issues), national_responses=len(national_responses))
    return verdict
