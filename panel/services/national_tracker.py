"""National recommendations routed to the bodies named: routing, each body's moves, re-routing and chasers.

A confirmed verdict routes each national recommendation it answers to the body its response names
(route_verdict). The body's responders then move it through NATIONAL_MOVES, one service function a move;
the secretariat re-routes what went to an "Other" body, and chases overdue answers (so does Celery beat).
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import AuditAction, NationalBody, Role
from dhrqa.models import User
from dhrqa.transitions import check_move
from panel.enums import AWAITING_ANSWER, NATIONAL_MOVES, NationalMoveKind, NationalStatus
from panel.models import NationalRecommendationResponse, RoutedRecommendation, RoutedRecommendationMove
from panel.refusals import DeclineReasonRequired, NationalChangedMeanwhile, NationalMoveRefused, RerouteRefused
from panel.services import notices


def route_verdict(verdict, *, routed_by):
    """Route each national recommendation the confirmed verdict answers to the body its response names.

    Call it inside the transaction that confirms (or changes) the verdict.

    1. Lock the verdict's routed recommendations (a re-route at the same time
       waits, then sees what this did).
    2. For each recommendation and the body its response names, find its
       routed recommendation: the one routed as that body (wherever the
       secretariat re-routed it since), or the one at that body now. Found:
       nothing is routed twice (confirming again, changing other parts of
       the verdict); one the Panel had withdrawn is sent again. Not found:
       create it with its words, number, CSP, review and the Panel's
       response copied, sent today and due DHRQA_NATIONAL_RESPONSE_DAYS
       later; its first history row; one audit event.
    3. Withdraw the verdict's other routed recommendations that their body
       has not answered yet (the Panel now names another body): they are
       not chased any more. One the body has answered keeps its answer.
    Returns the routed recommendations created or sent again.
    """
    item = verdict.agenda_item
    review = item.submission.review
    today = clock.today()
    due = today + datetime.timedelta(days=settings.DHRQA_NATIONAL_RESPONSE_DAYS)
    existing = list(RoutedRecommendation.objects.select_for_update(of=("self",)).filter(verdict=verdict)
                    .order_by("id"))
    responses = (NationalRecommendationResponse.objects.filter(verdict=verdict)
                 .prefetch_related("recommendations").order_by("position"))
    kept, sent = set(), []
    for response in responses:
        named = (response.routed_to, response.routed_to_other)
        for recommendation in sorted(response.recommendations.all(), key=lambda rec: rec.position):
            ours = [row for row in existing if row.recommendation_id == recommendation.pk]
            found = next((row for row in ours if (row.routed_as_body, row.routed_as_other) == named), None) or next(
                (row for row in ours if (row.body, row.body_other) == named), None)
            if found is not None:
                kept.add(found.pk)
                if found.status == NationalStatus.WITHDRAWN:
                    sent.append(_send_again(found, response, by=routed_by, review=review, today=today, due=due))
                continue
            routed = RoutedRecommendation.objects.create(
                recommendation=recommendation, body=response.routed_to, body_other=response.routed_to_other,
                routed_as_body=response.routed_to, routed_as_other=response.routed_to_other, verdict=verdict,
                review=review, csp_id=review.csp_id, number=recommendation.number, text=recommendation.text,
                panel_response=response.text, sent_on=today, due_on=due)
            RoutedRecommendationMove.objects.create(routed=routed, kind=NationalMoveKind.ROUTED,
                                                    to_status=routed.status, moved_by=routed_by,
                                                    note=f"Routed to {routed.body_name}")
            record(routed_by, AuditAction.NATIONAL_RECOMMENDATION_ROUTED, routed, review=review,
                   body=routed.body_name, number=routed.number, due_on=due.isoformat())
            sent.append(routed)
    for routed in existing:
        if routed.pk not in kept and routed.status in AWAITING_ANSWER:
            _withdraw(routed, by=routed_by, review=review)
    return sent


def _send_again(routed, response, *, by, review, today, due):
    """The Panel names again the body it had withdrawn this from: sent again, with the clock restarted."""
    before = routed.status
    routed.status = NationalStatus.SENT
    routed.panel_response = response.text
    routed.sent_on, routed.due_on = today, due
    routed.chasers_sent, routed.last_chased_at = 0, None
    routed.revision += 1
    routed.updated_at = clock.now()
    routed.save()
    RoutedRecommendationMove.objects.create(routed=routed, kind=NationalMoveKind.ROUTED, from_status=before,
                                            to_status=routed.status, moved_by=by,
                                            note=f"Routed to {routed.body_name} again")
    record(by, AuditAction.NATIONAL_RECOMMENDATION_ROUTED, routed, review=review,
           body=routed.body_name, number=routed.number, due_on=due.isoformat(), again=True)
    return routed


def _withdraw(routed, *, by, review):
    """The Panel's changed verdict names another body for this one, which has not answered it: withdrawn."""
    before = routed.status
    routed.status = NationalStatus.WITHDRAWN
    routed.revision += 1
    routed.updated_at = clock.now()
    routed.save(update_fields=["status", "revision", "updated_at"])
    RoutedRecommendationMove.objects.create(
        routed=routed, kind=NationalMoveKind.WITHDRAWN, from_status=before, to_status=routed.status, moved_by=by,
        note=f"Withdrawn from {routed.body_name}: the Panel has changed its verdict to name another body")
    record(by, AuditAction.NATIONAL_RECOMMENDATION_WITHDRAWN, routed, review=review, body=routed.body_name,
           number=routed.number, before=before)


