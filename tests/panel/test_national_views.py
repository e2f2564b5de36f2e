"""The pages of the national recommendations tracker: each body's list, a recommendation and its history, the
responder's update, re-routing, chasers, the CSV, and what the CSP sees on its review."""

import datetime

import pytest
from django.urls import reverse

from dhrqa import clock
from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from panel.enums import LetterStatus, NationalStatus
from panel.forms.revisions import OUT_OF_DATE
from panel.models import RoutedRecommendation
from panel.services.national_tracker import accept, acknowledge
from tests.dhrqa.govuk_page import error_messages, error_summary, heading, notification_banners, parse
from tests.dhrqa.letters import make_letter
from tests.factories import CSPFactory, UserFactory
from tests.panel.national import routed
from tests.panel.reading import choices, queued, table_rows

pytestmark = pytest.mark.django_db

STALE = ("Someone else changed this recommendation's status after you opened the page: check its history, then "
         "update it again")

LIST = reverse("panel:national_list")
TODAY = datetime.date(2026, 9, 15)


def detail(row):
    return reverse("panel:national_detail", kwargs={"pk": row.pk})


def update(row):
    return reverse("panel:national_update", kwargs={"pk": row.pk})


@pytest.fixture
def responder(db):
    return UserFactory(responder=True, full_name="Hana Office")


# The list

def test_national_list_responder_sees_only_their_bodys(client_for, responder):
    ours = routed(number="3", due_on=datetime.date(2026, 9, 1))
    routed(number="4", body="moj")
    routed(number="5", body="other", body_other="DWP")

    with clock.at(TODAY):
        response = client_for(responder).get(LIST)

    assert heading(response) == "National recommendations routed to you"
    assert table_rows(response) == [[f"{ours.review.reference}, recommendation 3", ours.csp.name, "1 June 2026",
                                     "1 September 2026 Overdue", "Sent"]]


def test_national_list_secretariat_sees_every_body_and_the_chasers_count(client_for, secretariat, responder):
    routed(number="3", due_on=datetime.date(2026, 9, 1))
    routed(number="4", body="moj", due_on=datetime.date(2026, 9, 2))
    routed(number="5", body="other", body_other="DWP", due_on=datetime.date(2026, 9, 3))

    with clock.at(TODAY):
        response = client_for(secretariat).get(LIST)

    assert [row[2] for row in table_rows(response)] == ["Home Office", "Ministry of Justice", "DWP"]
    # Only the Home Office has a responder to chase.
    assert parse(response).find(tag="main").find(cls="govuk-button--secondary").text() == "Send 1 chaser"


@pytest.mark.parametrize(("query", "numbers"), [
    ("status=acknowledged", ["4"]),
    ("overdue=yes", ["3"]),
    ("year=2025", ["5"]),
    ("", ["5", "3", "4"]),
])
def test_national_list_filters(client_for, responder, query, numbers):
    routed(number="3", due_on=datetime.date(2026, 9, 1))
    routed(number="4", status=NationalStatus.ACKNOWLEDGED, due_on=datetime.date(2026, 12, 1))
    routed(number="5", status=NationalStatus.ACCEPTED, sent_on=datetime.date(2025, 5, 1),
           due_on=datetime.date(2025, 8, 1))

    with clock.at(TODAY):
        response = client_for(responder).get(f"{LIST}?{query}")

    assert [row[0].rsplit(" ", 1)[1] for row in table_rows(response)] == numbers


def test_national_list_filters_by_csp(client_for, secretariat):
    kent = CSPFactory(name="Kent CSP")
    routed(number="3", csp=kent)
    routed(number="4")

    response = client_for(secretariat).get(f"{LIST}?csp={kent.pk}")

    assert [row[1] for row in table_rows(response)] == ["Kent CSP"]


