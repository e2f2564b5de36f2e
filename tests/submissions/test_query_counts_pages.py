"""A review's pages cost the same number of queries for 1 row as for 50: no N+1.

The review page for 1 and 50 versions; a version's page, its intake check and its
recommendations for 1 and 50 documents and recommendations.
"""

import pytest
from django.urls import reverse

from submissions.enums import DocumentKind, SubmissionStatus
from tests.dhrqa.govuk_page import parse
from tests.factories import DocumentFactory, RecommendationFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db

# Session, user, the review with its CSP and publication, its people, its versions; the timeline's
# events; the Panel's part: agenda items, letters; the national recommendations routed to bodies (none here:
# tests/panel/test_national_views.py counts them); for its CSP until publication is recorded, whether the
# letter approving it has been issued. (A version's contents are on its page.)
REVIEW_DETAIL_QUERIES = 10
# Session, user, the version with its review, CSP, intake and the people who acted, the
# review's people; its documents with stored files, recommendations, issue responses
# and the issues raised on it.
VERSION_DETAIL_QUERIES = 8
# The same as the version's page: the checklist asks nothing of the database.
INTAKE_QUERIES = 8
# Session, user, the version, its recommendations.
RECOMMENDATION_LIST_QUERIES = 4


def _version_with(rows):
    submission = SubmissionFactory(documents=False)
    for position in range(1, rows + 1):
        DocumentFactory(submission=submission, kind=DocumentKind.OTHER, original_name=f"annex-{position}.pdf")
        RecommendationFactory(submission=submission, position=position)
    return submission


def _kwargs(submission):
    return {"reference": submission.review.reference, "number": submission.number}


@pytest.mark.parametrize("rows", [1, 50])
def test_review_detail_queries_constant(client_for, django_assert_num_queries, rows):
    first = SubmissionFactory(status=SubmissionStatus.WITHDRAWN)
    for number in range(2, rows + 1):
        SubmissionFactory(review=first.review, number=number, status=SubmissionStatus.WITHDRAWN)
    client = client_for(UserFactory(csp_officer=True, csp=first.review.csp))

    with django_assert_num_queries(REVIEW_DETAIL_QUERIES):
        response = client.get(reverse("submissions:review_detail", kwargs={"reference": first.review.reference}))

    assert len(parse(response).find(tag="tbody").find_all(tag="tr")) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_version_detail_queries_constant(client_for, secretariat, django_assert_num_queries, rows):
    submission = _version_with(rows)
    client = client_for(secretariat)

    with django_assert_num_queries(VERSION_DETAIL_QUERIES):
        response = client.get(reverse("submissions:version_detail", kwargs=_kwargs(submission)))

    assert [len(table.find(tag="tbody").find_all(tag="tr")) for table in parse(response).find_all(tag="table")] == [
        rows, rows]


@pytest.mark.parametrize("rows", [1, 50])
def test_intake_queries_constant(client_for, secretariat, django_assert_num_queries, rows):
    submission = _version_with(rows)
    client = client_for(secretariat)

    with django_assert_num_queries(INTAKE_QUERIES):
        response = client.get(reverse("submissions:intake", kwargs=_kwargs(submission)))

    assert [len(table.find(tag="tbody").find_all(tag="tr")) for table in parse(response).find_all(tag="table")] == [
        rows, rows]


@pytest.mark.parametrize("rows", [1, 50])
def test_recommendation_list_queries_constant(client_for, secretariat, django_assert_num_queries, rows):
    submission = _version_with(rows)
    client = client_for(secretariat)

    with django_assert_num_queries(RECOMMENDATION_LIST_QUERIES):
        response = client.get(reverse("submissions:recommendations", kwargs=_kwargs(submission)))

    assert len(parse(response).find(tag="tbody").find_all(tag="tr")) == rows
