"""Releasing the papers, recording attendance and closing a meeting, through their pages."""

import datetime

import pytest
from django.urls import reverse

from dhrqa import clock
from dhrqa.enums import AuditAction
from panel.enums import MeetingStatus
from tests.dhrqa.govuk_page import body_paragraphs, error_summary, heading, notification_banners, parse
from tests.factories import MeetingFactory, UserFactory, VerdictFactory
from tests.panel.meeting_setup import MEETING_DATE, invite, item_on, planned, reader_of, url
from tests.panel.scenario import audit_trail

pytestmark = pytest.mark.django_db


def _status(meeting):
    meeting.refresh_from_db()
    return meeting.status


# Releasing the papers


def test_meeting_release_page_counts_items_members_and_readers(client_for, secretariat):
    meeting = planned()
    first = item_on(meeting)
    item_on(meeting)
    reader = UserFactory(panel_member=True)
    reader_of(first, reader=reader)
    reader_of(first)
    invite(meeting, UserFactory(panel_member=True))

    response = client_for(secretariat).get(url("meeting_release", meeting))

    assert heading(response) == "Release the papers"
    items = [item.text() for item in parse(response).find(cls="govuk-list--bullet").find_all(tag="li")]
    assert items == ["2 items on the agenda", "3 invited members and the chair", "2 readers assigned"]


def test_meeting_release_releases_papers(client_for, secretariat):
    meeting = planned()
    item_on(meeting)

    response = client_for(secretariat).post(url("meeting_release", meeting), follow=True)

    assert response.redirect_chain == [(url("meeting_detail", meeting), 302)]
    assert notification_banners(response) == [
        "The papers have been released: the members can now open the documents"]
    assert _status(meeting) == MeetingStatus.PAPERS_RELEASED
    assert [(actor, action) for actor, action, _ in audit_trail(meeting)] == [
        (secretariat.pk, AuditAction.PAPERS_RELEASED)]


def test_meeting_release_empty_agenda_refused(client_for, secretariat):
    meeting = planned()

    response = client_for(secretariat).post(url("meeting_release", meeting))

    assert response.status_code == 200
    assert error_summary(response) == [
        ("#main-content", "Put at least one review on the agenda before releasing the papers")]
    assert parse(response).find(tag="title").text().startswith("Error: Release the papers")
    assert _status(meeting) == MeetingStatus.PLANNED
    assert audit_trail(meeting) == []


def test_meeting_release_chair_forbidden(client_for):
    chair = UserFactory(chair=True)
    meeting = planned(chair=chair)
    item_on(meeting)

    assert client_for(chair).post(url("meeting_release", meeting)).status_code == 403
    assert _status(meeting) == MeetingStatus.PLANNED


def test_meeting_release_unknown_meeting_404(client_for, secretariat):
    response = client_for(secretariat).post("/meetings/987654321/release-papers/")

    assert response.status_code == 404


# Recording attendance


def test_meeting_hold_chair_records_attendance_and_goes_to_meeting_mode(client_for):
    chair = UserFactory(chair=True)
    meeting = MeetingFactory(released=True, chair=chair, date=MEETING_DATE)
    came, away = UserFactory(panel_member=True), UserFactory(panel_member=True)
    invite(meeting, came, away)
    item_on(meeting)

    with clock.at(MEETING_DATE):
        response = client_for(chair).post(url("meeting_hold", meeting), {"attended": [came.pk]})

    assert response["Location"] == url("meeting_mode", meeting)
    assert _status(meeting) == MeetingStatus.HELD
    assert dict(meeting.memberships.values_list("member", "attended")) == {came.pk: True, away.pk: False}
    assert [(actor, action) for actor, action, _ in audit_trail(meeting)] == [(chair.pk, AuditAction.MEETING_HELD)]


def test_meeting_hold_secretariat_goes_back_to_meeting(client_for, secretariat):
    meeting = MeetingFactory(released=True, date=MEETING_DATE)
    item_on(meeting)

    with clock.at(MEETING_DATE):
        response = client_for(secretariat).post(url("meeting_hold", meeting))

    assert response["Location"] == url("meeting_detail", meeting)
    assert _status(meeting) == MeetingStatus.HELD