@pytest.mark.parametrize(("query", "field", "message"), [
    ("status=lost", "status", "Choose a status from the list"),
    ("year=1999", "year", "Choose a year from the list"),
    ("csp=999999", "csp", "Choose a CSP from the list"),
    ("overdue=maybe", "overdue", "Choose overdue only, or leave it unticked"),
])
def test_national_list_crafted_filter_shows_an_error_and_ignores_it(client_for, responder, query, field, message):
    routed()

    response = client_for(responder).get(f"{LIST}?{query}")

    assert response.status_code == 200
    assert error_messages(response) == {f"id_{field}_1_error": message}
    assert len(table_rows(response)) == 1


@pytest.mark.parametrize("role", ["csp_officer", "panel_member", "chair"])
def test_national_list_other_roles_forbidden(client_for, role):
    assert client_for(UserFactory(**{role: True})).get(LIST).status_code == 403


@pytest.mark.parametrize("rows", [1, 20])
def test_national_list_queries_constant_for_a_responder(client_for, responder, django_assert_num_queries, rows):
    for number in range(rows):
        routed(number=str(number))
    client = client_for(responder)

    # Session, user, the count for the pagination, the page of rows with review and CSP, the CSPs to filter by.
    with django_assert_num_queries(5):
        response = client.get(LIST)

    assert len(table_rows(response)) == rows


@pytest.mark.parametrize("rows", [1, 20])
def test_national_list_queries_constant_for_the_secretariat(client_for, secretariat, django_assert_num_queries, rows):
    for number in range(rows):
        routed(number=str(number), body="moj" if number % 2 else "home_office")
    client = client_for(secretariat)

    # As a responder's, and the count of what a chaser would go for.
    with django_assert_num_queries(6):
        response = client.get(LIST)

    assert len(table_rows(response)) == rows


# A recommendation and its history

def test_national_detail_shows_the_recommendation_response_and_history(client_for, responder):
    with clock.at(datetime.datetime(2026, 6, 1, 10, 0)):
        row = routed(number="3")
    with clock.at(datetime.datetime(2026, 6, 2, 9, 30)):
        acknowledge(routed=row, by=responder, note="Passed to our policy team.", revision=1)

    response = client_for(responder).get(detail(row))

    assert heading(response) == "Recommendation 3"
    assert table_rows(response) == [
        ["1 June 2026 at 10am", "The service", "Sent", "Routed"],
        ["2 June 2026 at 9:30am", "Hana Office", "Acknowledged", "Passed to our policy team."],
    ]


def test_national_detail_another_bodys_responder_not_found(client_for):
    row = routed()
    moj = client_for(UserFactory(responder=True, national_body="moj"))

    assert (moj.get(detail(row)).status_code, moj.get(update(row)).status_code,
            moj.post(update(row), {"move": "acknowledge"}).status_code) == (404, 404, 404)
    assert RoutedRecommendation.objects.get(pk=row.pk).status == "sent"


# The responder's update

def test_national_update_offers_the_moves_the_status_allows(client_for, responder):
    row = routed(status=NationalStatus.ACCEPTED)

    response = client_for(responder).get(update(row))

    assert choices(response, "move") == [("start", "Mark it in progress"), ("implement", "Mark it implemented")]


def test_national_update_post_moves_it_and_says_so(client_for, responder):
    row = routed(status=NationalStatus.ACKNOWLEDGED)
    client = client_for(responder)

    response = client.post(update(row), {"move": "accept", "note": "We will update the guidance.", "revision": "1"},
                           follow=True)

    assert response.redirect_chain == [(detail(row), 302)]
    assert notification_banners(response) == ["Recommendation 3 is now accepted"]
    assert RoutedRecommendation.objects.get(pk=row.pk).status == "accepted"


