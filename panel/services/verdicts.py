"""Recording the Panel's verdict on an agenda item."""

from django.db import transaction

from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.transitions import IllegalTransition, check_transition
from panel.enums import CURRENT_ERA, OUTCOMES_BY_ERA
from panel.models import AgendaItem, NationalRecommendationResponse, Verdict, VerdictIssue
from submissions.enums import SUBMISSION_TRANSITIONS, SubmissionStatus
from submissions.models import Submission


def record_verdict(*, agenda_item, recorded_by, outcome, commendation, issues, national_responses,
                   era=CURRENT_ERA):
    """Record the verdict for one agenda item.

    `issues` is a list of texts; `national_responses` a list of
    (recommendation numbers, response text) pairs, both in letter order.

    1. Lock the agenda item's submission and check it may be decided.
    2. Check the outcome belongs to the era.
    3. Save the verdict, its issues and its responses.
    4. Move the submission to "decided" and write the audit event.
    """
    if outcome not in OUTCOMES_BY_ERA[era]:
        raise IllegalTransition("Choose an outcome the Panel uses today")
    with transaction.atomic():
        agenda_item = AgendaItem.objects.select_related("submission__review").get(pk=agenda_item.pk)
        submission = Submission.objects.select_for_update().get(pk=agenda_item.submission_id)
        if Verdict.objects.filter(agenda_item=agenda_item).exists():
            raise IllegalTransition("A verdict has already been recorded for this review")
        check_transition(
            SUBMISSION_TRANSITIONS, submission.status, SubmissionStatus.DECIDED,
            "This review is not waiting for a verdict",
        )
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
        submission.status = SubmissionStatus.DECIDED
        submission.save(update_fields=["status"])
        record(recorded_by, AuditAction.VERDICT_RECORDED, verdict, outcome=outcome,
               review=agenda_item.submission.review.reference,
               issues=len(issues), national_responses=len(national_responses))
    return verdict
