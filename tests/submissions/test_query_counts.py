"""The submissions app's lists cost the same number of queries for 1 row as for 50 (a full page): no N+1.

The Panel's lists and the users list are in tests/dhrqa/test_query_counts.py.
"""

import pytest
from django.urls import reverse

from dhrqa import clock
from submissions.enums import CaseKind, ReviewType, SubmissionStatus
from submissions.submission_table import SORTS
from tests.dhrqa.govuk_page import table_column
from tests.factories import CSPFactory, ReviewFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db

# Every page starts with two: the session and the signed-in user.
# Session, user, the officer's CSP (page heading), the count of reviews, the page's
# reviews, their people, their versions.
REVIEW_LIST_QUERIES = 7
# Session, user, the count of versions, the page's versions with review and CSP, their
# people, the CSPs for the filter's select.
SUBMISSION_LIST_QUERIES = 6
# A CSP chosen in the filter is looked up to check it.
CHOSEN_CSP_QUERIES = 1
# The brief's ceiling, whatever the rows, filters or sort.
SUBMISSION_LIST_CEILING = 10


def filters_for(name, csp):
    """Query parameters for each kind of filter, with the extra queries each costs."""
    today = clock.today()
    return {
        "none": ({}, 0),
        "status": ({"status": [SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED]}, 0),
        "csp": ({"csp": csp.pk}, CHOSEN_CSP_QUERIES),
        "case": ({"case": ReviewType.DHR}, 0),
        "dates": ({"received_from_0": "1", "received_from_1": "1", "received_from_2": "2020",
                   "received_to_0": today.day, "received_to_1": today.month, "received_to_2": today.year}, 0),
        "search": ({"q": "louise"}, 0),
        "everything": ({"status": SubmissionStatus.SUBMITTED, "csp": csp.pk, "case": CaseKind.REVIEW.value,
                        "received_from_0": "1", "received_from_1": "1", "received_from_2": "2020",
                        "q": "area"}, CHOSEN_CSP_QUERIES),
        "hostile": ({"status": "draft", "csp": "abc", "case": "x", "received_from_0": "9999999999",
                     "received_from_1": "1", "received_from_2": "2026", "q": "x" * 10_000,
                     "page": "999999"}, 0),
    }[name]


@pytest.mark.parametrize("rows", [1, 50])
def test_review_list_queries_constant(client_for, django_assert_max_num_queries, rows):
    officer = UserFactory(csp_officer=True)
    for _ in range(rows):
        review = ReviewFactory(csp=officer.csp)
        SubmissionFactory(review=review, number=1, status=SubmissionStatus.RETURNED, documents=False)
        SubmissionFactory(review=review, number=2, documents=False)
    client = client_for(officer)

    with django_assert_max_num_queries(REVIEW_LIST_QUERIES):
        response = client.get(reverse("submissions:review_list"))

    assert len(table_column(response)) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_submission_list_queries_constant(client_for, secretariat, django_assert_max_num_queries, rows):
    for _ in range(rows):
        SubmissionFactory(documents=False)
    client = client_for(secretariat)

    with django_assert_max_num_queries(SUBMISSION_LIST_QUERIES):
        response = client.get(reverse("submissions:submission_list"))

    assert len(table_column(response)) == rows


@pytest.mark.parametrize("filters", ["none", "status", "csp", "case", "dates", "search", "everything", "hostile"])
@pytest.mark.parametrize("rows", [1, 50])
def test_submission_list_queries_bounded_any_filter_and_sort(
    client_for, secretariat, django_assert_num_queries, rows, filters,
):
    csp = CSPFactory()
    for number in range(rows):
        SubmissionFactory(documents=False, review__csp=csp)
    params, extra_queries = filters_for(filters, csp)
    client = client_for(secretariat)

    for sort in [*SORTS, *(f"-{key}" for key in SORTS), "anything"]:
        with django_assert_num_queries(SUBMISSION_LIST_QUERIES + extra_queries):
            response = client.get(reverse("submissions:submission_list"), {**params, "sort": sort})

        assert len(table_column(response)) == rows
    assert SUBMISSION_LIST_QUERIES + extra_queries <= SUBMISSION_LIST_CEILING