@pytest.mark.parametrize(("data", "errors"), [
    ({"move": "implement", "revision": "1"}, [("#id_move_1", "Choose one of the steps offered")]),
    ({"revision": "1"}, [("#id_move_1", "Choose what your organisation has done")]),
    ({"move": "decline", "note": "  ", "revision": "1"},
     [("#id_note", "Enter the reasons for declining the recommendation")]),
    ({"move": "accept", "note": "x" * 5001, "revision": "1"},
     [("#id_note", "The note must be 5000 characters or fewer")]),
    # A form sent without the revision its page was read at (a crafted one, an old page) could cross another's.
    ({"move": "accept", "note": "We accept it."}, [("#id_move_1", OUT_OF_DATE)]),
    ({"move": "accept", "note": "We accept it.", "revision": ""}, [("#id_move_1", OUT_OF_DATE)]),
    ({"move": "accept", "revision": "1x"}, [("#id_move_1", STALE)]),
])
def test_national_update_crafted_or_incomplete_post_refused(client_for, responder, data, errors):
    row = routed(status=NationalStatus.ACKNOWLEDGED)

    response = client_for(responder).post(update(row), data)

    assert (response.status_code, error_summary(response)) == (200, errors)
    assert (RoutedRecommendation.objects.get(pk=row.pk).status, row.moves.count()) == ("acknowledged", 1)
    assert AuditEvent.objects.filter(action=AuditAction.NATIONAL_RECOMMENDATION_MOVED).count() == 0


def test_national_update_from_a_stale_page_refused(client_for, responder):
    row = routed(status=NationalStatus.ACKNOWLEDGED)
    client = client_for(responder)
    client.post(update(row), {"move": "accept", "revision": "1"})

    response = client.post(update(row), {"move": "start", "revision": "1"})

    assert [message for _, message in error_summary(response)] == [STALE]
    assert RoutedRecommendation.objects.get(pk=row.pk).status == "accepted"


def test_national_update_secretariat_forbidden(client_for, secretariat):
    row = routed()

    client = client_for(secretariat)

    assert (client.get(update(row)).status_code, client.post(update(row), {"move": "acknowledge"}).status_code) == (
        403, 403)
    assert RoutedRecommendation.objects.get(pk=row.pk).status == "sent"


# Re-routing, chasers and the CSV: the secretariat

def test_national_reroute_sends_it_to_the_named_body(client_for, secretariat):
    row = routed(body="other", body_other="DWP")

    response = client_for(secretariat).post(reverse("panel:national_reroute", kwargs={"pk": row.pk}),
                                            {"body": "dhsc"}, follow=True)

    assert notification_banners(response) == [
        "Recommendation 3 has been routed to Department of Health and Social Care (DHSC)"]
    assert RoutedRecommendation.objects.get(pk=row.pk).body == "dhsc"


def test_national_reroute_crafted_body_refused(client_for, secretariat):
    row = routed(body="other", body_other="DWP")

    response = client_for(secretariat).post(reverse("panel:national_reroute", kwargs={"pk": row.pk}),
                                            {"body": "other"})

    assert error_summary(response) == [("#id_body_1", "Choose one of the bodies listed")]
    assert RoutedRecommendation.objects.get(pk=row.pk).body == "other"


def test_national_chasers_shows_the_count_then_sends(client_for, secretariat, responder,
                                                     django_capture_on_commit_callbacks):
    for number in ("3", "4", "5"):
        routed(number=number, due_on=datetime.date(2026, 9, 1))
    client = client_for(secretariat)

    with clock.at(TODAY):
        page = client.get(reverse("panel:national_chasers"))
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = client.post(reverse("panel:national_chasers"), follow=True)

    assert heading(page) == "Send 3 chasers"
    assert parse(page).find(tag="main").find(tag="button").text() == "Send 3 chasers"
    assert notification_banners(response) == ["Chasers have been sent for 3 recommendations"]
    assert [to for _template, to, _context in queued(callbacks)] == [responder.email]
    assert list(RoutedRecommendation.objects.values_list("chasers_sent", flat=True)) == [1, 1, 1]


