"""Every list view costs the same number of queries for 1 row as for 50 (a full page): no N+1.

The Panel's pages and the users page; the submissions app's lists are in
tests/submissions/test_query_counts.py.
"""

import pytest
from django.urls import reverse

from panel.enums import LetterStatus
from panel.models import NationalRecommendationResponse, VerdictIssue
from tests.dhrqa.govuk_page import parse, table_column
from tests.dhrqa.letters import make_letter
from submissions.enums import SubmissionStatus
from tests.factories import AgendaItemFactory, MeetingFactory, SubmissionFactory, UserFactory, VerdictFactory

pytestmark = pytest.mark.django_db

# Every page starts with two: the session and the signed-in user.
# Session, user, the count of meetings for the pagination, the page's meetings with chair and agenda count.
MEETING_LIST_QUERIES = 4
# Session, user, meeting with chair, agenda items with review, CSP and verdict, the
# reviews' people; then Django's ModelBackend looks up the panel member's own and group
# permissions once, because `perms.panel.schedule_submission` is refused by the rules backend first.
MEETING_DETAIL_QUERIES = 7
# Session, user, the count of users for the pagination, the page's users with CSP.
USER_LIST_QUERIES = 4
# Session, user, meeting, its agenda items; then the waiting submissions three times:
# the template's `.exists()`, ModelChoiceIterator's count and the rows themselves, with their people.
AGENDA_ADD_QUERIES = 8
# Session, user, the item with meeting, review and verdict; then the review's people,
# documents with their stored files, issues, national responses and letters, each prefetched once.
AGENDA_ITEM_DETAIL_QUERIES = 8


@pytest.mark.parametrize("rows", [1, 50])
def test_meeting_list_queries_constant(client_for, secretariat, django_assert_max_num_queries, rows):
    for _ in range(rows):
        AgendaItemFactory(submission__documents=False)
    client = client_for(secretariat)

    with django_assert_max_num_queries(MEETING_LIST_QUERIES):
        response = client.get(reverse("panel:meeting_list"))

    assert table_column(response, 2) == ["1"] * rows


@pytest.mark.parametrize("rows", [1, 50])
def test_meeting_detail_queries_constant(client_for, panel_member, django_assert_max_num_queries, rows):
    meeting = MeetingFactory()
    for position in range(1, rows + 1):
        if position % 2:
            VerdictFactory(agenda_item__meeting=meeting, agenda_item__position=position,
                           agenda_item__submission__documents=False)
        else:
            AgendaItemFactory(meeting=meeting, position=position, submission__documents=False)
    client = client_for(panel_member)

    with django_assert_max_num_queries(MEETING_DETAIL_QUERIES):
        response = client.get(reverse("panel:meeting_detail", kwargs={"pk": meeting.pk}))

    assert table_column(response, 0) == [str(position) for position in range(1, rows + 1)]


@pytest.mark.parametrize("rows", [1, 50])
def test_user_list_queries_constant(client_for, secretariat, django_assert_max_num_queries, rows):
    # The secretariat officer looking is one of the rows.
    for _ in range(rows - 1):
        UserFactory(csp_officer=True)
    client = client_for(secretariat)

    with django_assert_max_num_queries(USER_LIST_QUERIES):
        response = client.get(reverse("user_list"))

    assert len(table_column(response)) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_agenda_add_queries_constant(client_for, secretariat, django_assert_max_num_queries, rows):
    meeting = MeetingFactory()
    for _ in range(rows):
        SubmissionFactory(documents=False, status=SubmissionStatus.ACCEPTED)
    client = client_for(secretariat)

    with django_assert_max_num_queries(AGENDA_ADD_QUERIES):
        response = client.get(reverse("panel:agenda_add", kwargs={"pk": meeting.pk}))

    assert len(parse(response).find_all(tag="input", cls="govuk-radios__input")) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_agenda_item_detail_queries_constant(client_for, secretariat, django_assert_max_num_queries, rows):
    verdict = VerdictFactory()
    for position in range(1, rows + 1):
        VerdictIssue.objects.create(verdict=verdict, position=position, text=f"Issue {position}")
        NationalRecommendationResponse.objects.create(
            verdict=verdict, position=position, recommendation_numbers=[position], text=f"Response {position}",
        )
        make_letter(verdict, LetterStatus.DRAFT)
    client = client_for(secretariat)

    with django_assert_max_num_queries(AGENDA_ITEM_DETAIL_QUERIES):
        response = client.get(reverse("panel:agenda_item_detail", kwargs={"pk": verdict.agenda_item.pk}))

    assert len(response.context["letters"]) == rows
