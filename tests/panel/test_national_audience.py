"""Who reads which notes of a routed recommendation: the CSP reads only the answering body's own steps, the body it
was re-routed to reads only what happened since it was sent there, and the secretariat reads everything."""

import datetime

import pytest

from dhrqa import clock
from panel.enums import LetterStatus, NationalStatus
from panel.services.national_tracker import accept, acknowledge, reroute
from tests.dhrqa.govuk_page import parse
from tests.dhrqa.letters import make_letter
from tests.factories import UserFactory
from tests.panel.national import routed
from tests.panel.reading import table_rows
from tests.panel.test_national_views import detail, national_part, review_page

pytestmark = pytest.mark.django_db

DHSC = "Department of Health and Social Care (DHSC)"


@pytest.fixture
def rerouted(secretariat):
    """Routed to the Home Office, acknowledged there with a note, then re-routed to DHSC with the secretariat's."""
    with clock.at(datetime.datetime(2026, 6, 1, 10, 0)):
        row = routed(number="3")
    with clock.at(datetime.datetime(2026, 6, 2, 9, 30)):
        acknowledge(routed=row, by=UserFactory(responder=True, full_name="Hana Office"),
                    note="Passed to our policy team.", revision=1)
    with clock.at(datetime.datetime(2026, 6, 3, 11, 0)):
        reroute(routed=row, to_body="dhsc", rerouted_by=secretariat, note="The Home Office says health leads.")
    make_letter(row.verdict, LetterStatus.ISSUED, drafted_by=secretariat)
    row.refresh_from_db()
    return row


def test_review_page_csp_sees_no_response_from_the_new_body_until_it_answers(client_for, rerouted):
    client = client_for(UserFactory(csp_officer=True, csp=rerouted.csp))
    dhsc = UserFactory(responder=True, national_body="dhsc")

    before = national_part(client.get(review_page(rerouted)))
    acknowledge(routed=rerouted, by=dhsc, revision=rerouted.revision)
    acknowledged = national_part(client.get(review_page(rerouted)))
    accept(routed=rerouted, by=dhsc, revision=rerouted.revision + 1, note="We will write to health boards.")
    after = national_part(client.get(review_page(rerouted)))

    assert before == [["3", DHSC, "3 June 2026", "Sent", "No response yet"]]
    assert acknowledged == [["3", DHSC, "3 June 2026", "Acknowledged", "No response yet"]]
    assert after == [["3", DHSC, "3 June 2026", "Accepted", "We will write to health boards."]]


def test_review_page_csp_does_not_see_what_the_panel_withdrew(client_for, secretariat):
    row = routed(number="3")
    routed(number="4", verdict=row.verdict, status=NationalStatus.WITHDRAWN)
    make_letter(row.verdict, LetterStatus.ISSUED, drafted_by=secretariat)

    response = client_for(UserFactory(csp_officer=True, csp=row.csp)).get(review_page(row))

    assert national_part(response) == [["3", "Home Office", "1 June 2026", "Sent", "No response yet"]]


def test_national_detail_new_bodys_responder_reads_only_its_own_part_of_the_history(client_for, rerouted,
                                                                                  secretariat):
    secretariat.full_name = "Sam Secretariat"
    secretariat.save()

    response = client_for(UserFactory(responder=True, national_body="dhsc")).get(detail(rerouted))

    assert table_rows(response) == [["3 June 2026 at 11am", "Sam Secretariat", "Sent", f"Routed to {DHSC}"]]
    page = parse(response).find(tag="main").text()
    assert ("Hana Office" in page, "policy team" in page, "health leads" in page) == (False, False, False)


def test_national_detail_secretariat_reads_the_whole_history(client_for, rerouted, secretariat):
    secretariat.full_name = "Sam Secretariat"
    secretariat.save()

    response = client_for(secretariat).get(detail(rerouted))

    assert table_rows(response) == [
        ["1 June 2026 at 10am", "The service", "Sent", "Routed"],
        ["2 June 2026 at 9:30am", "Hana Office", "Acknowledged", "Passed to our policy team."],
        ["3 June 2026 at 11am", "Sam Secretariat", "Sent",
         f"Re-routed from Home Office to {DHSC}: The Home Office says health leads."],
    ]
