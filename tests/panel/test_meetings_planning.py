"""The meetings list, planning a meeting, changing it and its members: the secretariat's pages."""

import datetime

import pytest
from django.urls import reverse

from dhrqa.enums import AuditAction
from panel.models import Meeting
from tests.dhrqa.govuk_page import (
    error_summary,
    heading,
    notification_banners,
    parse,
    summary_links_without_target,
    table_column,
)
from tests.factories import MeetingFactory, UserFactory
from tests.panel.meeting_setup import MEETING_POST, invite, item_on, planned, reader_of, url
from tests.panel.scenario import audit_trail

pytestmark = pytest.mark.django_db

CREATE = reverse("panel:meeting_create")


# The list


def test_meeting_list_secretariat_sees_every_meeting_and_plan_button(client_for, secretariat):
    later = planned(start_time=datetime.time(14, 30), capacity=8)
    item_on(later)
    MeetingFactory(date=datetime.date(2026, 11, 4), held=True)

    response = client_for(secretariat).get(reverse("panel:meeting_list"))

    page = parse(response)
    assert page.find(tag="a", cls="govuk-button").text() == "Plan a meeting"
    assert table_column(response, 0) == ["9 December 2026", "4 November 2026"]
    assert table_column(response, 1) == ["2:30pm", "Not set"]
    assert table_column(response, 3) == ["Planned", "Held"]
    assert table_column(response, 4) == ["1 of 8", "0 of 10"]


def test_meeting_list_panel_member_sees_only_own_meetings(client_for, panel_member):
    planned(chair=panel_member)
    invited = MeetingFactory(date=datetime.date(2026, 10, 1))
    invite(invited, panel_member)
    MeetingFactory(date=datetime.date(2026, 11, 1))

    response = client_for(panel_member).get(reverse("panel:meeting_list"))

    assert table_column(response, 0) == ["9 December 2026", "1 October 2026"]
    assert table_column(response, 2) == [panel_member.full_name, invited.chair.full_name]
    assert parse(response).find(tag="a", cls="govuk-button") is None


def test_meeting_list_csp_officer_forbidden(client_for, csp_officer):
    assert client_for(csp_officer).get(reverse("panel:meeting_list")).status_code == 403


@pytest.mark.parametrize("page", ["abc", "-1", "0", "9" * 30, "\x00"])
def test_meeting_list_junk_page_shows_first_page(client_for, secretariat, page):
    planned()

    response = client_for(secretariat).get(reverse("panel:meeting_list"), {"page": page})

    assert table_column(response, 0) == ["9 December 2026"]


# Planning a meeting


def test_meeting_create_plans_meeting_with_members(client_for, secretariat, panel_member):
    other = UserFactory(panel_member=True)

    response = client_for(secretariat).post(CREATE, {**MEETING_POST, "chair": panel_member.pk,
                                                     "members": [other.pk, panel_member.pk]})

    meeting = Meeting.objects.get()
    assert response["Location"] == url("meeting_detail", meeting)
    assert (meeting.date, meeting.start_time, meeting.location, meeting.video_link, meeting.capacity,
            meeting.chair) == (datetime.date(2026, 12, 9), datetime.time(10, 30), "Room 1, 2 Marsham Street",
                               "https://teams.example/meet/123", 8, panel_member)
    assert list(meeting.memberships.values_list("member", flat=True)) == [other.pk]
    assert [(actor, action) for actor, action, _ in audit_trail(meeting)] == [
        (secretariat.pk, AuditAction.MEETING_CREATED)]


def test_meeting_create_form_offers_active_panel_people_only(client_for, secretariat, panel_member, chair):
    UserFactory(panel_member=True, is_active=False)
    UserFactory(csp_officer=True)

    response = client_for(secretariat).get(CREATE)

    page = parse(response)
    chairs = [option.attrs["value"] for option in page.find(id="id_chair").find_all(tag="option")]
    assert chairs == ["", *[str(person.pk) for person in sorted([panel_member, chair], key=lambda p: p.full_name)]]
    members = [box.attrs["value"] for box in page.find_all(tag="input", cls="govuk-checkboxes__input")]
    assert sorted(members) == sorted([str(panel_member.pk), str(chair.pk)])


@pytest.mark.parametrize("typed, expected", [
    ("10am", datetime.time(10)), ("10:30am", datetime.time(10, 30)), ("2:30pm", datetime.time(14, 30)),
    ("14:30", datetime.time(14, 30)), ("12pm", datetime.time(12)), ("12am", datetime.time(0)),
    (" 9.15 AM ", datetime.time(9, 15)), ("midday", datetime.time(12)), ("2 p.m.", datetime.time(14)),
])
def test_meeting_create_start_time_as_people_write_it(client_for, secretariat, chair, typed, expected):
    client_for(secretariat).post(CREATE, {**MEETING_POST, "start_time": typed, "chair": chair.pk})

    assert Meeting.objects.get().start_time == expected


