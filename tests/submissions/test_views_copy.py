"""What the submissions pages say about when things happened: "6 February 2026 at 7:30pm", never "7:30 p.m.."."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from dhrqa import clock
from submissions.services.versions import submit_submission
from tests.dhrqa.govuk_page import body_paragraphs, parse, table_column
from tests.factories import UserFactory
from tests.mfa import sign_in
from tests.submissions.journey import complete, draft_of, register
from tests.submissions.posted import version_url

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def officer():
    return UserFactory(csp_officer=True, full_name="Olive Officer")


def sent_at(officer, moment):
    with clock.at(moment - datetime.timedelta(hours=1)):
        draft = complete(draft_of(register(officer)), officer)
    with clock.at(moment):
        return submit_submission(submission=draft, submitted_by=officer)


@pytest.mark.parametrize(("moment", "shown"), [
    (datetime.datetime(2026, 2, 6, 19, 30, tzinfo=LONDON), "6 February 2026 at 7:30pm"),
    (datetime.datetime(2026, 7, 6, 18, 30, tzinfo=datetime.UTC), "6 July 2026 at 7:30pm"),
    (datetime.datetime(2026, 7, 6, 11, 0, tzinfo=datetime.UTC), "6 July 2026 at midday"),
    (datetime.datetime(2026, 2, 6, 9, 0, tzinfo=LONDON), "6 February 2026 at 9am"),
])
def test_version_detail_says_when_it_was_sent(client, officer, moment, shown):
    submission = sent_at(officer, moment)
    sign_in(client, officer)

    response = client.get(version_url("version_detail", submission))

    assert f"Sent by Olive Officer on {shown}." in body_paragraphs(response)


def test_review_detail_versions_and_timeline_give_the_time(client, officer):
    submission = sent_at(officer, datetime.datetime(2026, 2, 6, 19, 30, tzinfo=LONDON))
    sign_in(client, officer)

    response = client.get(reverse("submissions:review_detail", kwargs={"reference": submission.review.reference}))

    assert table_column(response, 1) == ["6 February 2026 at 7:30pm"]
    latest = parse(response).find(cls="moj-timeline__item")
    assert (latest.find(cls="moj-timeline__title").text(), latest.find(tag="time").text()) == (
        "Version 1 sent to the Home Office", "6 February 2026 at 7:30pm")


def test_intake_page_says_who_sent_it_and_when(client, officer, secretariat):
    submission = sent_at(officer, datetime.datetime(2026, 2, 6, 19, 30, tzinfo=LONDON))
    sign_in(client, secretariat)

    response = client.get(version_url("intake", submission))

    assert body_paragraphs(response)[0] == ("Sent by Olive Officer on 6 February 2026 at 7:30pm. "
                                            "Declaration made by Olive Officer.")
