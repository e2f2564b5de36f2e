"""The delay dashboard costs the same queries for 1 review as for 20, and at most 10 for 10,000."""

import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dhrqa.models import User
from panel.demo.history import LetterFile, build_history, csp_officers, history_csps
from tests.dhrqa.govuk_page import parse
from tests.factories import CSPFactory, UserFactory
from tests.panel.delays import review_through
from tests.panel.test_dashboard_views import rows

pytestmark = pytest.mark.django_db
D = datetime.date

# Session, user; the CSPs for the filter; the reviews with their CSP and publication; their first versions sent;
# their acceptances; their confirmed verdicts; those verdicts' issued letters.
DASHBOARD_QUERIES = 8
# The same, with the CSP chosen looked up once more by the filter.
DASHBOARD_BY_CSP_QUERIES = 9
# Session, user; the five reads of the dashboard.
UNPUBLISHED_QUERIES = 7
# Session, user; the five reads; the export's audit event.
EXPORT_QUERIES = 8


def _reviews(count, csp):
    for number in range(count):
        review_through(csp, reference=f"AREA-2024-{number + 1:03d}", death=D(2024, 1, 1), notified=D(2024, 1, 8),
                       decided=D(2024, 1, 29), home_office=D(2024, 2, 1), sent=D(2024, 8, 1), accepted=D(2024, 8, 8),
                       meeting=D(2024, 9, 10), letter=D(2024, 10, 1))


@pytest.mark.parametrize("count", [1, 20])
def test_dashboard_queries_constant(client_for, secretariat, django_assert_num_queries, count):
    csp = CSPFactory()
    _reviews(count, csp)
    client = client_for(secretariat)

    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get("/dashboard/")
    with django_assert_num_queries(DASHBOARD_BY_CSP_QUERIES):
        by_csp = client.get("/dashboard/", {"csp": csp.pk, "year": "2024"})
    with django_assert_num_queries(UNPUBLISHED_QUERIES):
        unpublished = client.get("/dashboard/unpublished/")
    with django_assert_num_queries(EXPORT_QUERIES):
        exported = b"".join(client.get("/dashboard/export.csv").streaming_content)

    assert parse(response).find(id="reviews-count").text() == f"{count} review{'s' if count > 1 else ''}."
    assert parse(by_csp).find(id="reviews-count").text() == (
        f"{count} review{'s' if count > 1 else ''} decided in 2024 of {csp.name}.")
    assert len(rows(unpublished, "unpublished")) == count
    assert exported.count(b"\r\n") == count + 1


def test_dashboard_at_ten_thousand_reviews_within_ten_queries(client_for, secretariat):
    started = time.monotonic()
    csps = history_csps()
    officers = csp_officers(csps)
    chair = UserFactory(chair=True)
    history = build_history(csps=csps, officers=officers, secretariat=secretariat, chair=chair, count=10_000,
                            today=D(2026, 11, 30), letter_file=LetterFile(name="letters/demo.pdf", sha256="0" * 64))
    known = CSPFactory(name="Knownshire CSP")
    review_through(known, reference="KNOWN-2019-001", death=D(2019, 1, 1), notified=D(2019, 1, 11),
                   decided=D(2019, 2, 20), home_office=D(2019, 2, 25), sent=D(2019, 9, 25), accepted=D(2019, 10, 5),
                   meeting=D(2019, 11, 12), letter=D(2019, 12, 2), published=D(2020, 1, 1))
    review_through(known, reference="KNOWN-2019-002", death=D(2019, 3, 1), notified=D(2019, 3, 5),
                   decided=D(2019, 3, 25), sent=D(2019, 8, 25))
    built = time.monotonic() - started
    client = client_for(secretariat)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/dashboard/")

    assert len(history.reviews) == 10_000
    assert len(queries) <= 10, [query["sql"][:120] for query in queries]
    assert parse(response).find(id="reviews-count").text() == "10002 reviews."
    assert [row for row in rows(response, "by-csp") if row[0] == "Knownshire CSP"] == [
        ["Knownshire CSP", "2", "7 (10)", "30 (40)", "5 (5)", "212 (212)", "10 (10)", "38 (38)", "20 (20)",
         "30 (30)"]]
    assert built < 60, f"building took {built:.1f}s"
    assert User.objects.filter(email="officer@northdale.example").exists()
