"""A CSP officer never sees assessments, reader names, a verdict or its outcome before the letter is issued."""

import pytest
from django.urls import reverse

from panel.enums import LetterStatus
from panel.models import Assessment, SuggestedIssue
from panel.services.letters import issue_letter
from panel.services.verdicts import confirm_verdict, record_verdict
from tests.dhrqa.letters import make_letter
from tests.factories import AgendaItemFactory, MeetingFactory, ReaderAssignmentFactory, UserFactory, outcome

pytestmark = pytest.mark.django_db

READER = "Rae Unmistakable-Reader"
ISSUE = "Define coercive control where it is first mentioned."
STRENGTHS = "An unusually vivid account of her life."
SUGGESTION = "Paragraph 5.12 reads as blaming the victim."


@pytest.fixture
def decided(chair):
    """A version whose verdict is confirmed, its readers' assessments in, its letter not yet issued."""
    item = AgendaItemFactory(meeting=MeetingFactory(chair=chair, held=True))
    reading = ReaderAssignmentFactory(agenda_item=item, reader__full_name=READER)
    assessment = Assessment.objects.create(
        assignment=reading, status="submitted", strengths=STRENGTHS, submitted_at="2026-11-20T10:00Z",
        recommended_outcome=outcome("publish_after_changes", "publication-2016"))
    SuggestedIssue.objects.create(assessment=assessment, position=1, text=SUGGESTION)
    verdict = record_verdict(agenda_item=item, recorded_by=chair, outcome="publish_after_changes",
                             commendation=STRENGTHS, issues=[ISSUE], national_responses=[])
    confirm_verdict(verdict=verdict, confirmed_by=chair)
    officer = UserFactory(csp_officer=True, csp=item.submission.review.csp)
    return item, verdict, officer


def csp_pages(item):
    review = item.submission.review
    return [
        reverse("submissions:review_list"),
        reverse("submissions:review_detail", kwargs={"reference": review.reference}),
        reverse("submissions:version_detail", kwargs={"reference": review.reference, "number": 1}),
    ]


def test_csp_officer_pages_before_the_letter_show_nothing_of_the_panels_work(client_for, decided):
    item, _verdict, officer = decided
    client = client_for(officer)

    pages = {url: client.get(url) for url in csp_pages(item)}

    assert {url: response.status_code for url, response in pages.items()} == {url: 200 for url in pages}
    for url, response in pages.items():
        html = response.content.decode()
        found = [text for text in (READER, "Publish after changes", ISSUE, STRENGTHS, SUGGESTION, "assessment",
                                   "Verdict recorded", "Confirmed") if text in html]
        assert found == [], url
    assert "With the Panel" in pages[csp_pages(item)[1]].content.decode()


def test_csp_officer_panel_pages_of_their_own_review_not_found(client_for, decided):
    item, verdict, officer = decided
    reading = item.readers.get()
    urls = [
        reverse("panel:agenda_item_detail", kwargs={"pk": item.pk}),
        reverse("panel:assessments", kwargs={"pk": item.pk}),
        reverse("panel:assessment", kwargs={"pk": reading.pk}),
        reverse("panel:verdict_record", kwargs={"pk": item.pk}),
        reverse("panel:verdict_confirm", kwargs={"pk": item.pk}),
        reverse("panel:meeting_detail", kwargs={"pk": item.meeting_id}),
        reverse("panel:meeting_mode", kwargs={"pk": item.meeting_id}),
        reverse("panel:meeting_progress", kwargs={"pk": item.meeting_id}),
    ]

    answers = {url: client_for(officer).get(url).status_code for url in urls}

    assert answers == {url: 404 for url in urls}


def test_csp_officer_sees_the_issues_once_the_letter_is_issued(client_for, decided, secretariat):
    item, verdict, officer = decided
    issue_letter(letter=make_letter(verdict, LetterStatus.SIGNED), issued_by=secretariat)

    html = client_for(officer).get(csp_pages(item)[2]).content.decode()

    assert ISSUE in html
    assert READER not in html and SUGGESTION not in html
