"""The agenda item's page: what each person sees of a review on the agenda, and what it costs."""

import pytest
from django.urls import reverse

from panel.enums import LetterStatus
from panel.models import Assessment, NationalRecommendationResponse, VerdictIssue
from panel.services.readers import declare_conflict
from submissions.enums import IssueSource
from submissions.models import IssueResponse, RaisedIssue
from tests.dhrqa.govuk_page import parse
from tests.dhrqa.letters import make_letter
from tests.factories import (
    AgendaItemFactory,
    DocumentFactory,
    MeetingFactory,
    ReaderAssignmentFactory,
    RecommendationFactory,
    SubmissionFactory,
    UserFactory,
    VerdictFactory,
    outcome,
)

pytestmark = pytest.mark.django_db

# Session, user; the item with meeting, chair, review, CSP and verdict; the review's people, documents with
# their files, recommendations, readers with their assessments, the verdict's issues, its responses, their
# recommendations and its letters (each prefetched once); the recusals.
SECRETARIAT_QUERIES = 12
# As for the secretariat; then the rules ask, for each of the page's questions (may they see the item, read
# the papers, read the assessments, record the verdict, declare a conflict), whether the member sits on the
# meeting, has declared a conflict and reads the item: the same questions, whatever the number of rows.
MEMBER_QUERIES = 21


def page_with(rows, viewer):
    verdict = VerdictFactory(agenda_item__submission__documents=False)
    item = verdict.agenda_item
    for position in range(1, rows + 1):
        DocumentFactory(submission=item.submission, kind="other")
        rec = RecommendationFactory(submission=item.submission, position=position, number=str(position),
                                    scope="national", national_body="home_office")
        VerdictIssue.objects.create(verdict=verdict, position=position, text=f"Issue {position}")
        response = NationalRecommendationResponse.objects.create(
            verdict=verdict, position=position, routed_to="home_office", text=f"Response {position}")
        response.recommendations.set([rec])
        reading = ReaderAssignmentFactory(agenda_item=item)
        Assessment.objects.create(assignment=reading, status="draft")
        # The verdict's letters: earlier versions superseded, the newest in draft.
        make_letter(verdict, LetterStatus.DRAFT if position == rows else LetterStatus.SUPERSEDED)
    return item


@pytest.mark.parametrize("rows", [1, 20])
def test_agenda_item_page_queries_constant_for_secretariat(client_for, secretariat, django_assert_num_queries,
                                                           rows):
    item = page_with(rows, secretariat)
    client = client_for(secretariat)

    with django_assert_num_queries(SECRETARIAT_QUERIES):
        response = client.get(reverse("panel:agenda_item_detail", kwargs={"pk": item.pk}))

    assert (len(response.context["letters"]), len(response.context["readers"])) == (rows, rows)


@pytest.mark.parametrize("rows", [1, 20])
def test_agenda_item_page_queries_constant_for_a_member(client_for, django_assert_num_queries, rows):
    member = UserFactory(panel_member=True)
    item = page_with(rows, member)
    item.meeting.memberships.create(member=member, invited_by=item.meeting.created_by)
    client = client_for(member)

    with django_assert_num_queries(MEMBER_QUERIES):
        response = client.get(reverse("panel:agenda_item_detail", kwargs={"pk": item.pk}))

    assert len(response.context["readers"]) == rows


def test_agenda_item_page_resubmission_shows_last_versions_issues_beside_the_answers(client_for, secretariat):
    first = SubmissionFactory(documents=False, status="changes_requested")
    raised = [RaisedIssue.objects.create(submission=first, source=IssueSource.PANEL, position=position, text=text)
              for position, text in enumerate(["Define coercive control.", "Merge the action plans."], start=1)]
    second = SubmissionFactory(review=first.review, number=2, documents=False, status="scheduled")
    IssueResponse.objects.create(issue=raised[0], submission=second, text="Section 3.2 now defines it.",
                                 answered_by=UserFactory(csp_officer=True, csp=first.review.csp))
    item = AgendaItemFactory(submission=second, meeting=MeetingFactory(released=True))

    page = parse(client_for(secretariat).get(reverse("panel:agenda_item_detail", kwargs={"pk": item.pk})))

    section = next(h for h in page.find_all(tag="h2") if h.text().startswith("Issues raised"))
    assert section.text() == "Issues raised about version 1, and the CSP's answers"
    rows = [(row.find(cls="govuk-summary-list__key").text(), row.find(cls="govuk-summary-list__value").text())
            for row in page.find_all(cls="govuk-summary-list__row")][:2]
    assert rows == [("1. Define coercive control.", "Section 3.2 now defines it."),
                    ("2. Merge the action plans.", "Not answered")]


def test_agenda_item_page_before_papers_released_offers_no_documents(client_for):
    member = UserFactory(panel_member=True)
    item = AgendaItemFactory(meeting=MeetingFactory())
    item.meeting.memberships.create(member=member, invited_by=item.meeting.created_by)

    response = client_for(member).get(reverse("panel:agenda_item_detail", kwargs={"pk": item.pk}))
    document = item.submission.documents.first()
    download = client_for(member).get(reverse("panel:item_document",
                                              kwargs={"pk": item.pk, "document_pk": document.pk}))

    assert ("You can open the documents, the recommendations and the CSP's answers to earlier issues once the "
            "secretariat releases the papers for this meeting.") in response.content.decode()
    assert "<h2 class=\"govuk-heading-m\">Recommendations</h2>" not in response.content.decode()
    assert reverse("panel:item_document", kwargs={"pk": item.pk, "document_pk": document.pk}) not in \
        response.content.decode()
    assert download.status_code == 404


def test_agenda_item_page_shows_the_recusal_to_others(client_for, secretariat):
    item = AgendaItemFactory(meeting=MeetingFactory(released=True))
    member = UserFactory(panel_member=True, full_name="Rowan Patel")
    item.meeting.memberships.create(member=member, invited_by=secretariat)
    declare_conflict(review=item.submission.review, member=member, kind="local_area", reason="I live there.")

    page = parse(client_for(secretariat).get(reverse("panel:agenda_item_detail", kwargs={"pk": item.pk})))

    recusals = [item.text() for item in page.find_all(tag="li") if "takes no part" in item.text()]
    assert recusals == ["Rowan Patel declared a local area conflict of interest and takes no part in this item."]


def test_agenda_item_document_from_another_version_not_found(client_for, secretariat):
    item = AgendaItemFactory(meeting=MeetingFactory(released=True))
    elsewhere = DocumentFactory()

    response = client_for(secretariat).get(reverse("panel:item_document",
                                                   kwargs={"pk": item.pk, "document_pk": elsewhere.pk}))

    assert response.status_code == 404


def test_agenda_item_page_csp_officer_never_sees_it(client_for):
    verdict = VerdictFactory(outcome=outcome("inadequate"))
    officer = UserFactory(csp_officer=True, csp=verdict.agenda_item.submission.review.csp)

    response = client_for(officer).get(reverse("panel:agenda_item_detail",
                                               kwargs={"pk": verdict.agenda_item_id}))

    assert response.status_code == 404
