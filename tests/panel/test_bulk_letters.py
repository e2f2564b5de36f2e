"""A meeting's letters together: prepare all, send the ready ones to the chair, issue the signed ones."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse

from dhrqa.enums import AuditAction
from panel.enums import LetterStatus, RenderStatus
from panel.models import Letter, LetterBundle
from panel.refusals import LetterRefused
from panel.services.bulk_letters import build_bundle, prepare_meeting_letters, progress, request_bundle
from panel.services.rendering import render_letter
from tests.dhrqa.govuk_page import notification_banners, parse
from tests.dhrqa.letters import LETTER_PDF, make_letter
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

    assert response.json() == {"status": "1/3:none"}


def test_meeting_letters_unknown_action_changes_nothing(client_for, secretariat, meeting):
    response = client_for(secretariat).post(url("meeting_letters_prepare", meeting), {"action": "delete"},
                                            follow=True)

    assert notification_banners(response) == ["Choose what to do with the meeting's letters"]
    assert Letter.objects.count() == 1


def test_meeting_letters_by_the_chair_forbidden(client_for, chair, meeting):
    assert client_for(chair).get(url("meeting_letters", meeting)).status_code == 403


# The ZIP of a meeting's signed letters


@pytest.fixture
def signed_meeting(chair, secretariat):
    """A meeting with two signed letters and one still in draft."""
    meeting = MeetingFactory(held=True, chair=chair, created_by=secretariat)
    verdicts = [VerdictFactory(agenda_item__meeting=meeting, agenda_item__position=position,
                               agenda_item__submission__documents=False) for position in (1, 2, 3)]
    for verdict in verdicts[:2]:
        make_letter(verdict, LetterStatus.SIGNED, drafted_by=secretariat)
    make_letter(verdicts[2], LetterStatus.DRAFT, drafted_by=secretariat)
    return meeting


def test_bundle_built_holds_each_signed_letter_by_name(signed_meeting, secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        bundle = request_bundle(meeting=signed_meeting, requested_by=secretariat)
    assert len(callbacks) == 1

    build_bundle(bundle.pk)

    bundle.refresh_from_db()
    assert bundle.status == RenderStatus.READY
    with bundle.file.open("rb") as stored, zipfile.ZipFile(stored) as archive:
        names = archive.namelist()
        contents = [archive.read(name) for name in names]
    signed = list(Letter.objects.filter(status=LetterStatus.SIGNED).order_by("verdict__agenda_item__position"))
    assert names == [letter.download_name for letter in signed]
    assert contents == [LETTER_PDF, LETTER_PDF]


def test_bundle_asked_for_again_with_the_same_letters_is_the_same(signed_meeting, secretariat,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = request_bundle(meeting=signed_meeting, requested_by=secretariat)
        again = request_bundle(meeting=signed_meeting, requested_by=secretariat)

    assert (again.pk, LetterBundle.objects.count()) == (first.pk, 1)


def test_bundle_of_a_letter_altered_in_storage_fails_and_says_so(signed_meeting, secretariat,
                                                                 django_capture_on_commit_callbacks):
    altered = Letter.objects.filter(status=LetterStatus.SIGNED).first()
    with altered.signed_pdf.open("r+b") as stored:
        stored.write(b"%PDF-9")
    with django_capture_on_commit_callbacks(execute=False):
        bundle = request_bundle(meeting=signed_meeting, requested_by=secretariat)

    build_bundle(bundle.pk)

    bundle.refresh_from_db()
    assert (bundle.status, bundle.file.name) == (RenderStatus.FAILED, "")
    assert bundle.error == f"The signed letter for {altered.content['reference']} no longer matches its fingerprint"


def test_bundle_with_nothing_signed_refused(meeting, secretariat):
    with pytest.raises(LetterRefused, match="^None of this meeting's letters has been signed yet$"):
        request_bundle(meeting=meeting, requested_by=secretariat)

    assert LetterBundle.objects.count() == 0


def test_bundle_page_offers_the_download_once_ready_and_records_it(client_for, secretariat, signed_meeting,
                                                                   django_capture_on_commit_callbacks):
    client = client_for(secretariat)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(url("meeting_letters_zip", signed_meeting))
    waiting = client.get(url("meeting_letters", signed_meeting)).content.decode()
    assert "The signed letters are being gathered into a ZIP." in waiting
    build_bundle(LetterBundle.objects.get().pk)

    page = parse(client.get(url("meeting_letters", signed_meeting)))
    download = client.get(url("meeting_letters_zip_download", signed_meeting))

    assert [link.text() for link in page.find_all(tag="a") if "(ZIP)" in link.text()] == [
        "Download all 2 signed letters (ZIP)"]
    assert (download.status_code, download["Content-Type"]) == (200, "application/zip")
    assert zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist() != []
    assert audit_trail(signed_meeting)[-1][1] == AuditAction.LETTER_BUNDLE_DOWNLOADED


def test_bundle_download_before_it_is_ready_not_found(client_for, secretariat, signed_meeting):
    assert client_for(secretariat).get(url("meeting_letters_zip_download", signed_meeting)).status_code == 404


def test_bundle_of_letters_no_longer_all_signed_not_downloadable_and_offered_again(
        client_for, secretariat, signed_meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        bundle = request_bundle(meeting=signed_meeting, requested_by=secretariat)
    build_bundle(bundle.pk)
    # A third letter is signed after the ZIP was made.
    make_letter(VerdictFactory(agenda_item__meeting=signed_meeting, agenda_item__position=4,
                               agenda_item__submission__documents=False), LetterStatus.SIGNED, drafted_by=secretariat)
    client = client_for(secretariat)

    download = client.get(url("meeting_letters_zip_download", signed_meeting))
    page = parse(client.get(url("meeting_letters", signed_meeting)))

    assert download.status_code == 404
    assert [button.text() for button in page.find_all(tag="button") if "ZIP" in button.text()] == [
        "Gather the 3 signed letters into a ZIP"]


def test_bundle_stalled_in_the_queue_is_asked_for_afresh(signed_meeting, secretariat, settings,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        stalled = request_bundle(meeting=signed_meeting, requested_by=secretariat)
    LetterBundle.objects.filter(pk=stalled.pk).update(
        requested_at=stalled.requested_at - datetime.timedelta(seconds=settings.DHRQA_RENDER_STALE_SECONDS + 1))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = request_bundle(meeting=signed_meeting, requested_by=secretariat)

    assert (again.pk != stalled.pk, len(callbacks), LetterBundle.objects.count()) == (True, 1, 2)


def test_bundle_page_shows_a_stalled_zip_as_failed_with_the_button_again(client_for, secretariat, signed_meeting,
                                                                         settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        stalled = request_bundle(meeting=signed_meeting, requested_by=secretariat)
    LetterBundle.objects.filter(pk=stalled.pk).update(
        requested_at=stalled.requested_at - datetime.timedelta(seconds=settings.DHRQA_RENDER_STALE_SECONDS + 1))

    page = parse(client_for(secretariat).get(url("meeting_letters", signed_meeting)))
    progress_answer = client_for(secretariat).get(url("meeting_letters_progress", signed_meeting)).json()

    assert page.find(cls="govuk-inset-text").text() == "The ZIP could not be made: it took too long. Try again"
    assert progress_answer == {"status": "3/3:failed"}


def test_bundle_of_a_letter_missing_from_storage_fails_with_a_plain_message(signed_meeting, secretariat,
                                                                            django_capture_on_commit_callbacks):
    missing = Letter.objects.filter(status=LetterStatus.SIGNED).first()
    missing.signed_pdf.storage.delete(missing.signed_pdf.name)
    with django_capture_on_commit_callbacks(execute=False):
        bundle = request_bundle(meeting=signed_meeting, requested_by=secretariat)

    build_bundle(bundle.pk)

    bundle.refresh_from_db()
    assert (bundle.status, bundle.file.name, bundle.error) == (
        RenderStatus.FAILED, "", "something went wrong while gathering the letters. Try again")
