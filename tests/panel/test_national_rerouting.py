"""Where a national recommendation goes when the secretariat re-routes it and when the Panel changes its verdict:
routed once, withdrawn from a body the Panel no longer names, sent afresh to a new body, and two re-routes at once."""

import datetime

import pytest

from dhrqa import clock
from dhrqa.enums import AuditAction, NationalBody
from dhrqa.models import AuditEvent
from panel.enums import NationalStatus
from panel.models import RoutedRecommendation
from panel.refusals import NationalMoveRefused, RerouteRefused
from panel.services import national_tracker
from panel.services.national_tracker import chaseable, reroute
from panel.services.verdicts import ResponseDraft, change_verdict, confirm_verdict, record_verdict
from tests.factories import UserFactory
from tests.panel.crossing import race
from tests.panel.national import routed
from tests.panel.scenario import COMMENDATION, ISSUES, NATIONAL_RESPONSES, audit_trail, responses

pytestmark = pytest.mark.django_db

DWP = "Department for Work and Pensions"


def answers(item, body, other=""):
    """Recommendation 3 routed to `body`, the rest to the Home Office, as the chair's form sends them."""
    rows = {rec.number: rec.pk for rec in item.submission.recommendations.all()}
    return [ResponseDraft((rows["3"],), body, NATIONAL_RESPONSES[0][1], other),
            *responses(item.submission, NATIONAL_RESPONSES[1:])]


def change(verdict, chair, body, other=""):
    return change_verdict(verdict=verdict, changed_by=chair, reason="The Panel looked again",
                          outcome="adequate", commendation=COMMENDATION, issues=ISSUES,
                          national_responses=answers(verdict.agenda_item, body, other))


def threes():
    return list(RoutedRecommendation.objects.filter(number="3").order_by("id").values_list(
        "body", "body_other", "status"))


@pytest.fixture
def to_dwp(agenda_item, chair):
    """Confirmed with recommendation 3 routed to "Other": the Department for Work and Pensions."""
    pending = record_verdict(agenda_item=agenda_item, recorded_by=chair, outcome="adequate",
                             commendation=COMMENDATION, issues=ISSUES,
                             national_responses=answers(agenda_item, NationalBody.OTHER, DWP))
    return confirm_verdict(verdict=pending, confirmed_by=chair)


# Changing the verdict after the secretariat re-routed

def test_change_verdict_after_a_reroute_routes_nothing_again(to_dwp, chair, secretariat):
    three = RoutedRecommendation.objects.get(number="3")
    reroute(routed=three, to_body="dhsc", rerouted_by=secretariat)

    # The chair's form sends the responses back as the Panel routed them: to "Other", DWP.
    change(to_dwp, chair, NationalBody.OTHER, DWP)

    assert threes() == [("dhsc", "", "sent")]
    assert AuditEvent.objects.filter(action=AuditAction.NATIONAL_RECOMMENDATION_ROUTED).count() == 4
    # And the secretariat can still send it on: nothing else holds it.
    reroute(routed=three, to_body="moj", rerouted_by=secretariat)
    assert threes() == [("moj", "", "sent")]


def test_change_verdict_naming_the_body_it_was_rerouted_to_routes_nothing_again(to_dwp, chair, secretariat):
    reroute(routed=RoutedRecommendation.objects.get(number="3"), to_body="dhsc", rerouted_by=secretariat)

    change(to_dwp, chair, NationalBody.DHSC)

    assert threes() == [("dhsc", "", "sent")]
    assert AuditEvent.objects.filter(action=AuditAction.NATIONAL_RECOMMENDATION_ROUTED).count() == 4


# The Panel changes the body

def test_change_verdict_to_another_body_withdraws_it_from_the_body_that_has_not_answered(verdict, chair, settings):
    settings.DHRQA_NATIONAL_RESPONSE_DAYS = 30
    home_office = UserFactory(responder=True)
    UserFactory(responder=True, national_body="moj")
    three = RoutedRecommendation.objects.get(number="3")
    national_tracker.acknowledge(routed=three, by=home_office, revision=1)

    with clock.at(datetime.date(2026, 12, 1)):
        change(verdict, chair, NationalBody.MINISTRY_OF_JUSTICE)

    assert threes() == [("home_office", "", "withdrawn"), ("moj", "", "sent")]
    three.refresh_from_db()
    assert [(m.kind, m.from_status, m.to_status, m.moved_by, m.note) for m in three.moves.all()][-1] == (
        "withdrawn", "acknowledged", "withdrawn", chair,
        "Withdrawn from Home Office: the Panel has changed its verdict to name another body")
    assert audit_trail(three)[-1] == (chair.pk, AuditAction.NATIONAL_RECOMMENDATION_WITHDRAWN,
                                      {"body": "Home Office", "number": "3", "before": "acknowledged"})
    moj = RoutedRecommendation.objects.get(number="3", body="moj")
    assert (moj.sent_on, moj.due_on, moj.routed_as_body) == (
        datetime.date(2026, 12, 1), datetime.date(2026, 12, 31), "moj")
    # The Home Office is neither chased for it nor able to answer it any more.
    with clock.at(datetime.date(2027, 6, 1)):
        assert [row.body for row in chaseable() if row.number == "3"] == ["moj"]
    with pytest.raises(NationalMoveRefused):
        national_tracker.accept(routed=three, by=home_office, revision=three.revision)


