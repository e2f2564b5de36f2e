"""Adding to an agenda, reordering it and moving an item to another meeting, through their pages."""

import datetime

import pytest

from dhrqa.enums import AuditAction
from panel.enums import MeetingStatus
from panel.models import AgendaItem
from submissions.enums import SubmissionStatus
from tests.dhrqa.govuk_page import error_summary, notification_banners, parse, table_column
from tests.factories import MeetingFactory, SubmissionFactory, UserFactory, VerdictFactory
from tests.panel.meeting_setup import MEETING_DATE, item_on, planned, reader_of, url, waiting
from tests.panel.scenario import audit_trail

pytestmark = pytest.mark.django_db


def _order(meeting):
    return list(meeting.agenda_items.order_by("position").values_list("submission__review__reference", flat=True))


def _references(response):
    return [cell.split(",")[0] for cell in table_column(response, 0)]


# What can be scheduled


def test_agenda_add_offers_only_accepted_versions_not_on_an_agenda(client_for, secretariat):
    meeting = planned(capacity=4)
    older = waiting("OLD-2026-001")
    newer = waiting("NEW-2026-001")
    older.submitted_at = datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC)
    newer.submitted_at = datetime.datetime(2026, 2, 5, 9, tzinfo=datetime.UTC)
    for submission in (older, newer):
        submission.save(update_fields=["submitted_at"])
    item_on(meeting, "SCHED-2026-001")
    SubmissionFactory(documents=False, review__reference="RECV-2026-001", status=SubmissionStatus.SUBMITTED)
    SubmissionFactory(documents=False, review__reference="DRAFT-2026-001", status=SubmissionStatus.DRAFT)

    response = client_for(secretariat).get(url("agenda_add", meeting))

    assert _references(response) == ["OLD-2026-001", "NEW-2026-001"]
    assert table_column(response, 2) == ["Louise Perpetrator: Neil", "Louise Perpetrator: Neil"]
    assert table_column(response, 3) == ["5 January 2026", "5 February 2026"]
    assert parse(response).find(tag="main").find(tag="p", cls="govuk-body").text() == (
        "1 of 4 places on the agenda used.")


def test_agenda_add_each_row_posts_its_own_submission(client_for, secretariat):
    meeting = planned()
    submission = waiting("WAIT-2026-001")

    response = client_for(secretariat).get(url("agenda_add", meeting))

    form = parse(response).find(tag="tbody").find(tag="form")
    assert form.attrs["method"] == "post"
    assert [(field.attrs["name"], field.attrs["value"]) for field in form.find_all(tag="input")
            if field.attrs["name"] != "csrfmiddlewaretoken"] == [("submission", str(submission.pk))]
    button = form.find(tag="button")
    assert (button.text(include_hidden=False), button.text()) == ("Add to agenda", "Add to agenda WAIT-2026-001")


@pytest.mark.parametrize("q, found", [
    ("kent", ["KENT-2026-001"]),
    ("Medway Community", ["MEDW-2026-001"]),
    ("amira", ["KENT-2026-001"]),
    ("BOB", ["MEDW-2026-001"]),
    ("  kent-2026  ", ["KENT-2026-001"]),
    ("nothing like it", []),
    ("%", []),
    ("_", []),
])
def test_agenda_add_search_by_reference_csp_or_pseudonym(client_for, secretariat, q, found):
    meeting = planned()
    waiting("KENT-2026-001", csp_name="Kent Community Safety Partnership", victim="Amira", perpetrator="Tom")
    waiting("MEDW-2026-001", csp_name="Medway Community Safety Partnership", victim="Jo", perpetrator="Bob")

    response = client_for(secretariat).get(url("agenda_add", meeting), {"q": q})

    assert _references(response) == found
    assert error_summary(response) == []


@pytest.mark.parametrize("q, message", [
    ("kent\x00", "Search must not contain control characters"),
    ("k" * 10_000, "Search must be 100 characters or fewer"),
    ("kent\u202e", "Search must not contain characters that change the direction of text"),
])
def test_agenda_add_junk_search_shows_error_and_everything(client_for, secretariat, q, message):
    meeting = planned()
    waiting("KENT-2026-001")
    waiting("MEDW-2026-001")

    response = client_for(secretariat).get(url("agenda_add", meeting), {"q": q})

    assert response.status_code == 200
    assert error_summary(response) == [("#id_q", message)]
    assert parse(response).find(tag="title").text().startswith("Error: Add to the agenda")
    assert _references(response) == ["KENT-2026-001", "MEDW-2026-001"]


