"""The letters pages cost the same number of queries for 1 row as for 20: no N+1."""

import pytest
from django.urls import reverse

from panel.enums import LetterStatus
from panel.services.bulk_letters import build_bundle, request_bundle
from tests.dhrqa.govuk_page import table_column
from tests.dhrqa.letters import make_letter
from tests.factories import MeetingFactory, VerdictFactory

pytestmark = pytest.mark.django_db

# Session, user; the meeting; its confirmed items with verdict, outcome, review and CSP; their letters
# (without their words); the signed letters' fingerprints; the newest ZIP.
MEETING_LETTERS_QUERIES = 7
# Session, user, the count for the pagination, the page of letters with their meeting and sender.
LETTERS_TO_SIGN_QUERIES = 4


def _meeting_of(rows, chair, secretariat, status):
    meeting = MeetingFactory(held=True, chair=chair, created_by=secretariat, capacity=30)
    for position in range(1, rows + 1):
        verdict = VerdictFactory(agenda_item__meeting=meeting, agenda_item__position=position,
                                 agenda_item__submission__documents=False)
        make_letter(verdict, status, drafted_by=secretariat)
    return meeting


@pytest.mark.parametrize("rows", [1, 20])
def test_meeting_letters_queries_constant(client_for, secretariat, chair, django_assert_num_queries, rows,
                                          django_capture_on_commit_callbacks):
    meeting = _meeting_of(rows, chair, secretariat, LetterStatus.SIGNED)
    with django_capture_on_commit_callbacks(execute=False):
        bundle = request_bundle(meeting=meeting, requested_by=secretariat)
    build_bundle(bundle.pk)
    client = client_for(secretariat)

    with django_assert_num_queries(MEETING_LETTERS_QUERIES):
        response = client.get(reverse("panel:meeting_letters", kwargs={"pk": meeting.pk}))

    assert len(table_column(response)) == rows
    assert f"Download all {rows} signed letter" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 20])
def test_letters_to_sign_queries_constant(client_for, secretariat, chair, django_assert_num_queries, rows):
    _meeting_of(rows, chair, secretariat, LetterStatus.AWAITING_SIGNATURE)
    client = client_for(chair)

    with django_assert_num_queries(LETTERS_TO_SIGN_QUERIES):
        response = client.get(reverse("panel:letters_to_sign"))

    assert len(table_column(response)) == rows
