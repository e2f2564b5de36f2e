"""Every list view costs the same number of queries for 1 row as for 20: no N+1."""

import pytest
from django.urls import reverse

from submissions.enums import SubmissionStatus
from tests.dhrqa.govuk_page import table_column
from tests.factories import ReviewFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db

# Every page starts with two: the session and the signed-in user.
# Session, user, the officer's CSP (page heading), reviews, prefetched submissions.
REVIEW_LIST_QUERIES = 5
# Session, user, submissions joined to review, CSP and submitter.
SUBMISSION_LIST_QUERIES = 3
# Session, user, review with CSP, prefetched submissions, their documents,
# their agenda items with meetings, issued letters.
REVIEW_DETAIL_QUERIES = 7


@pytest.mark.parametrize("rows", [1, 20])
def test_review_list_queries_constant(client_for, django_assert_max_num_queries, rows):
    officer = UserFactory(csp_officer=True)
    for _ in range(rows):
        review = ReviewFactory(csp=officer.csp)
        SubmissionFactory(review=review, number=1, status=SubmissionStatus.DECIDED, documents=False)
        SubmissionFactory(review=review, number=2, documents=False)
    client = client_for(officer)

    with django_assert_max_num_queries(REVIEW_LIST_QUERIES):
        response = client.get(reverse("submissions:review_list"))

    assert len(table_column(response)) == rows


@pytest.mark.parametrize("rows", [1, 20])
def test_submission_list_queries_constant(client_for, secretariat, django_assert_max_num_queries, rows):
    for _ in range(rows):
        SubmissionFactory(documents=False)
    client = client_for(secretariat)

    with django_assert_max_num_queries(SUBMISSION_LIST_QUERIES):
        response = client.get(reverse("submissions:submission_list"))

    assert len(table_column(response)) == rows


@pytest.mark.parametrize("rows", [1, 20])
def test_review_detail_queries_constant(client_for, django_assert_max_num_queries, rows):
    officer = UserFactory(csp_officer=True)
    review = ReviewFactory(csp=officer.csp)
    for number in range(1, rows + 1):
        SubmissionFactory(review=review, number=number, status=SubmissionStatus.DECIDED)
    client = client_for(officer)

    with django_assert_max_num_queries(REVIEW_DETAIL_QUERIES):
        response = client.get(reverse("submissions:review_detail", kwargs={"reference": review.reference}))

    assert len(response.context["submissions"]) == rows
