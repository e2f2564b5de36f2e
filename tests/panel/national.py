"""Routed national recommendations built directly in the state a test needs (routing itself is tested through
confirm_verdict in test_national_tracker.py)."""

import datetime

from panel.enums import NationalMoveKind, NationalStatus
from panel.models import RoutedRecommendation, RoutedRecommendationMove
from submissions.enums import RecommendationScope
from tests.factories import RecommendationFactory, VerdictFactory

SENT_ON = datetime.date(2026, 6, 1)
DUE_ON = datetime.date(2026, 8, 30)


def routed(*, body="home_office", status=NationalStatus.SENT, csp=None, verdict=None, number="3",
           sent_on=SENT_ON, due_on=DUE_ON, body_other="", **fields):
    """One national recommendation routed to `body`, at `status`, with its first history row."""
    verdict = verdict or VerdictFactory(**({"agenda_item__submission__review__csp": csp} if csp else {}))
    submission = verdict.agenda_item.submission
    recommendation = RecommendationFactory(
        submission=submission, number=number, scope=RecommendationScope.NATIONAL,
        national_body=body, national_body_other=body_other,
        text=f"The {body.replace('_', ' ')} should issue guidance on risk ({number}).")
    fields.setdefault("routed_as_body", body)
    fields.setdefault("routed_as_other", body_other)
    if status == NationalStatus.DECLINED:
        fields.setdefault("decline_reason", "It is for another department.")
    row = RoutedRecommendation.objects.create(
        recommendation=recommendation, verdict=verdict, review=submission.review, csp_id=submission.review.csp_id,
        body=body, body_other=body_other, number=number, text=recommendation.text,
        panel_response="The Home Office will discuss this with the department.", status=status,
        sent_on=sent_on, due_on=due_on, **fields)
    RoutedRecommendationMove.objects.create(routed=row, kind=NationalMoveKind.ROUTED, to_status=NationalStatus.SENT,
                                            note="Routed")
    return row