def test_meeting_hold_offers_invited_members(client_for, secretariat):
    meeting = MeetingFactory(released=True)
    member = UserFactory(panel_member=True)
    invite(meeting, member)
    UserFactory(panel_member=True)

    page = parse(client_for(secretariat).get(url("meeting_hold", meeting)))

    assert [box.attrs["value"] for box in page.find_all(tag="input", cls="govuk-checkboxes__input")] == [
        str(member.pk)]
    assert page.find(id="id_attended_hint").text() == (
        f"Select the members who are here. The chair, {meeting.chair.full_name}, is recorded as present")


def test_meeting_hold_before_the_day_refused(client_for, secretariat):
    meeting = MeetingFactory(released=True, date=MEETING_DATE)
    item_on(meeting)

    with clock.at(MEETING_DATE - datetime.timedelta(days=1)):
        response = client_for(secretariat).post(url("meeting_hold", meeting))

    assert error_summary(response) == [
        ("#id_attended_1", "This meeting is on 9 December 2026: record it as held on the day")]
    assert _status(meeting) == MeetingStatus.PAPERS_RELEASED
    assert audit_trail(meeting) == []


def test_meeting_hold_stranger_refused(client_for, secretariat, panel_member):
    meeting = MeetingFactory(released=True, date=MEETING_DATE)

    with clock.at(MEETING_DATE):
        response = client_for(secretariat).post(url("meeting_hold", meeting), {"attended": [panel_member.pk]})

    assert error_summary(response) == [("#id_attended_1", "Select members invited to this meeting")]
    assert _status(meeting) == MeetingStatus.PAPERS_RELEASED


def test_meeting_hold_invited_member_forbidden(client_for, panel_member):
    meeting = MeetingFactory(released=True, date=MEETING_DATE)
    invite(meeting, panel_member)

    with clock.at(MEETING_DATE):
        response = client_for(panel_member).post(url("meeting_hold", meeting))

    assert response.status_code == 403
    assert _status(meeting) == MeetingStatus.PAPERS_RELEASED


def test_meeting_hold_member_not_on_meeting_404(client_for, panel_member):
    meeting = MeetingFactory(released=True, date=MEETING_DATE)

    assert client_for(panel_member).get(url("meeting_hold", meeting)).status_code == 404


# Closing


def test_meeting_close_with_undecided_item_refused(client_for, secretariat):
    meeting = MeetingFactory(held=True)
    VerdictFactory(agenda_item__meeting=meeting, agenda_item__position=1, agenda_item__submission__documents=False)
    item_on(meeting)

    response = client_for(secretariat).post(url("meeting_close", meeting))

    assert error_summary(response) == [("#main-content", "1 item on the agenda has no confirmed verdict yet")]
    assert _status(meeting) == MeetingStatus.HELD


def test_meeting_close_closes_meeting(client_for, secretariat):
    meeting = MeetingFactory(held=True)
    VerdictFactory(agenda_item__meeting=meeting, agenda_item__position=1, agenda_item__submission__documents=False)

    response = client_for(secretariat).post(url("meeting_close", meeting), follow=True)

    assert notification_banners(response) == ["The meeting has been closed"]
    assert _status(meeting) == MeetingStatus.CLOSED
    assert [(actor, action) for actor, action, _ in audit_trail(meeting)] == [
        (secretariat.pk, AuditAction.MEETING_CLOSED)]


def test_meeting_close_page_explains(client_for, secretariat):
    meeting = MeetingFactory(held=True)

    response = client_for(secretariat).get(url("meeting_close", meeting))

    assert body_paragraphs(response) == [
        "Close the meeting once every item on its agenda has a confirmed verdict. "
        "A closed meeting stays on the record as it is."]


def test_meeting_close_chair_forbidden(client_for):
    chair = UserFactory(chair=True)
    meeting = MeetingFactory(held=True, chair=chair)

    assert client_for(chair).post(url("meeting_close", meeting)).status_code == 403
    assert _status(meeting) == MeetingStatus.HELD


def test_meeting_hold_page_shows_the_chairs_name_as_text(client_for, secretariat):
    meeting = MeetingFactory(released=True, chair__full_name="<i>Evil</i> Chair", created_by=secretariat)

    response = client_for(secretariat).get(reverse("panel:meeting_hold", kwargs={"pk": meeting.pk}))

    assert "The chair, &lt;i&gt;Evil&lt;/i&gt; Chair, is recorded as present" in response.content.decode()
    assert "<i>Evil</i>" not in response.content.decode()