@pytest.mark.parametrize("typed, message", [
    ("", "Enter the start time"),
    ("25:99", "Start time must be a real time, like 10am, 2:30pm or 14:30"),
    ("13pm", "Start time must be a real time, like 10am, 2:30pm or 14:30"),
    ("10:60", "Start time must be a real time, like 10am, 2:30pm or 14:30"),
    ("10", "Enter the start time in the correct format, like 10am, 2:30pm or 14:30"),
    ("half ten", "Enter the start time in the correct format, like 10am, 2:30pm or 14:30"),
    ("１０am", "Enter the start time in the correct format, like 10am, 2:30pm or 14:30"),
    ("10am\x00", "Enter the start time in the correct format, like 10am, 2:30pm or 14:30"),
    ("1" * 10_000, "Enter the start time in the correct format, like 10am, 2:30pm or 14:30"),
])
def test_meeting_create_junk_start_time_refused(client_for, secretariat, chair, typed, message):
    response = client_for(secretariat).post(CREATE, {**MEETING_POST, "start_time": typed, "chair": chair.pk})

    assert response.status_code == 200
    assert error_summary(response) == [("#id_start_time", message)]
    assert summary_links_without_target(response) == []
    assert Meeting.objects.count() == 0


@pytest.mark.parametrize("link", [
    "javascript:alert(1)", "http://teams.example/meet/1", "data:text/html,hi", "https://", "https://a b.example/",
    "https://teams.example/\u202emeet", "//teams.example/meet",
])
def test_meeting_create_video_link_not_https_refused(client_for, secretariat, chair, link):
    response = client_for(secretariat).post(CREATE, {**MEETING_POST, "video_link": link, "chair": chair.pk})

    assert error_summary(response) == [
        ("#id_video_link", "Enter the video link in the correct format, starting with https://")]
    assert Meeting.objects.count() == 0


def test_meeting_create_long_video_link_refused(client_for, secretariat, chair):
    response = client_for(secretariat).post(
        CREATE, {**MEETING_POST, "video_link": "https://teams.example/" + "a" * 600, "chair": chair.pk})

    assert error_summary(response) == [("#id_video_link", "Video link must be 500 characters or fewer")]
    assert Meeting.objects.count() == 0


@pytest.mark.parametrize("capacity, message", [
    ("-1", "Capacity must be between 1 and 30"),
    ("0", "Capacity must be between 1 and 30"),
    ("31", "Capacity must be between 1 and 30"),
    ("9999", "Capacity must be between 1 and 30"),
    ("abc", "Capacity must be a whole number, like 8"),
    ("2.5", "Capacity must be a whole number, like 8"),
    ("9" * 5000, "Capacity must be a whole number, like 8"),
    ("", "Enter the capacity"),
])
def test_meeting_create_junk_capacity_refused(client_for, secretariat, chair, capacity, message):
    response = client_for(secretariat).post(CREATE, {**MEETING_POST, "capacity": capacity, "chair": chair.pk})

    assert error_summary(response) == [("#id_capacity", message)]
    assert Meeting.objects.count() == 0


@pytest.mark.parametrize("chair, message", [
    ("", "Select who chairs the meeting"),
    ("abc", "Select who chairs the meeting from the list"),
    ("99999999999999999999999", "Select who chairs the meeting from the list"),
    ("-1", "Select who chairs the meeting from the list"),
])
def test_meeting_create_junk_chair_refused(client_for, secretariat, chair, message):
    response = client_for(secretariat).post(CREATE, {**MEETING_POST, "chair": chair})

    assert error_summary(response) == [("#id_chair", message)]
    assert Meeting.objects.count() == 0


def test_meeting_create_secretariat_as_chair_refused(client_for, secretariat):
    response = client_for(secretariat).post(CREATE, {**MEETING_POST, "chair": secretariat.pk})

    assert error_summary(response) == [("#id_chair", "Select who chairs the meeting from the list")]
    assert Meeting.objects.count() == 0


@pytest.mark.parametrize("member", ["abc", "99999999999999999999999"])
def test_meeting_create_junk_member_refused(client_for, secretariat, chair, member):
    response = client_for(secretariat).post(CREATE, {**MEETING_POST, "chair": chair.pk, "members": [member]})

    assert error_summary(response) == [("#id_members_1", "Select members from the list")]
    assert Meeting.objects.count() == 0


def test_meeting_create_panel_member_forbidden(client_for, chair):
    response = client_for(chair).post(CREATE, {**MEETING_POST, "chair": chair.pk})

    assert response.status_code == 403
    assert Meeting.objects.count() == 0


# Changing a meeting


def test_meeting_change_shows_current_values(client_for, secretariat):
    meeting = planned(start_time=datetime.time(14, 30), capacity=6, location="Room 1")

    page = parse(client_for(secretariat).get(url("meeting_change", meeting)))

    assert page.find(id="id_start_time").attrs["value"] == "2:30pm"
    assert page.find(id="id_capacity").attrs["value"] == "6"
    assert page.find(id="id_members") is None


