"""A meeting's page: who may see it, its summary, members and agenda, and the actions each person is offered."""

import datetime

import pytest

from dhrqa import clock
from panel.enums import AssessmentStatus, VerdictStatus
from panel.models import Assessment
from tests.dhrqa.govuk_page import heading, parse, table_column
from tests.factories import MeetingFactory, UserFactory, VerdictFactory, outcome
from tests.panel.meeting_setup import MEETING_DATE, conflict, invite, item_on, planned, reader_of, url

pytestmark = pytest.mark.django_db


def _summary(response):
    page = parse(response)
    return {row.find(tag="dt").text(): row.find(tag="dd").text()
            for row in page.find_all(cls="govuk-summary-list__row")}


def _main(response):
    return parse(response).find(tag="main")


def _buttons_and_links(response):
    """The text of every button and link inside <main>, visually hidden text left out."""
    main = _main(response)
    return [element.text(include_hidden=False) for element in main.iter()
            if element.tag in ("a", "button")]


def _members(response):
    lists = _main(response).find_all(tag="ul", cls="govuk-list")
    return [item.text() for item in lists[0].find_all(tag="li")]


def test_meeting_detail_secretariat_sees_summary_members_and_agenda(client_for, secretariat):
    chair = UserFactory(chair=True, full_name="Cara Chair")
    meeting = planned(chair=chair, start_time=datetime.time(10, 30), location="Room 1", capacity=6,
                      video_link="https://teams.example/meet/1")
    first = item_on(meeting, "KENT-2026-001")
    item_on(meeting, "KENT-2026-002")
    reader = UserFactory(panel_member=True, full_name="Rita Reader")
    reading = reader_of(first, reader=reader)
    Assessment.objects.create(assignment=reading, status=AssessmentStatus.DRAFT)
    reader_of(first, reader=UserFactory(panel_member=True, full_name="Sam Second"))

    response = client_for(secretariat).get(url("meeting_detail", meeting))

    assert heading(response) == "QA Panel meeting, 9 December 2026"
    assert _summary(response) == {
        "Date": "9 December 2026", "Time": "10:30am", "Place": "Room 1", "Video link": "https://teams.example/meet/1",
        "Chair": "Cara Chair", "Status": "Planned", "Agenda": "2 of 6 places used",
    }
    assert _members(response) == ["Cara Chair (chair)", "Rita Reader", "Sam Second"]
    assert table_column(response, 1) == ["KENT-2026-001", "KENT-2026-002"]
    assert table_column(response, 3) == [
        "Rita Reader Draft Sam Second Not started Assign readers", "None assigned Assign readers"]
    assert table_column(response, 4) == ["Not recorded", "Not recorded"]
    assert table_column(response, 5) == ["Move down Move to another meeting", "Move up Move to another meeting"]
    main = _main(response)
    assert [form.attrs["action"] for form in main.find_all(tag="form")] == [
        url("agenda_reorder", first), url("agenda_reorder", meeting.agenda_items.get(position=2))]
    assert main.find(tag="a", cls="govuk-link").attrs["href"] == url("meeting_progress", meeting)
    assert [link.attrs["href"] for link in main.find_all(tag="a", cls="govuk-button")] == [
        url("meeting_release", meeting), url("agenda_add", meeting)]


def test_meeting_detail_reference_links_to_item_page(client_for, secretariat):
    meeting = planned()
    item = item_on(meeting, "KENT-2026-001")

    response = client_for(secretariat).get(url("meeting_detail", meeting))

    link = parse(response).find(tag="tbody").find(tag="a")
    assert (link.text(), link.attrs["href"]) == ("KENT-2026-001", url("agenda_item_detail", item))


def test_meeting_detail_panel_member_not_on_meeting_404(client_for, panel_member):
    meeting = planned()
    item_on(meeting)

    assert client_for(panel_member).get(url("meeting_detail", meeting)).status_code == 404


def test_meeting_detail_csp_officer_404(client_for, csp_officer):
    assert client_for(csp_officer).get(url("meeting_detail", planned())).status_code == 404


def test_meeting_detail_invited_member_sees_agenda_without_planning_actions(client_for, panel_member):
    meeting = MeetingFactory(released=True, date=MEETING_DATE)
    invite(meeting, panel_member)
    item = item_on(meeting, "KENT-2026-001")

    response = client_for(panel_member).get(url("meeting_detail", meeting))

    assert _buttons_and_links(response) == ["KENT-2026-001"]
    assert parse(response).find(tag="tbody").find(tag="a").attrs["href"] == url("agenda_item_detail", item)
    assert len(parse(response).find(tag="thead").find_all(tag="th")) == 5


