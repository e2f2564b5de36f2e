"""Reminders to readers with assessments outstanding: sent by the secretariat, and by Celery beat before a meeting."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dhrqa import clock
from dhrqa.enums import AuditAction
from panel.enums import MeetingStatus
from panel.models import Meeting, ReaderAssignment
from panel.services.readers import remind_readers_before_meetings
from panel.tasks import remind_readers_task
from tests.dhrqa.govuk_page import body_paragraphs, heading, notification_banners, parse
from tests.factories import AgendaItemFactory, MeetingFactory, UserFactory
from tests.panel.reading import draft, queued, reader_of, submitted, table_rows
from tests.panel.scenario import audit_trail
from tests.smtp import smtp_server  # noqa: F401 - a fixture
from tests.worker import running_worker

MEETING_DATE = datetime.date(2026, 12, 9)
NOBODY = "No reader of this meeting has an assessment outstanding: there is nobody to remind"


@pytest.fixture
def meeting(db, secretariat):
    return MeetingFactory(date=MEETING_DATE, created_by=secretariat, released=True)


@pytest.fixture
def items(meeting):
    return [AgendaItemFactory(meeting=meeting, position=position, submission__documents=False)
            for position in (1, 2)]


@pytest.fixture
def outstanding(items):
    """Alex has both items outstanding, Bea the second; Cy has submitted."""
    alex = UserFactory(panel_member=True, full_name="Alex Reader", email="alex@panel.example")
    bea = UserFactory(panel_member=True, full_name="Bea Busy", email="bea@panel.example")
    cy = UserFactory(panel_member=True, full_name="Cy Done")
    reader_of(items[0], alex)
    draft(reader_of(items[1], alex))
    reader_of(items[1], bea)
    submitted(reader_of(items[0], cy))
    return alex, bea


def reminders_url(meeting):
    return reverse("panel:meeting_reminders", kwargs={"pk": meeting.pk})


# The secretariat's reminders


@pytest.mark.django_db
def test_meeting_reminders_shows_the_count_and_who_before_sending(client_for, secretariat, meeting, items,
                                                                  outstanding):
    response = client_for(secretariat).get(reminders_url(meeting))

    ref = [item.submission.review.reference for item in items]
    assert heading(response) == "Send a reminder to 2 readers about 3 assessments"
    assert table_rows(response) == [["Alex Reader", f"{ref[0]}, {ref[1]}"], ["Bea Busy", ref[1]]]
    assert parse(response).find(tag="main").find(tag="button").text() == "Send 2 reminders"
    assert not ReaderAssignment.objects.filter(reminded_at__isnull=False).exists()


@pytest.mark.django_db
def test_meeting_reminders_post_sends_one_email_per_reader(client_for, secretariat, meeting, items, outstanding,
                                                           django_capture_on_commit_callbacks):
    client = client_for(secretariat)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reminders_url(meeting))

    assert response["Location"] == reverse("panel:meeting_progress", kwargs={"pk": meeting.pk})
    assert [(template, to, context["references"]) for template, to, context in queued(callbacks)] == [
        ("assessments_outstanding", "alex@panel.example", [item.submission.review.reference for item in items]),
        ("assessments_outstanding", "bea@panel.example", [items[1].submission.review.reference]),
    ]
    assert ReaderAssignment.objects.filter(reminded_at__isnull=False).count() == 3
    assert audit_trail(meeting) == [(secretariat.pk, AuditAction.READERS_REMINDED,
                                     {"readers": 2, "assessments": 3, "automatic": False})]
    assert notification_banners(client.get(response["Location"])) == ["A reminder has been sent to 2 readers"]


@pytest.mark.django_db
def test_meeting_reminders_one_reader_says_so(client_for, secretariat, meeting, items):
    reader_of(items[0])
    client = client_for(secretariat)

    page = client.get(reminders_url(meeting))
    response = client.post(reminders_url(meeting), follow=True)

    assert heading(page) == "Send a reminder to 1 reader about 1 assessment"
    assert parse(page).find(tag="main").find(tag="button").text() == "Send the reminder"
    assert notification_banners(response) == ["A reminder has been sent to 1 reader"]


@pytest.mark.django_db
def test_meeting_reminders_everyone_submitted_nothing_to_send(client_for, secretariat, meeting, items,
                                                              django_capture_on_commit_callbacks):
    submitted(reader_of(items[0]))
    client = client_for(secretariat)

    page = client.get(reminders_url(meeting))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reminders_url(meeting), follow=True)

    assert (heading(page), body_paragraphs(page)) == ("Send reminders", [f"{NOBODY}."])
    assert parse(page).find(tag="main").find(tag="form") is None
    assert response.redirect_chain == [(reminders_url(meeting), 302)]
    assert notification_banners(response) == [NOBODY]
    assert (callbacks, audit_trail(meeting)) == ([], [])


@pytest.mark.django_db
def test_meeting_reminders_held_meeting_refused(client_for, secretariat, django_capture_on_commit_callbacks):
    item = AgendaItemFactory(meeting__held=True, submission__documents=False)
    reader_of(item)
    client = client_for(secretariat)

    page = client.get(reminders_url(item.meeting))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reminders_url(item.meeting), follow=True)

    assert body_paragraphs(page) == ["Reminders go to readers before the meeting is held."]
    assert notification_banners(response) == ["Reminders go to readers before the meeting is held"]
    assert callbacks == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["panel_member", "chair", "csp_officer"])
def test_meeting_reminders_not_secretariat_forbidden(client_for, meeting, items, outstanding, role):
    person = meeting.chair if role == "chair" else UserFactory(**{role: True})
    client = client_for(person)

    assert (client.get(reminders_url(meeting)).status_code, client.post(reminders_url(meeting)).status_code) == (
        403, 403)
    assert not ReaderAssignment.objects.filter(reminded_at__isnull=False).exists()


@pytest.mark.django_db
def test_meeting_reminders_unknown_meeting_not_found(client_for, secretariat):
    assert client_for(secretariat).post(reverse("panel:meeting_reminders", kwargs={"pk": 999999})).status_code == 404


# Celery beat's reminder before each meeting

TODAY = datetime.date(2026, 12, 1)


def meeting_in(days, *, readers=1, **fields):
    """A meeting `days` after TODAY, its papers released, with one item and `readers` readers who have not submitted."""
    fields.setdefault("released", True)
    item = AgendaItemFactory(meeting__date=TODAY + datetime.timedelta(days=days), submission__documents=False,
                             **{f"meeting__{name}": value for name, value in fields.items()})
    for _ in range(readers):
        reader_of(item)
    return item.meeting


def emailed_meetings(callbacks):
    return sorted(context["meeting_date"] for _template, _to, context in queued(callbacks))


@pytest.mark.django_db
def test_remind_readers_before_meetings_only_those_within_the_days(settings, django_capture_on_commit_callbacks):
    settings.DHRQA_READER_REMINDER_DAYS = 4
    tomorrow, fourth, fifth, today = meeting_in(1), meeting_in(4), meeting_in(5), meeting_in(0)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reminded = remind_readers_before_meetings(today=TODAY)

    assert reminded == 2
    assert emailed_meetings(callbacks) == ["2 December 2026", "5 December 2026"]
    assert sorted(Meeting.objects.filter(readers_reminded_at__isnull=False).values_list("pk", flat=True)) == sorted(
        [tomorrow.pk, fourth.pk])
    assert [event[1:] for event in audit_trail(fourth)] == [
        (AuditAction.READERS_REMINDED, {"readers": 1, "assessments": 1, "automatic": True})]
    assert (audit_trail(fifth), audit_trail(today)) == ([], [])


@pytest.mark.django_db
def test_remind_readers_before_meetings_follows_the_setting(settings, django_capture_on_commit_callbacks):
    settings.DHRQA_READER_REMINDER_DAYS = 7
    meeting_in(7)
    meeting_in(8)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reminded = remind_readers_before_meetings(today=TODAY)

    assert (reminded, emailed_meetings(callbacks)) == (1, ["8 December 2026"])


@pytest.mark.django_db
def test_remind_readers_before_meetings_second_run_sends_nothing(settings, django_capture_on_commit_callbacks):
    settings.DHRQA_READER_REMINDER_DAYS = 4
    meeting_in(3, readers=2)
    remind_readers_before_meetings(today=TODAY)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again_today = remind_readers_before_meetings(today=TODAY)
        tomorrow = remind_readers_before_meetings(today=TODAY + datetime.timedelta(days=1))

    assert (again_today, tomorrow, callbacks) == (0, 0, [])


@pytest.mark.django_db
def test_remind_readers_before_meetings_all_submitted_skipped_until_someone_has_work(
        settings, secretariat, django_capture_on_commit_callbacks):
    settings.DHRQA_READER_REMINDER_DAYS = 4
    meeting = meeting_in(3, readers=0)
    item = meeting.agenda_items.get()
    submitted(reader_of(item))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = remind_readers_before_meetings(today=TODAY)
    marked, events = Meeting.objects.get(pk=meeting.pk).readers_reminded_at, audit_trail(meeting)
    late = UserFactory(panel_member=True, email="late@panel.example")
    reader_of(item, late)
    with django_capture_on_commit_callbacks(execute=False) as later_callbacks:
        second = remind_readers_before_meetings(today=TODAY + datetime.timedelta(days=1))

    assert (first, callbacks, marked, events) == (0, [], None, [])
    assert (second, [to for _template, to, _context in queued(later_callbacks)]) == (1, ["late@panel.example"])


@pytest.mark.django_db
def test_remind_readers_before_meetings_held_closed_or_already_reminded_skipped(
        settings, django_capture_on_commit_callbacks):
    settings.DHRQA_READER_REMINDER_DAYS = 4
    now = timezone.now()
    meeting_in(2, held=True)
    meeting_in(2, status=MeetingStatus.CLOSED, papers_released_at=now, held_at=now, closed_at=now)
    meeting_in(2, readers_reminded_at=now)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reminded = remind_readers_before_meetings(today=TODAY)

    assert (reminded, callbacks) == (0, [])


@pytest.mark.django_db
def test_remind_readers_task_uses_the_clock(settings, django_capture_on_commit_callbacks):
    settings.DHRQA_READER_REMINDER_DAYS = 4
    meeting = meeting_in(2)

    with clock.at(TODAY), django_capture_on_commit_callbacks(execute=False) as callbacks:
        reminded = remind_readers_task()

    assert (reminded, emailed_meetings(callbacks)) == (1, ["3 December 2026"])
    assert Meeting.objects.get(pk=meeting.pk).readers_reminded_at is not None


# The worker sends only what a real transaction committed; the flush after a transactional
# test would also empty the tables migrations seed, so the database is restored instead.
@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_reader_receives_the_reminder_with_references_and_no_pseudonyms(smtp_server):  # noqa: F811
    site = "https://dhrqa.example.gov.uk"
    with transaction.atomic():
        item = AgendaItemFactory(meeting__date=clock.today() + datetime.timedelta(days=2),
                                 meeting__released=True, submission__documents=False)
        reader = UserFactory(panel_member=True, full_name="Alex Reader", email="alex@panel.example")
        reader_of(item, reader)
    review = item.submission.review
    pseudonyms = list(review.people.values_list("pseudonym", flat=True))

    with running_worker(env={"EMAIL_URL": smtp_server.url, "DHRQA_SITE_URL": site,
                             "DHRQA_READER_REMINDER_DAYS": "4"}) as worker:
        remind_readers_task.delay()
        received = smtp_server.wait_for(1)
        assert worker.poll() is None, f"the worker exited with status {worker.returncode}"

    assert [message.rcpt_tos for message in received] == [["alex@panel.example"]]
    message = received[0]
    due = item.meeting.date - datetime.timedelta(days=2)
    assert message.subject == f"Reminder: 1 assessment due by {due.day} {due:%B %Y}"
    assert message.body_lines[:10] == [
        "Dear Alex Reader,",
        "",
        f"The Quality Assurance Panel meets on {item.meeting.date.day} {item.meeting.date:%B %Y}. "
        "Your assessment of these reports has not been submitted yet:",
        "",
        f"- {review.reference}",
        "",
        f"Please submit it by {due.day} {due:%B %Y}.",
        "",
        "See your reviews:",
        f"{site}{reverse('panel:my_reviews')}",
    ]
    assert pseudonyms == ["Louise", "Neil"]
    assert [name for name in pseudonyms if name in message.message.as_string()] == []
    assert Meeting.objects.get(pk=item.meeting_id).readers_reminded_at is not None


@pytest.mark.django_db
def test_remind_readers_before_meetings_papers_not_released_waits(django_capture_on_commit_callbacks):
    # Readers cannot open the report yet: the one automatic reminder waits for the papers.
    planned = meeting_in(2, released=False)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reminded = remind_readers_before_meetings(today=TODAY)

    planned.refresh_from_db()
    assert (reminded, queued(callbacks), planned.readers_reminded_at) == (0, [], None)
