"""loaddemo's Panel meeting of 1 December 2026: held, ready for meeting mode, with readers' views to weigh."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from panel.enums import AssessmentStatus, MeetingStatus
from panel.models import Meeting
from submissions.enums import SubmissionStatus
from tests.mfa import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(signing_certificate):
    call_command("loaddemo", stdout=io.StringIO())
    return Meeting.objects.get(date=datetime.date(2026, 12, 1))


def test_demo_meeting_is_held_with_two_csps_reviews_and_the_first_item_current(meeting):
    items = list(meeting.agenda_items.select_related("submission__review__csp").order_by("position"))

    assert meeting.status == MeetingStatus.HELD
    assert [(item.submission.review.csp.code, item.submission.status) for item in items] == [
        ("kent", SubmissionStatus.SCHEDULED), ("medway", SubmissionStatus.SCHEDULED)]
    assert meeting.current_item == items[0]
    assert meeting.chair.email == "chair@homeoffice.example"
    assert sorted(meeting.memberships.values_list("member__email", "attended")) == [
        ("member@homeoffice.example", True), ("panel@homeoffice.example", True),
        ("reader@homeoffice.example", True)]


def test_demo_meeting_each_review_has_one_submitted_and_one_draft_assessment(meeting):
    readings = {
        item.submission.review.csp.code: sorted(
            (reading.reader.email, reading.assessment.status) for reading in item.readers.all())
        for item in meeting.agenda_items.prefetch_related("readers__reader", "readers__assessment")
    }

    assert readings == {
        "kent": [("panel@homeoffice.example", AssessmentStatus.SUBMITTED),
                 ("reader@homeoffice.example", AssessmentStatus.DRAFT)],
        "medway": [("panel@homeoffice.example", AssessmentStatus.DRAFT),
                   ("reader@homeoffice.example", AssessmentStatus.SUBMITTED)],
    }


def test_demo_meeting_conflicted_member_recused_from_medway_only(meeting, client):
    kent, medway = meeting.agenda_items.order_by("position")
    sign_in(client, meeting.members.get(email="member@homeoffice.example"))

    answers = [client.get(reverse("panel:agenda_item_detail", kwargs={"pk": item.pk})).status_code
               for item in (kent, medway)]

    assert answers == [200, 404]