def test_meeting_change_saves_and_records(client_for, secretariat):
    meeting = planned(start_time=datetime.time(10, 30), capacity=8, location="Room 1, 2 Marsham Street",
                      video_link="https://teams.example/meet/123")

    response = client_for(secretariat).post(url("meeting_change", meeting), {
        **MEETING_POST, "start_time": "2pm", "chair": meeting.chair.pk})

    assert response["Location"] == url("meeting_detail", meeting)
    meeting.refresh_from_db()
    assert meeting.start_time == datetime.time(14)
    assert audit_trail(meeting) == [(secretariat.pk, AuditAction.MEETING_CHANGED, {"changes": {
        "start_time": ["10:30:00", "14:00:00"]}})]


def test_meeting_change_capacity_below_agenda_refused(client_for, secretariat):
    meeting = planned(capacity=8)
    item_on(meeting)
    item_on(meeting)

    response = client_for(secretariat).post(url("meeting_change", meeting), {
        **MEETING_POST, "capacity": "1", "chair": meeting.chair.pk})

    assert error_summary(response) == [
        ("#id_capacity", "Capacity must be at least 2: the agenda already has 2 items")]
    meeting.refresh_from_db()
    assert meeting.capacity == 8


def test_meeting_change_once_held_refused(client_for, secretariat):
    meeting = MeetingFactory(held=True, date=datetime.date(2026, 12, 9), capacity=10)

    response = client_for(secretariat).post(url("meeting_change", meeting), {
        **MEETING_POST, "chair": meeting.chair.pk})

    assert error_summary(response) == [("#id_date_0", "A meeting that has been held can no longer be changed")]
    meeting.refresh_from_db()
    assert meeting.capacity == 10
    assert audit_trail(meeting) == []


def test_meeting_change_panel_member_forbidden(client_for, panel_member):
    meeting = planned(chair=panel_member)

    assert client_for(panel_member).get(url("meeting_change", meeting)).status_code == 403


# Members


def test_meeting_members_invites_new_members(client_for, secretariat):
    meeting = planned()
    newcomer = UserFactory(panel_member=True, full_name="Nia Newcomer")

    response = client_for(secretariat).post(url("meeting_members", meeting), {
        "members": [newcomer.pk], "invite": ""}, follow=True)

    assert notification_banners(response) == ["Invited: Nia Newcomer"]
    assert table_column(response, 0) == ["Nia Newcomer"]
    assert [(action, detail) for _, action, detail in audit_trail(meeting)] == [
        (AuditAction.MEMBER_INVITED, {"member": newcomer.email})]


def test_meeting_members_offers_only_those_not_invited(client_for, secretariat, panel_member):
    meeting = planned()
    invite(meeting, panel_member)
    newcomer = UserFactory(panel_member=True)

    page = parse(client_for(secretariat).get(url("meeting_members", meeting)))

    assert [box.attrs["value"] for box in page.find_all(tag="input", cls="govuk-checkboxes__input")] == [
        str(newcomer.pk)]


def test_meeting_members_invite_nobody_refused(client_for, secretariat):
    meeting = planned()
    UserFactory(panel_member=True)

    response = client_for(secretariat).post(url("meeting_members", meeting), {"invite": ""})

    assert error_summary(response) == [("#id_members_1", "Select the members to invite")]
    assert meeting.memberships.count() == 0


def test_meeting_members_remove_withdraws_invitation(client_for, secretariat, panel_member):
    meeting = planned()
    invite(meeting, panel_member)

    response = client_for(secretariat).post(url("meeting_members", meeting), {"remove": panel_member.pk},
                                            follow=True)

    assert notification_banners(response) == [f"{panel_member.full_name} is no longer invited to this meeting"]
    assert meeting.memberships.count() == 0


def test_meeting_members_remove_reader_refused(client_for, secretariat, panel_member):
    meeting = planned()
    reader_of(item_on(meeting), reader=panel_member)

    response = client_for(secretariat).post(url("meeting_members", meeting), {"remove": panel_member.pk},
                                            follow=True)

    assert notification_banners(response) == [
        f"{panel_member.full_name} reads a report on this agenda: remove them as a reader first"]
    assert meeting.memberships.count() == 1


@pytest.mark.parametrize("remove", ["abc", "", "99999999999999999999999"])
def test_meeting_members_remove_junk_changes_nothing(client_for, secretariat, panel_member, remove):
    meeting = planned()
    invite(meeting, panel_member)

    response = client_for(secretariat).post(url("meeting_members", meeting), {"remove": remove}, follow=True)

    assert notification_banners(response) == ["Select a member to remove"]
    assert meeting.memberships.count() == 1


def test_meeting_members_remove_someone_not_invited_404(client_for, secretariat, panel_member):
    meeting = planned()

    response = client_for(secretariat).post(url("meeting_members", meeting), {"remove": panel_member.pk})

    assert response.status_code == 404


def test_meeting_members_once_held_offers_no_changes(client_for, secretariat, panel_member):
    meeting = MeetingFactory(held=True)
    invite(meeting, panel_member)

    response = client_for(secretariat).get(url("meeting_members", meeting))

    page = parse(response)
    assert heading(response) == "Members of the meeting"
    assert page.find(tag="main").find_all(tag="button") == []
    assert table_column(response, 0) == [panel_member.full_name]