@pytest.mark.parametrize("page", ["abc", "-1", "0", "9" * 30, "2\x00"])
def test_agenda_add_junk_page_shows_first_page(client_for, secretariat, page):
    meeting = planned()
    waiting("KENT-2026-001")

    response = client_for(secretariat).get(url("agenda_add", meeting), {"page": page})

    assert _references(response) == ["KENT-2026-001"]


def test_agenda_add_pages_of_fifty_keep_the_search(client_for, secretariat):
    meeting = planned()
    for number in range(1, 52):
        waiting(f"KENT-2026-{number:03d}")
    waiting("MEDW-2026-001")

    response = client_for(secretariat).get(url("agenda_add", meeting), {"q": "kent", "page": "2"})

    assert _references(response) == ["KENT-2026-051"]
    previous = parse(response).find(tag="a", cls="govuk-pagination__link")
    assert previous.attrs["href"] == "?q=kent&page=1"


def test_agenda_add_nothing_waiting_says_so(client_for, secretariat):
    meeting = planned()

    response = client_for(secretariat).get(url("agenda_add", meeting))

    assert parse(response).find(tag="table") is None
    assert "No submissions are waiting for a meeting." in [
        p.text() for p in parse(response).find(tag="main").find_all(tag="p")]


def test_agenda_add_full_agenda_offers_no_buttons(client_for, secretariat):
    meeting = planned(capacity=1)
    item_on(meeting)
    waiting("KENT-2026-001")

    response = client_for(secretariat).get(url("agenda_add", meeting))

    main = parse(response).find(tag="main")
    assert main.find(cls="govuk-inset-text").text() == (
        "The agenda is full. Raise the meeting's capacity to add more.")
    assert main.find(tag="tbody").find_all(tag="form") == []


def test_agenda_add_panel_member_forbidden(client_for):
    chair = UserFactory(chair=True)
    meeting = planned(chair=chair)

    assert client_for(chair).get(url("agenda_add", meeting)).status_code == 403


# Adding


def test_agenda_add_post_adds_version_at_end(client_for, secretariat):
    meeting = planned()
    item_on(meeting, "SCHED-2026-001")
    submission = waiting("KENT-2026-001")

    response = client_for(secretariat).post(url("agenda_add", meeting), {"submission": submission.pk, "q": "kent"},
                                            follow=True)

    assert response.redirect_chain == [(url("agenda_add", meeting) + "?q=kent", 302)]
    assert notification_banners(response) == ["KENT-2026-001 has been added to the agenda"]
    assert _order(meeting) == ["SCHED-2026-001", "KENT-2026-001"]
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SCHEDULED
    assert [(actor, action) for actor, action, _ in audit_trail(submission)] == [
        (secretariat.pk, AuditAction.SUBMISSION_SCHEDULED)]


def test_agenda_add_post_to_full_agenda_refused(client_for, secretariat):
    meeting = planned(capacity=1)
    item_on(meeting, "SCHED-2026-001")
    submission = waiting("KENT-2026-001")

    response = client_for(secretariat).post(url("agenda_add", meeting), {"submission": submission.pk}, follow=True)

    assert notification_banners(response) == [
        "The agenda of the QA Panel meeting, 9 December 2026 is full: it takes 1 items"]
    assert _order(meeting) == ["SCHED-2026-001"]
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED


def test_agenda_add_post_to_held_meeting_refused(client_for, secretariat):
    meeting = MeetingFactory(held=True, date=MEETING_DATE)
    submission = waiting("KENT-2026-001")

    response = client_for(secretariat).post(url("agenda_add", meeting), {"submission": submission.pk}, follow=True)

    assert notification_banners(response) == [
        "The agenda of the QA Panel meeting, 9 December 2026 can no longer change: the meeting has been held"]
    assert AgendaItem.objects.count() == 0


def test_agenda_add_post_version_already_scheduled_refused(client_for, secretariat):
    elsewhere = item_on(planned(), "SCHED-2026-001")
    meeting = planned()

    response = client_for(secretariat).post(url("agenda_add", meeting), {"submission": elsewhere.submission.pk},
                                            follow=True)

    assert notification_banners(response) == [
        "SCHED-2026-001 must be accepted, and not already on an agenda, to be scheduled"]
    assert meeting.agenda_items.count() == 0


@pytest.mark.parametrize("submission", ["", "abc", "-1", "99999999999999999999999", "1\x00"])
def test_agenda_add_post_junk_submission_refused(client_for, secretariat, submission):
    meeting = planned()

    response = client_for(secretariat).post(url("agenda_add", meeting), {"submission": submission}, follow=True)

    assert notification_banners(response) == ["Select a submission to add to the agenda"]
    assert AgendaItem.objects.count() == 0


