"""What a review found: typed issue text shown as text, and the Home Office never sees a CSP's drafts in lists."""

import pytest
from django.urls import reverse

from submissions.enums import IssueSource, SubmissionStatus
from submissions.models import RaisedIssue
from tests.dhrqa.govuk_page import parse
from tests.factories import SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_issues_page_shows_an_issue_typed_as_html_as_text(client_for):
    returned = SubmissionFactory(status=SubmissionStatus.RETURNED)
    RaisedIssue.objects.create(submission=returned, source=IssueSource.INTAKE, position=1,
                               text='<a href="https://evil.example">Read this</a>')
    draft = SubmissionFactory(review=returned.review, number=2, status=SubmissionStatus.DRAFT, documents=False)
    officer = UserFactory(csp_officer=True, csp=returned.review.csp)

    response = client_for(officer).get(reverse("submissions:issues", kwargs={
        "reference": draft.review.reference, "number": 2}))

    page = parse(response)
    assert [link.attrs.get("href") for link in page.find_all(tag="a")
            if link.attrs.get("href") == "https://evil.example"] == []
    assert page.find(cls="govuk-hint").text() == '<a href="https://evil.example">Read this</a>'


def test_review_list_home_office_sees_the_sent_version_not_the_draft(client_for, secretariat):
    sent = SubmissionFactory(status=SubmissionStatus.RETURNED)
    SubmissionFactory(review=sent.review, number=2, status=SubmissionStatus.DRAFT, documents=False)

    response = client_for(secretariat).get(reverse("submissions:review_list"))

    row = parse(response).find(tag="tbody").find(tag="tr")
    assert row.find_all(tag="td")[3].text() == "Returned to the CSP"