def test_national_chasers_nothing_overdue_sends_nothing(client_for, secretariat, responder,
                                                        django_capture_on_commit_callbacks):
    routed(due_on=datetime.date(2026, 12, 1))
    client = client_for(secretariat)

    with clock.at(TODAY), django_capture_on_commit_callbacks(execute=True) as callbacks:
        page = client.get(reverse("panel:national_chasers"))
        response = client.post(reverse("panel:national_chasers"), follow=True)

    assert (heading(page), parse(page).find(tag="main").find(tag="form")) == ("Send chasers", None)
    assert notification_banners(response) == ["No overdue recommendation is waiting for a chaser"]
    assert callbacks == []


def test_national_export_csv_is_formula_safe_and_audited(client_for, secretariat):
    row = routed(number="3", due_on=datetime.date(2026, 9, 1))
    RoutedRecommendation.objects.filter(pk=row.pk).update(text="=HYPERLINK(\"http://evil\")")
    routed(number="4", body="moj")

    with clock.at(TODAY):
        response = client_for(secretariat).get(reverse("panel:national_export") + "?body=home_office")
        body = b"".join(response.streaming_content).decode("utf-8-sig")

    lines = body.splitlines()
    assert lines[0] == ("Review reference,CSP,Recommendation number,Recommendation,Routed to,Panel's response,Sent,"
                        "Due,Status,Overdue,Reasons for declining,Chasers sent,Last updated")
    assert len(lines) == 2
    assert lines[1].startswith(f"{row.review.reference},{row.csp.name},3,\"'=HYPERLINK(\"\"http://evil\"\")\","
                               "Home Office,")
    assert ",2026-06-01,2026-09-01,Sent,Yes,,0," in lines[1]
    assert list(AuditEvent.objects.filter(action=AuditAction.NATIONAL_RECOMMENDATIONS_EXPORTED).values_list(
        "actor", "detail")) == [(secretariat.pk, {"filters": {"body": "home_office"}, "rows": 1})]


# What the CSP sees on its review page

def review_page(row):
    return reverse("submissions:review_detail", kwargs={"reference": row.review.reference})


def national_part(response):
    """The rows of the review page's table of national recommendations, if it has one."""
    return [
        [cell.text(include_hidden=False) for cell in tr.find_all(tag="td")]
        for table in parse(response).find_all(tag="table")
        if table.find(tag="caption") and "bodies' answers" in table.find(tag="caption").text()
        for tr in table.find(tag="tbody").find_all(tag="tr")
    ]


def test_review_page_csp_sees_the_bodys_status_and_response_once_the_letter_is_issued(client_for, responder,
                                                                                      secretariat):
    row = routed(status=NationalStatus.ACKNOWLEDGED)
    officer = UserFactory(csp_officer=True, csp=row.csp)
    accept(routed=row, by=responder, note="We will publish new guidance in 2027.", revision=1)
    client = client_for(officer)

    before = national_part(client.get(review_page(row)))
    make_letter(row.verdict, LetterStatus.ISSUED, drafted_by=secretariat)
    after = national_part(client.get(review_page(row)))

    assert before == []
    assert after == [["3", "Home Office", "1 June 2026", "Accepted", "We will publish new guidance in 2027."]]


@pytest.mark.parametrize("rows", [1, 20])
def test_review_page_national_part_queries_constant(client_for, secretariat, responder, django_assert_num_queries,
                                                    rows):
    first = routed(number="1")
    for number in range(2, rows + 1):
        acknowledge(routed=routed(number=str(number), verdict=first.verdict), by=responder, note="Received.",
                    revision=1)
    make_letter(first.verdict, LetterStatus.ISSUED, drafted_by=secretariat)
    client = client_for(UserFactory(csp_officer=True, csp=first.csp))

    # The review page's 10 (tests/submissions/test_query_counts_pages.py), and the routed recommendations' notes.
    with django_assert_num_queries(11):
        response = client.get(review_page(first))

    assert len(national_part(response)) == rows


def test_review_page_officer_of_another_csp_sees_nothing(client_for, secretariat):
    row = routed()
    make_letter(row.verdict, LetterStatus.ISSUED, drafted_by=secretariat)

    response = client_for(UserFactory(csp_officer=True)).get(review_page(row))

    assert response.status_code == 404