def test_meeting_detail_conflicted_member_sees_no_link_and_own_conflict(client_for, panel_member):
    meeting = planned()
    invite(meeting, panel_member)
    item = item_on(meeting, "KENT-2026-001")
    reader_of(item, reader=UserFactory(panel_member=True, full_name="Rita Reader"))
    conflict(panel_member, item)

    response = client_for(panel_member).get(url("meeting_detail", meeting))

    assert table_column(response, 1) == ["KENT-2026-001 You have declared a conflict of interest"]
    assert parse(response).find(tag="tbody").find(tag="a") is None
    assert table_column(response, 3) == [""]
    assert table_column(response, 4) == [""]


def test_meeting_detail_conflicted_member_does_not_see_verdict(client_for, panel_member):
    meeting = MeetingFactory(held=True)
    invite(meeting, panel_member)
    verdict = VerdictFactory(agenda_item__meeting=meeting, agenda_item__position=1,
                             agenda_item__submission__documents=False)
    VerdictFactory(agenda_item__meeting=meeting, agenda_item__position=2,
                           agenda_item__submission__documents=False, outcome=outcome("inadequate"),
                           status=VerdictStatus.PENDING, confirmed_by=None, confirmed_at=None)
    conflict(panel_member, verdict.agenda_item)

    response = client_for(panel_member).get(url("meeting_detail", meeting))

    assert table_column(response, 4) == ["", "Inadequate Pending"]


def test_meeting_detail_shows_recusals_of_people_at_the_meeting(client_for, secretariat, panel_member):
    chair = UserFactory(chair=True, full_name="Cara Chair")
    meeting = planned(chair=chair)
    member = UserFactory(panel_member=True, full_name="Mo Member")
    invite(meeting, member)
    item = item_on(meeting, "KENT-2026-001")
    conflict(chair, item)
    conflict(member, item)
    conflict(panel_member, item)  # not at this meeting: not on its record

    response = client_for(secretariat).get(url("meeting_detail", meeting))

    assert table_column(response, 1) == [
        "KENT-2026-001 Cara Chair is recused: conflict of interest Mo Member is recused: conflict of interest"]


def test_meeting_detail_other_members_see_recusal(client_for, panel_member):
    meeting = planned()
    invite(meeting, panel_member)
    recused = UserFactory(panel_member=True, full_name="Mo Member")
    invite(meeting, recused)
    item = item_on(meeting, "KENT-2026-001")
    conflict(recused, item)

    response = client_for(panel_member).get(url("meeting_detail", meeting))

    assert table_column(response, 1) == ["KENT-2026-001 Mo Member is recused: conflict of interest"]
    assert parse(response).find(tag="tbody").find(tag="a").attrs["href"] == url("agenda_item_detail", item)


def test_meeting_detail_secretariat_sees_verdict_state(client_for, secretariat):
    meeting = MeetingFactory(held=True)
    VerdictFactory(agenda_item__meeting=meeting, agenda_item__position=1, agenda_item__submission__documents=False)

    response = client_for(secretariat).get(url("meeting_detail", meeting))

    assert table_column(response, 4) == ["Adequate Confirmed"]


def test_meeting_detail_chair_may_record_attendance_once_papers_released(client_for):
    chair = UserFactory(chair=True)
    meeting = MeetingFactory(released=True, chair=chair)
    item_on(meeting)

    response = client_for(chair).get(url("meeting_detail", meeting))

    buttons = _main(response).find_all(tag="a", cls="govuk-button")
    assert [(link.text(), link.attrs["href"]) for link in buttons] == [
        ("Record attendance", url("meeting_hold", meeting))]
    assert "See progress" in _buttons_and_links(response)


def test_meeting_detail_member_offered_neither_attendance_nor_progress(client_for, panel_member):
    meeting = MeetingFactory(released=True)
    invite(meeting, panel_member)

    response = client_for(panel_member).get(url("meeting_detail", meeting))

    assert _buttons_and_links(response) == []


def test_meeting_detail_held_shows_attendance_and_meeting_mode(client_for, secretariat):
    chair = UserFactory(chair=True, full_name="Cara Chair")
    meeting = MeetingFactory(released=True, chair=chair, date=MEETING_DATE)
    came, away = UserFactory(panel_member=True, full_name="Ann Came"), UserFactory(panel_member=True,
                                                                                  full_name="Bob Away")
    invite(meeting, came, away)
    item_on(meeting)
    with clock.at(MEETING_DATE):
        # Signed in on the day: a session idle since a clock days away would have ended.
        client = client_for(chair)
        client.post(url("meeting_hold", meeting), {"attended": [came.pk]})
        response = client.get(url("meeting_detail", meeting))

    assert _members(response) == ["Cara Chair (chair): Attended", "Ann Came: Attended", "Bob Away: Absent"]
    assert [link.text() for link in _main(response).find_all(tag="a", cls="govuk-button")] == ["Open meeting mode"]

    response = client_for(secretariat).get(url("meeting_detail", meeting))

    assert [link.text() for link in _main(response).find_all(tag="a", cls="govuk-button")] == [
        "Open meeting mode", "Close the meeting"]
    assert _main(response).find_all(tag="form") == []
