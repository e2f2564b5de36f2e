"""A version once sent has nothing left to prepare: its preparation pages lead back to the version."""

import pytest
from django.urls import reverse

from dhrqa.models import AuditEvent
from submissions.models import Document, Recommendation
from tests.dhrqa.govuk_page import notification_banners
from tests.factories import RecommendationFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db

SENT = "This version has been sent and can no longer be changed"
PAGES = ["documents", "recommendation_add", "recommendations_import", "issues", "declaration", "submit",
         "document_remove", "recommendation_change", "recommendation_remove"]


@pytest.fixture
def sent():
    submission = SubmissionFactory()
    RecommendationFactory(submission=submission)
    return submission


def _url(name, submission):
    kwargs = {"reference": submission.review.reference, "number": submission.number}
    if name == "document_remove":
        kwargs["pk"] = submission.documents.first().pk
    elif name.startswith("recommendation_") and name != "recommendation_add":
        kwargs["pk"] = submission.recommendations.first().pk
    return reverse(f"submissions:{name}", kwargs=kwargs)


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_preparation_page_of_sent_version_leads_back_and_changes_nothing(client_for, sent, name, method):
    officer = UserFactory(csp_officer=True, csp=sent.review.csp)
    client = client_for(officer)
    before = (Document.objects.count(), Recommendation.objects.count(), AuditEvent.objects.count())

    response = getattr(client, method)(_url(name, sent), follow=True)

    version_url = reverse("submissions:version_detail",
                          kwargs={"reference": sent.review.reference, "number": sent.number})
    assert response.redirect_chain == [(version_url, 302)]
    assert notification_banners(response) == [SENT]
    assert (Document.objects.count(), Recommendation.objects.count(), AuditEvent.objects.count()) == before


def test_documents_json_request_on_sent_version_answers_409(client_for, sent):
    client = client_for(UserFactory(csp_officer=True, csp=sent.review.csp))

    response = client.post(_url("documents", sent), HTTP_ACCEPT="application/json")

    assert (response.status_code, response.json()) == (409, {"error": {"message": SENT}})