def acknowledge(*, routed, by, revision, note=""):
    """The body has received it. See _move for the steps."""
    return _move(routed, "acknowledge", by=by, note=note, revision=revision)


def accept(*, routed, by, revision, note=""):
    """The body accepts the recommendation. See _move for the steps."""
    return _move(routed, "accept", by=by, note=note, revision=revision)


def decline(*, routed, by, reason, revision):
    """The body declines it, and says why: the reason is required and kept. See _move for the steps."""
    if not reason.strip():
        raise DeclineReasonRequired("Enter the reasons for declining the recommendation")
    return _move(routed, "decline", by=by, note=reason, revision=revision)


def start(*, routed, by, revision, note=""):
    """The body has started work on it. See _move for the steps."""
    return _move(routed, "start", by=by, note=note, revision=revision)


def implement(*, routed, by, revision, note=""):
    """The body has implemented it. See _move for the steps."""
    return _move(routed, "implement", by=by, note=note, revision=revision)


MOVES = {"acknowledge": acknowledge, "accept": accept, "decline": decline, "start": start, "implement": implement}


def _move(routed, move, *, by, note, revision):
    """Make one move of NATIONAL_MOVES.

    1. Lock the row; check `by` is an active responder of its body.
    2. Check the form was filled in at the current revision: two responders
       cannot cross, and a form sent without one (None) is refused too.
    3. Check the move against NATIONAL_MOVES; save the new status (and the
       reasons, for a decline), add a revision, add the history row and
       write the audit event.
    """
    note = note.strip()
    with transaction.atomic():
        routed = RoutedRecommendation.objects.select_for_update(of=("self",)).select_related("review").get(
            pk=routed.pk)
        if not (by.is_active and by.role == Role.RESPONDER and by.national_body == routed.body):
            raise NationalMoveRefused("Only a responder of the body it was routed to can change its status")
        if revision is None:
            raise NationalChangedMeanwhile("This page is out of date: your changes have not been saved. Reload the "
                                           "page to see what is saved now, then make your changes again")
        if str(revision) != str(routed.revision):
            raise NationalChangedMeanwhile("Someone else changed this recommendation's status after you opened "
                                           "the page: check its history, then update it again")
        before = routed.status
        routed.status = check_move(NATIONAL_MOVES, routed.status, move,
                                   f"A recommendation that is {routed.get_status_display().lower()} cannot move "
                                   f"that way", error=NationalMoveRefused)
        if move == "decline":
            routed.decline_reason = note
        routed.revision += 1
        routed.updated_at = clock.now()
        routed.save(update_fields=["status", "decline_reason", "revision", "updated_at"])
        RoutedRecommendationMove.objects.create(routed=routed, kind=NationalMoveKind.MOVED, from_status=before,
                                                to_status=routed.status, moved_by=by, note=note)
        record(by, AuditAction.NATIONAL_RECOMMENDATION_MOVED, routed, review=routed.review,
               move=move, before=before, after=routed.status, note=note)
    return routed


def reroute(*, routed, to_body, rerouted_by, note=""):
    """Send a recommendation routed to another body (an "Other" one, or the wrong one) to a named body instead.

    1. Lock the row; refuse unless the body has not answered yet (sent or
       acknowledged), the new body is a named one and differs, and the
       recommendation is not routed to that body already (checked again by
       the database, for two re-routes at once).
    2. Save the body; it is sent to the new body afresh: status back to sent
       (the new body has acknowledged nothing), clock restarted (sent today,
       due as when routed), chasers reset. Add a revision, the history row
       and the audit event.
    """
    note = note.strip()
    try:
        with transaction.atomic():
            return _reroute(routed, to_body, rerouted_by, note)
    except IntegrityError as crossed:
        # Another re-route sent another routing of this recommendation to the same body meanwhile.
        if "routed_once_per_body" not in str(crossed):
            raise
        raise RerouteRefused(f"This recommendation is routed to {NationalBody(to_body).label} already") from None


