"""A meeting's letters together: prepare all, send the ready ones to the chair, issue the signed ones."""

import pytest
from django.urls import reverse

from dhrqa.enums import AuditAction
from panel.enums import LetterStatus, RenderStatus
from panel.models import Letter
from panel.services.bulk_letters import prepare_meeting_letters, progress
from panel.services.rendering import render_letter
from tests.dhrqa.govuk_page import notification_banners, parse
from tests.dhrqa.letters import make_letter
from tests.factories import MeetingFactory, VerdictFactory
from tests.panel.scenario import audit_trail

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(chair, secretariat):
    """A held meeting of three confirmed verdicts: one already drafted and ready, two with no letter."""
    meeting = MeetingFactory(held=True, chair=chair, created_by=secretariat)
    verdicts = [VerdictFactory(agenda_item__meeting=meeting, agenda_item__position=position,
                               agenda_item__submission__documents=False) for position in (1, 2, 3)]
    make_letter(verdicts[0], LetterStatus.DRAFT, drafted_by=secretariat)
    return meeting


def url(name, meeting):
    return reverse(f"panel:{name}", kwargs={"pk": meeting.pk})


def test_prepare_meeting_letters_drafts_the_missing_and_sends_one_group(meeting, secretariat,
                                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rendering = prepare_meeting_letters(meeting=meeting, prepared_by=secretariat)

    assert rendering == 2
    # One callback for the whole group, not one a letter.
    assert len(callbacks) == 1
    assert sorted(Letter.objects.values_list("render_status", flat=True)) == [
        RenderStatus.QUEUED, RenderStatus.QUEUED, RenderStatus.READY]
    assert progress(meeting) == (1, 3)
    assert audit_trail(meeting)[-1] == (secretariat.pk, AuditAction.LETTERS_PREPARED, {"drafted": 2, "rendering": 2})


def test_prepare_meeting_letters_twice_drafts_nothing_more(meeting, secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        prepare_meeting_letters(meeting=meeting, prepared_by=secretariat)
    for letter in Letter.objects.filter(render_status=RenderStatus.QUEUED):
        render_letter(letter.pk)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = prepare_meeting_letters(meeting=meeting, prepared_by=secretariat)

    assert (again, callbacks, Letter.objects.count(), progress(meeting)) == (0, [], 3, (3, 3))


def test_meeting_letters_page_then_one_action_for_each_step(client_for, secretariat, chair, meeting,
                                                            signing_certificate, django_capture_on_commit_callbacks):
    client = client_for(secretariat)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(url("meeting_letters_prepare", meeting), {"action": "prepare"})
    for letter in Letter.objects.filter(render_status=RenderStatus.QUEUED):
        render_letter(letter.pk)

    page = parse(client.get(url("meeting_letters", meeting)))
    assert page.find(tag="label").text() == "3 of 3 letters ready"
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(url("meeting_letters_prepare", meeting), {"action": "send"}, follow=True)

    assert notification_banners(response) == [f"3 letters sent to {chair.full_name} to sign"]
    assert set(Letter.objects.values_list("status", flat=True)) == {LetterStatus.AWAITING_SIGNATURE}


def test_meeting_letters_progress_answers_ready_out_of_all(client_for, secretariat, meeting):
    response = client_for(secretariat).get(url("meeting_letters_progress", meeting))

    assert response.json() == {"status": "1/3"}


def test_meeting_letters_unknown_action_changes_nothing(client_for, secretariat, meeting):
    response = client_for(secretariat).post(url("meeting_letters_prepare", meeting), {"action": "delete"},
                                            follow=True)

    assert notification_banners(response) == ["Choose what to do with the meeting's letters"]
    assert Letter.objects.count() == 1


def test_meeting_letters_by_the_chair_forbidden(client_for, chair, meeting):
    assert client_for(chair).get(url("meeting_letters", meeting)).status_code == 403