def test_agenda_add_post_draft_refused(client_for, secretariat):
    meeting = planned()
    draft = SubmissionFactory(documents=False, status=SubmissionStatus.DRAFT)

    response = client_for(secretariat).post(url("agenda_add", meeting), {"submission": draft.pk}, follow=True)

    assert notification_banners(response) == ["Select a submission to add to the agenda"]
    assert AgendaItem.objects.count() == 0


def test_agenda_add_post_panel_member_forbidden(client_for):
    chair = UserFactory(chair=True)
    meeting = planned(chair=chair)
    submission = waiting("KENT-2026-001")

    response = client_for(chair).post(url("agenda_add", meeting), {"submission": submission.pk})

    assert response.status_code == 403
    assert AgendaItem.objects.count() == 0


# Reordering


def test_agenda_reorder_moves_item_up(client_for, secretariat):
    meeting = planned()
    item_on(meeting, "A-2026-001")
    second = item_on(meeting, "B-2026-001")

    response = client_for(secretariat).post(url("agenda_reorder", second), {"direction": "up"})

    assert response["Location"] == url("meeting_detail", meeting)
    assert _order(meeting) == ["B-2026-001", "A-2026-001"]
    assert [(actor, action) for actor, action, _ in audit_trail(meeting)] == [
        (secretariat.pk, AuditAction.AGENDA_REORDERED)]


def test_agenda_reorder_get_not_allowed(client_for, secretariat):
    item = item_on(planned())

    assert client_for(secretariat).get(url("agenda_reorder", item)).status_code == 405


@pytest.mark.parametrize("direction", ["", "sideways", "up\x00", "u" * 10_000])
def test_agenda_reorder_junk_direction_changes_nothing(client_for, secretariat, direction):
    meeting = planned()
    item_on(meeting, "A-2026-001")
    second = item_on(meeting, "B-2026-001")

    response = client_for(secretariat).post(url("agenda_reorder", second), {"direction": direction}, follow=True)

    assert notification_banners(response) == ["Select whether to move the item up or down"]
    assert _order(meeting) == ["A-2026-001", "B-2026-001"]


def test_agenda_reorder_held_meeting_refused(client_for, secretariat):
    meeting = MeetingFactory(held=True, date=MEETING_DATE)
    item_on(meeting, "A-2026-001")
    second = item_on(meeting, "B-2026-001")

    response = client_for(secretariat).post(url("agenda_reorder", second), {"direction": "up"}, follow=True)

    assert notification_banners(response) == [
        "The agenda of the QA Panel meeting, 9 December 2026 can no longer change: the meeting has been held"]
    assert _order(meeting) == ["A-2026-001", "B-2026-001"]


def test_agenda_reorder_after_verdict_refused(client_for, secretariat):
    meeting = MeetingFactory(held=True)
    decided = VerdictFactory(agenda_item__meeting=meeting, agenda_item__position=1,
                             agenda_item__submission__documents=False).agenda_item
    item_on(meeting)

    response = client_for(secretariat).post(url("agenda_reorder", decided), {"direction": "down"}, follow=True)

    assert notification_banners(response) == ["The Panel has recorded a verdict on item 1: it stays where it is"]
    decided.refresh_from_db()
    assert decided.position == 1


def test_agenda_reorder_panel_member_forbidden(client_for):
    chair = UserFactory(chair=True)
    meeting = planned(chair=chair)
    item_on(meeting, "A-2026-001")
    second = item_on(meeting, "B-2026-001")

    assert client_for(chair).post(url("agenda_reorder", second), {"direction": "up"}).status_code == 403
    assert _order(meeting) == ["A-2026-001", "B-2026-001"]


def test_agenda_reorder_unknown_item_404(client_for, secretariat):
    response = client_for(secretariat).post("/agenda-items/987654321/reorder/", {"direction": "up"})

    assert response.status_code == 404


# Moving to another meeting


def test_agenda_move_offers_open_meetings_with_room(client_for, secretariat):
    source = planned()
    item = item_on(source, "A-2026-001")
    later = MeetingFactory(date=datetime.date(2027, 1, 20), capacity=3)
    item_on(later)
    MeetingFactory(date=datetime.date(2026, 12, 16), released=True)
    full = MeetingFactory(date=datetime.date(2027, 2, 3), capacity=1)
    item_on(full)
    MeetingFactory(date=datetime.date(2026, 11, 4), held=True)

    response = client_for(secretariat).get(url("agenda_move", item))

    labels = [label.text() for label in parse(response).find_all(tag="label", cls="govuk-radios__label")]
    assert labels == ["QA Panel meeting, 16 December 2026 (0 of 10 places used)",
                      "QA Panel meeting, 20 January 2027 (1 of 3 places used)"]