def _reroute(routed, to_body, rerouted_by, note):
    routed = RoutedRecommendation.objects.select_for_update(of=("self",)).select_related("review").get(pk=routed.pk)
    if routed.status == NationalStatus.WITHDRAWN:
        raise RerouteRefused("The Panel has withdrawn this recommendation from this body: it cannot be re-routed")
    if routed.status not in AWAITING_ANSWER:
        raise RerouteRefused("The body has answered this recommendation: it can no longer be re-routed")
    if to_body not in NationalBody.values or to_body == NationalBody.OTHER:
        raise RerouteRefused("Choose the named body to route it to")
    if to_body == routed.body:
        raise RerouteRefused(f"It is routed to {routed.body_name} already")
    if RoutedRecommendation.objects.filter(recommendation_id=routed.recommendation_id, body=to_body).exists():
        raise RerouteRefused(f"This recommendation is routed to {NationalBody(to_body).label} already")
    before, before_status = routed.body_name, routed.status
    today = clock.today()
    routed.body, routed.body_other = to_body, ""
    routed.status = NationalStatus.SENT
    routed.sent_on = today
    routed.due_on = today + datetime.timedelta(days=settings.DHRQA_NATIONAL_RESPONSE_DAYS)
    routed.chasers_sent, routed.last_chased_at = 0, None
    routed.revision += 1
    routed.updated_at = clock.now()
    routed.save()
    RoutedRecommendationMove.objects.create(
        routed=routed, kind=NationalMoveKind.REROUTED, from_status=before_status, to_status=routed.status,
        moved_by=rerouted_by, note=f"Re-routed from {before} to {routed.body_name}" + (f": {note}" if note else ""))
    record(rerouted_by, AuditAction.NATIONAL_RECOMMENDATION_REROUTED, routed, review=routed.review,
           before=before, after=routed.body_name, note=note)
    return routed


# Chasers

def chaseable(today=None):
    """The overdue recommendations a chaser would go for now, oldest due first.

    Overdue: not yet accepted or declined, and due before today. Chased: routed to a body with an active
    responder (nobody answers for "Other": the secretariat re-routes those), and not chased in the last
    DHRQA_CHASER_INTERVAL_DAYS days.
    """
    today = today or clock.today()
    last = clock.now() - datetime.timedelta(days=settings.DHRQA_CHASER_INTERVAL_DAYS)
    bodies = User.objects.filter(role=Role.RESPONDER, is_active=True).values("national_body")
    return (RoutedRecommendation.objects.filter(status__in=AWAITING_ANSWER, due_on__lt=today, body__in=bodies)
            .filter(Q(last_chased_at__isnull=True) | Q(last_chased_at__lte=last))
            .select_related("review").order_by("due_on", "id"))


def send_chasers(*, sent_by=None, today=None):
    """E-mail each body's active responders one chaser listing its overdue recommendations.

    `sent_by` is None when Celery beat sends them.

    1. Lock the chaseable rows (skipping any another run holds, so two runs at
       once chase each once).
    2. For each body, queue one e-mail to each of its active responders.
    3. Count a chaser on each row and note when; write one audit event.
    Returns the number of recommendations chased.
    """
    with transaction.atomic():
        rows = list(chaseable(today).select_for_update(of=("self",), skip_locked=True))
        if not rows:
            return 0
        by_body = {}
        for routed in rows:
            by_body.setdefault(routed.body, []).append(routed)
        responders = User.objects.filter(role=Role.RESPONDER, is_active=True, national_body__in=by_body)
        for person in responders.order_by("email"):
            notices.national_responses_overdue(person, by_body[person.national_body])
        now = clock.now()
        for routed in rows:
            routed.chasers_sent += 1
            routed.last_chased_at = now
        RoutedRecommendation.objects.bulk_update(rows, ["chasers_sent", "last_chased_at"])
        record(sent_by, AuditAction.NATIONAL_RECOMMENDATIONS_CHASED, None, recommendations=len(rows),
               bodies=sorted(NationalBody(body).label for body in by_body), automatic=sent_by is None)
    return len(rows)