def test_change_verdict_back_to_the_first_body_sends_it_again_and_withdraws_the_second(verdict, chair):
    change(verdict, chair, NationalBody.MINISTRY_OF_JUSTICE)

    with clock.at(datetime.date(2026, 12, 2)):
        change(verdict, chair, NationalBody.HOME_OFFICE)

    assert threes() == [("home_office", "", "sent"), ("moj", "", "withdrawn")]
    three = RoutedRecommendation.objects.get(number="3", body="home_office")
    assert (three.sent_on, three.chasers_sent, three.moves.last().note) == (
        datetime.date(2026, 12, 2), 0, "Routed to Home Office again")


def test_change_verdict_to_another_body_keeps_the_answer_of_the_body_that_answered(verdict, chair):
    three = RoutedRecommendation.objects.get(number="3")
    home_office = UserFactory(responder=True)
    national_tracker.acknowledge(routed=three, by=home_office, revision=1)
    national_tracker.accept(routed=three, by=home_office, revision=2, note="We will do it.")

    change(verdict, chair, NationalBody.MINISTRY_OF_JUSTICE)

    assert threes() == [("home_office", "", "accepted"), ("moj", "", "sent")]
    assert AuditEvent.objects.filter(action=AuditAction.NATIONAL_RECOMMENDATION_WITHDRAWN).count() == 0


# Re-routing sends it afresh

def test_reroute_of_an_acknowledged_recommendation_sends_it_to_the_new_body_afresh(secretariat, settings):
    settings.DHRQA_NATIONAL_RESPONSE_DAYS = 30
    row = routed(status=NationalStatus.ACKNOWLEDGED, chasers_sent=1)

    with clock.at(datetime.date(2026, 9, 1)):
        reroute(routed=row, to_body="dhsc", rerouted_by=secretariat)

    row.refresh_from_db()
    assert (row.body, row.status, row.sent_on, row.due_on, row.chasers_sent, row.revision) == (
        "dhsc", "sent", datetime.date(2026, 9, 1), datetime.date(2026, 10, 1), 0, 2)
    assert [(m.kind, m.from_status, m.to_status) for m in row.moves.all()][-1] == ("rerouted", "acknowledged", "sent")
    # The new body's responder starts by acknowledging it.
    national_tracker.acknowledge(routed=row, by=UserFactory(responder=True, national_body="dhsc"), revision=2)


def test_reroute_of_a_withdrawn_recommendation_refused(secretariat):
    row = routed(status=NationalStatus.WITHDRAWN)

    with pytest.raises(RerouteRefused, match="The Panel has withdrawn this recommendation"):
        reroute(routed=row, to_body="dhsc", rerouted_by=secretariat)

    assert (RoutedRecommendation.objects.get(pk=row.pk).body, audit_trail(row)) == ("home_office", [])


# Two re-routes at once

@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reroute_two_at_once_to_the_same_body_one_is_refused():
    secretariat = UserFactory(secretariat=True)
    first = routed(body="other", body_other=DWP)
    second = routed(body="other", body_other="Department for Education", verdict=first.verdict, number="4")
    RoutedRecommendation.objects.filter(pk=second.pk).update(recommendation=first.recommendation)

    done, refused, waited = race(lambda: reroute(routed=first, to_body="dhsc", rerouted_by=secretariat),
                                 lambda: reroute(routed=second, to_body="dhsc", rerouted_by=secretariat))

    assert waited is True
    assert isinstance(done, RoutedRecommendation)
    assert (type(refused), str(refused)) == (
        RerouteRefused, "This recommendation is routed to Department of Health and Social Care (DHSC) already")
    assert sorted(RoutedRecommendation.objects.values_list("body", "body_other")) == [
        ("dhsc", ""), ("other", "Department for Education")]
    assert AuditEvent.objects.filter(action=AuditAction.NATIONAL_RECOMMENDATION_REROUTED).count() == 1
