"""National recommendations: routed when the verdict is confirmed, moved by their body's responders through one
table of moves, re-routed by the secretariat, chased when overdue."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from dhrqa import clock
from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from panel.enums import NATIONAL_MOVES, NationalStatus
from panel.models import RoutedRecommendation, RoutedRecommendationMove
from panel.refusals import DeclineReasonRequired, NationalChangedMeanwhile, NationalMoveRefused, RerouteRefused
from panel.services import national_tracker
from panel.services.national_tracker import MOVES, reroute, route_verdict, send_chasers
from panel.services.verdicts import ResponseDraft, change_verdict, confirm_verdict
from panel.tasks import chase_national_bodies_task
from tests.factories import UserFactory
from tests.panel.national import routed
from tests.panel.reading import queued
from tests.panel.scenario import COMMENDATION, ISSUES, NATIONAL_RESPONSES, audit_trail, responses
from tests.smtp import smtp_server  # noqa: F401 - a fixture
from tests.worker import running_worker

pytestmark = pytest.mark.django_db


def routed_rows():
    return list(RoutedRecommendation.objects.order_by("number").values_list(
        "number", "body", "status", "panel_response", "chasers_sent"))


# Routing

def test_confirm_verdict_routes_each_national_recommendation_to_its_body(pending_verdict, chair, settings):
    settings.DHRQA_NATIONAL_RESPONSE_DAYS = 60
    review = pending_verdict.agenda_item.submission.review

    with clock.at(datetime.date(2026, 3, 2)):
        confirm_verdict(verdict=pending_verdict, confirmed_by=chair)

    three, five_six_eight = (text for _, text in NATIONAL_RESPONSES)
    assert routed_rows() == [("3", "home_office", "sent", three, 0), ("5", "home_office", "sent", five_six_eight, 0),
                             ("6", "home_office", "sent", five_six_eight, 0),
                             ("8", "home_office", "sent", five_six_eight, 0)]
    first = RoutedRecommendation.objects.get(number="3")
    assert (first.review, first.csp, first.verdict, first.text, first.sent_on, first.due_on) == (
        review, review.csp, pending_verdict, first.recommendation.text, datetime.date(2026, 3, 2),
        datetime.date(2026, 5, 1))
    assert [(move.from_status, move.to_status, move.moved_by, move.note) for move in first.moves.all()] == [
        ("", "sent", chair, "Routed to Home Office")]
    assert audit_trail(first) == [(chair.pk, AuditAction.NATIONAL_RECOMMENDATION_ROUTED,
                                   {"body": "Home Office", "number": "3", "due_on": "2026-05-01"})]


def test_route_verdict_again_routes_nothing_twice(verdict, chair):
    again = route_verdict(verdict, routed_by=chair)

    assert again == []
    assert RoutedRecommendation.objects.count() == 4
    assert AuditEvent.objects.filter(action=AuditAction.NATIONAL_RECOMMENDATION_ROUTED).count() == 4


def test_route_verdict_keeps_the_text_sent_when_the_action_plan_changes_later(verdict):
    first = RoutedRecommendation.objects.get(number="3")
    sent = first.text

    first.recommendation.text = "Rewritten afterwards."
    first.recommendation.save()

    assert RoutedRecommendation.objects.get(pk=first.pk).text == sent


def test_change_verdict_routes_a_newly_named_body_and_withdraws_it_from_the_first(verdict, chair):
    rows = {rec.number: rec.pk for rec in verdict.agenda_item.submission.recommendations.all()}
    answers = [ResponseDraft((rows["3"],), "moj", "For the Ministry of Justice."),
               *responses(verdict.agenda_item.submission, NATIONAL_RESPONSES[1:])]

    change_verdict(verdict=verdict, changed_by=chair, reason="Recommendation 3 is for the MoJ", outcome="adequate",
                   commendation=COMMENDATION, issues=ISSUES, national_responses=answers)

    assert sorted(RoutedRecommendation.objects.values_list("number", "body", "status")) == [
        ("3", "home_office", "withdrawn"), ("3", "moj", "sent"), ("5", "home_office", "sent"),
        ("6", "home_office", "sent"), ("8", "home_office", "sent")]


# The table of moves

ALL_MOVES = sorted(MOVES)


@pytest.mark.parametrize("status", list(NationalStatus))
@pytest.mark.parametrize("move", ALL_MOVES)
def test_move_follows_the_table(status, move):
    responder = UserFactory(responder=True)
    row = routed(status=status)
    allowed = NATIONAL_MOVES[status].get(move)
    kwargs = {"reason": "Not ours."} if move == "decline" else {"note": "Noted."}

    if allowed is None:
        with pytest.raises(NationalMoveRefused):
            MOVES[move](routed=row, by=responder, revision=1, **kwargs)
        row.refresh_from_db()
        assert (row.status, row.moves.count(), audit_trail(row)) == (status, 1, [])
    else:
        MOVES[move](routed=row, by=responder, revision=1, **kwargs)
        row.refresh_from_db()
        assert (row.status, row.revision) == (allowed, 2)
        assert [(m.from_status, m.to_status, m.moved_by_id, m.note) for m in row.moves.all()][1:] == [
            (status, allowed, responder.pk, kwargs.get("reason") or kwargs["note"])]
        assert audit_trail(row) == [(responder.pk, AuditAction.NATIONAL_RECOMMENDATION_MOVED,
                                     {"move": move, "before": status, "after": allowed,
                                      "note": kwargs.get("reason") or kwargs["note"]})]


def test_moves_table_is_the_lifecycle_the_bodies_follow():
    assert {status: dict(moves) for status, moves in NATIONAL_MOVES.items()} == {
        "sent": {"acknowledge": "acknowledged"},
        "acknowledged": {"accept": "accepted", "decline": "declined"},
        "accepted": {"start": "in_progress", "implement": "implemented"},
        "in_progress": {"implement": "implemented"},
        "declined": {},
        "implemented": {},
        "withdrawn": {},
    }


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_decline_without_reasons_refused(reason):
    row = routed(status=NationalStatus.ACKNOWLEDGED)

    with pytest.raises(DeclineReasonRequired, match="Enter the reasons for declining the recommendation"):
        national_tracker.decline(routed=row, by=UserFactory(responder=True), reason=reason, revision=1)

    row.refresh_from_db()
    assert (row.status, row.decline_reason, row.moves.count()) == ("acknowledged", "", 1)


def test_decline_keeps_the_reasons():
    row = routed(status=NationalStatus.ACKNOWLEDGED)

    national_tracker.decline(routed=row, by=UserFactory(responder=True), reason="  This is for DHSC.  ",
                             revision=1)

    row.refresh_from_db()
    assert (row.status, row.decline_reason) == ("declined", "This is for DHSC.")


@pytest.mark.parametrize("person", [
    {"responder": True, "national_body": "moj"}, {"secretariat": True}, {"chair": True},
    {"responder": True, "is_active": False},
])
def test_move_by_anyone_but_an_active_responder_of_the_body_refused(person):
    row = routed()

    with pytest.raises(NationalMoveRefused, match="Only a responder of the body it was routed to"):
        national_tracker.acknowledge(routed=row, by=UserFactory(**person), revision=1)

    assert RoutedRecommendation.objects.get(pk=row.pk).status == "sent"


def test_move_from_a_page_opened_before_another_responders_move_refused():
    first, second = UserFactory(responder=True), UserFactory(responder=True)
    row = routed()
    national_tracker.acknowledge(routed=row, by=first, revision=1)

    with pytest.raises(NationalChangedMeanwhile, match="Someone else changed this recommendation's status"):
        national_tracker.acknowledge(routed=row, by=second, revision=1)

    assert list(RoutedRecommendationMove.objects.filter(routed=row).values_list("moved_by", flat=True)) == [
        None, first.pk]


@pytest.mark.parametrize("move", ALL_MOVES)
def test_move_without_the_revision_it_was_read_at_refused(move):
    row = routed(status=NationalStatus.ACKNOWLEDGED)
    kwargs = {"reason": "Not ours."} if move == "decline" else {"note": "Noted."}

    with pytest.raises(NationalChangedMeanwhile, match="This page is out of date: your changes have not been saved"):
        MOVES[move](routed=row, by=UserFactory(responder=True), revision=None, **kwargs)

    row.refresh_from_db()
    assert (row.status, row.revision, row.moves.count(), audit_trail(row)) == ("acknowledged", 1, 1, [])


# Re-routing

def test_reroute_other_body_to_a_named_one(secretariat, settings):
    settings.DHRQA_NATIONAL_RESPONSE_DAYS = 30
    row = routed(body="other", body_other="Department for Work and Pensions", chasers_sent=2)

    with clock.at(datetime.date(2026, 9, 1)):
        reroute(routed=row, to_body="dhsc", rerouted_by=secretariat, note="Health lead")

    row.refresh_from_db()
    assert (row.body, row.body_other, row.sent_on, row.due_on, row.chasers_sent, row.status) == (
        "dhsc", "", datetime.date(2026, 9, 1), datetime.date(2026, 10, 1), 0, "sent")
    assert (row.routed_as_body, row.routed_as_other) == ("other", "Department for Work and Pensions")
    assert row.moves.order_by("id").last().note == (
        "Re-routed from Department for Work and Pensions to Department of Health and Social Care (DHSC): Health lead")
    assert audit_trail(row) == [(secretariat.pk, AuditAction.NATIONAL_RECOMMENDATION_REROUTED, {
        "before": "Department for Work and Pensions", "after": "Department of Health and Social Care (DHSC)",
        "note": "Health lead"})]


@pytest.mark.parametrize(("status", "to_body", "message"), [
    (NationalStatus.ACCEPTED, "dhsc", "The body has answered this recommendation"),
    (NationalStatus.SENT, "home_office", "It is routed to Home Office already"),
    (NationalStatus.SENT, "other", "Choose the named body to route it to"),
    (NationalStatus.SENT, "ministry_of_magic", "Choose the named body to route it to"),
])
def test_reroute_refused(secretariat, status, to_body, message):
    row = routed(status=status)

    with pytest.raises(RerouteRefused, match=message):
        reroute(routed=row, to_body=to_body, rerouted_by=secretariat)

    assert (RoutedRecommendation.objects.get(pk=row.pk).body, audit_trail(row)) == ("home_office", [])


def test_reroute_to_a_body_it_is_routed_to_already_refused(secretariat):
    first = routed(body="moj")
    row = routed(body="other", body_other="DWP", verdict=first.verdict, number="4")
    RoutedRecommendation.objects.filter(pk=row.pk).update(recommendation=first.recommendation)

    with pytest.raises(RerouteRefused, match="routed to Ministry of Justice already"):
        reroute(routed=row, to_body="moj", rerouted_by=secretariat)


# Chasers

TODAY = datetime.date(2026, 9, 15)


def test_send_chasers_one_email_per_responder_for_overdue_answers(settings, django_capture_on_commit_callbacks):
    settings.DHRQA_CHASER_INTERVAL_DAYS = 14
    UserFactory(responder=True, email="ho@homeoffice.example", full_name="Hana Office")
    UserFactory(responder=True, email="moj@justice.example", national_body="moj")
    UserFactory(responder=True, email="closed@homeoffice.example", is_active=False)
    late = routed(number="3", due_on=datetime.date(2026, 9, 14))
    also_late = routed(number="4", status=NationalStatus.ACKNOWLEDGED, due_on=datetime.date(2026, 8, 1))
    routed(number="5", due_on=TODAY)  # due today: not yet overdue
    routed(number="6", status=NationalStatus.ACCEPTED, due_on=datetime.date(2026, 1, 1))  # answered
    routed(number="7", body="dhsc", due_on=datetime.date(2026, 1, 1))  # no responder at DHSC
    routed(number="8", body="other", body_other="DWP", due_on=datetime.date(2026, 1, 1))  # re-routed by hand
    moj = routed(number="9", body="moj", due_on=datetime.date(2026, 9, 1))

    with clock.at(TODAY), django_capture_on_commit_callbacks(execute=False) as callbacks:
        chased = send_chasers(sent_by=None)

    assert chased == 3
    assert [(to, context["body_name"], context["items"]) for _template, to, context in queued(callbacks)] == [
        ("ho@homeoffice.example", "Home Office", [
            f"{also_late.review.reference}, recommendation 4, due 1 August 2026",
            f"{late.review.reference}, recommendation 3, due 14 September 2026"]),
        ("moj@justice.example", "Ministry of Justice", [f"{moj.review.reference}, recommendation 9, due 1 September 2026"]),
    ]
    assert sorted(RoutedRecommendation.objects.filter(chasers_sent=1).values_list("number", flat=True)) == [
        "3", "4", "9"]
    assert list(AuditEvent.objects.filter(action=AuditAction.NATIONAL_RECOMMENDATIONS_CHASED).values_list(
        "actor", "detail")) == [(None, {"recommendations": 3, "bodies": ["Home Office", "Ministry of Justice"],
                                        "automatic": True})]


def test_send_chasers_again_within_the_interval_sends_nothing(settings, django_capture_on_commit_callbacks):
    settings.DHRQA_CHASER_INTERVAL_DAYS = 14
    UserFactory(responder=True)
    row = routed(due_on=datetime.date(2026, 9, 1))
    with clock.at(TODAY):
        send_chasers()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with clock.at(TODAY + datetime.timedelta(days=13)):
            within = send_chasers()
        with clock.at(TODAY + datetime.timedelta(days=14)):
            after = send_chasers()

    assert (within, after, len(queued(callbacks))) == (0, 1, 1)
    assert RoutedRecommendation.objects.get(pk=row.pk).chasers_sent == 2


# Celery beat's task, run by a real worker, e-mailing through a real SMTP server

@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_chaser_reaches_the_bodys_responder_with_references_and_no_pseudonyms(smtp_server):  # noqa: F811
    site = "https://dhrqa.example.gov.uk"
    with transaction.atomic():
        UserFactory(responder=True, full_name="Hana Office", email="hana@homeoffice.example")
        row = routed(number="3", due_on=clock.today() - datetime.timedelta(days=1))
    pseudonyms = list(row.review.people.values_list("pseudonym", flat=True))

    with running_worker(env={"EMAIL_URL": smtp_server.url, "DHRQA_SITE_URL": site}) as worker:
        chase_national_bodies_task.delay()
        received = smtp_server.wait_for(1)
        assert worker.poll() is None, f"the worker exited with status {worker.returncode}"

    assert [message.rcpt_tos for message in received] == [["hana@homeoffice.example"]]
    message = received[0]
    due = row.due_on
    assert message.subject == "Reminder: 1 national recommendation waiting for Home Office's answer"
    assert message.body_lines[:9] == [
        "Dear Hana Office,",
        "",
        "These national recommendations from Domestic Homicide Reviews were routed to Home Office by the Home "
        "Office Quality Assurance Panel, and are waiting for your answer (accepted or declined):",
        "",
        f"- {row.review.reference}, recommendation 3, due {due.day} {due:%B %Y}",
        "",
        "Please answer it:",
        f"{site}{reverse('panel:national_list')}?overdue=yes",
        "",
    ]
    assert pseudonyms == ["Louise", "Neil"]
    assert [name for name in pseudonyms if name in message.message.as_string()] == []
    assert RoutedRecommendation.objects.get(pk=row.pk).chasers_sent == 1


def test_chase_national_bodies_task_is_scheduled_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["chase-national-bodies"]

    assert (entry["task"], str(entry["schedule"])) == (
        "panel.tasks.chase_national_bodies_task", "<crontab: 30 8 * * * (m/h/dM/MY/d)>")