def test_agenda_move_no_meeting_with_room_says_so(client_for, secretariat):
    item = item_on(planned(), "A-2026-001")

    response = client_for(secretariat).get(url("agenda_move", item))

    main = parse(response).find(tag="main")
    assert main.find(tag="form") is None
    assert main.find(tag="p", cls="govuk-body").text() == (
        "No other meeting has room on its agenda. Plan a meeting or raise another meeting's capacity first.")


def test_agenda_move_moves_item_with_readers(client_for, secretariat):
    source = planned()
    item = item_on(source, "A-2026-001")
    assignment = reader_of(item)
    target = MeetingFactory(date=datetime.date(2027, 1, 20))

    response = client_for(secretariat).post(url("agenda_move", item), {"meeting": target.pk}, follow=True)

    assert response.redirect_chain == [(url("meeting_detail", target), 302)]
    assert notification_banners(response) == ["A-2026-001 has been moved to the QA Panel meeting, 20 January 2027"]
    assert _order(target) == ["A-2026-001"]
    assert _order(source) == []
    assert list(target.memberships.values_list("member", flat=True)) == [assignment.reader_id]
    assert [(actor, action) for actor, action, _ in audit_trail(item)] == [
        (secretariat.pk, AuditAction.AGENDA_ITEM_MOVED)]


def test_agenda_move_to_closed_meeting_refused(client_for, secretariat):
    item = item_on(planned(), "A-2026-001")
    closed = MeetingFactory(status=MeetingStatus.CLOSED, papers_released_at=datetime.datetime(
        2026, 1, 1, tzinfo=datetime.UTC), held_at=datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC))

    response = client_for(secretariat).post(url("agenda_move", item), {"meeting": closed.pk})

    assert error_summary(response) == [("#id_meeting_1", "Select a meeting whose agenda has room")]
    item.refresh_from_db()
    assert item.meeting_id != closed.pk


@pytest.mark.parametrize("meeting, message", [
    ("", "Select the meeting to move it to"),
    ("abc", "Select a meeting whose agenda has room"),
    ("99999999999999999999999", "Select a meeting whose agenda has room"),
])
def test_agenda_move_junk_meeting_refused(client_for, secretariat, meeting, message):
    item = item_on(planned(), "A-2026-001")
    MeetingFactory(date=datetime.date(2027, 1, 20))
    source = item.meeting_id

    response = client_for(secretariat).post(url("agenda_move", item), {"meeting": meeting})

    assert error_summary(response) == [("#id_meeting_1", message)]
    item.refresh_from_db()
    assert item.meeting_id == source


def test_agenda_move_after_verdict_refused(client_for, secretariat):
    decided = VerdictFactory(agenda_item__submission__documents=False).agenda_item
    target = planned()

    response = client_for(secretariat).post(url("agenda_move", decided), {"meeting": target.pk})

    assert error_summary(response) == [
        ("#id_meeting_1", f"The Panel has recorded a verdict on item {decided.position}: it stays where it is")]
    assert target.agenda_items.count() == 0


def test_agenda_move_panel_member_forbidden(client_for):
    chair = UserFactory(chair=True)
    item = item_on(planned(chair=chair))

    assert client_for(chair).get(url("agenda_move", item)).status_code == 403


def test_agenda_move_page_for_decided_item_says_it_stays(client_for, secretariat):
    decided = VerdictFactory(agenda_item__submission__documents=False).agenda_item
    planned()

    response = client_for(secretariat).get(url("agenda_move", decided))

    main = parse(response).find(tag="main")
    assert main.find(tag="form") is None
    assert main.find(tag="p", cls="govuk-body").text() == (
        "The Panel has recorded a verdict on this item: it stays where it is.")


def test_agenda_add_caption_counts_what_matches(client_for, secretariat):
    meeting = planned()
    waiting("KENT-2026-001")
    waiting("KENT-2026-002")
    waiting("MEDW-2026-001")

    response = client_for(secretariat).get(url("agenda_add", meeting), {"q": "kent"})

    assert parse(response).find(tag="caption").text() == (
        "2 accepted submissions waiting for a meeting matching “kent”, oldest received first")


@pytest.mark.parametrize("q", ["kent\x00", "k" * 10_000])
def test_agenda_add_post_with_junk_search_adds_and_drops_the_search(client_for, secretariat, q):
    meeting = planned()
    submission = waiting("KENT-2026-001")

    response = client_for(secretariat).post(url("agenda_add", meeting), {"submission": submission.pk, "q": q})

    assert response["Location"] == url("agenda_add", meeting)
    assert _order(meeting) == ["KENT-2026-001"]
