"""The meeting pages cost the same number of queries for 1 row as for 20: no N+1."""

import pytest
from django.urls import reverse

from panel.enums import AssessmentStatus
from panel.models import Assessment, Verdict
from tests.dhrqa.govuk_page import parse, table_column
from tests.factories import MeetingFactory, UserFactory, outcome
from tests.panel.meeting_setup import conflict, invite, item_on, planned, reader_of, url, waiting

pytestmark = pytest.mark.django_db

# Session, user, the count of meetings for the pagination, the page's meetings with chair and agenda count.
MEETING_LIST_QUERIES = 4
# Session, user; the meeting with its chair; its agenda items with review, CSP and verdict; the
# readers with their assessments; the conflicts with their members; the memberships.
MEETING_DETAIL_SECRETARIAT_QUERIES = 7
# The same, and the rules' one question: does this panel member sit on the meeting?
MEETING_DETAIL_MEMBER_QUERIES = 8
# Session, user, the meeting, the count of its agenda, the count of waiting versions for the
# pagination, the page of them, their people.
AGENDA_ADD_QUERIES = 7


@pytest.mark.parametrize("rows", [1, 20])
def test_meeting_list_queries_constant(client_for, secretariat, django_assert_num_queries, rows):
    for _ in range(rows):
        item_on(MeetingFactory())
    client = client_for(secretariat)

    with django_assert_num_queries(MEETING_LIST_QUERIES):
        response = client.get(reverse("panel:meeting_list"))

    assert table_column(response, 4) == ["1 of 10"] * rows


def _agenda(rows, member):
    """A meeting `member` sits on with `rows` items, each with what a row shows: two readers (one with a draft
    assessment), a pending verdict and another member's conflict; `member` is conflicted with the last."""
    meeting = planned(capacity=30)
    invite(meeting, member)
    for _ in range(rows):
        item = item_on(meeting)
        draft = reader_of(item)
        Assessment.objects.create(assignment=draft, status=AssessmentStatus.DRAFT)
        reader_of(item)
        Verdict.objects.create(agenda_item=item, outcome=outcome("adequate"), recorded_by=meeting.chair)
        colleague = UserFactory(panel_member=True)
        invite(meeting, colleague)
        conflict(colleague, item)
    conflict(member, item)
    return meeting


@pytest.mark.parametrize("rows", [1, 20])
def test_meeting_detail_secretariat_queries_constant(client_for, secretariat, panel_member,
                                                      django_assert_num_queries, rows):
    meeting = _agenda(rows, panel_member)
    client = client_for(secretariat)

    with django_assert_num_queries(MEETING_DETAIL_SECRETARIAT_QUERIES):
        response = client.get(url("meeting_detail", meeting))

    assert table_column(response, 0) == [str(position) for position in range(1, rows + 1)]
    # Two readers' tags and a verdict's for each item.
    assert len(parse(response).find(tag="tbody").find_all(cls="govuk-tag")) == 3 * rows
    assert len(parse(response).find(tag="tbody").find_all(tag="form")) == max(2 * rows - 2, 0)


@pytest.mark.parametrize("rows", [1, 20])
def test_meeting_detail_member_queries_constant(client_for, panel_member, django_assert_num_queries, rows):
    meeting = _agenda(rows, panel_member)
    client = client_for(panel_member)

    with django_assert_num_queries(MEETING_DETAIL_MEMBER_QUERIES):
        response = client.get(url("meeting_detail", meeting))

    assert table_column(response, 0) == [str(position) for position in range(1, rows + 1)]
    assert len(parse(response).find(tag="tbody").find_all(tag="a")) == rows - 1


@pytest.mark.parametrize("rows", [1, 20])
def test_agenda_add_queries_constant(client_for, secretariat, django_assert_num_queries, rows):
    meeting = planned()
    for number in range(1, rows + 1):
        waiting(f"KENT-2026-{number:03d}")
    client = client_for(secretariat)

    with django_assert_num_queries(AGENDA_ADD_QUERIES):
        response = client.get(url("agenda_add", meeting), {"q": "kent"})

    assert len(parse(response).find(tag="tbody").find_all(tag="form")) == rows
