"""Rendering draft letters: one PDF however often a render runs, failures with their reason, and the sweep.

The worker's own faults (killed, timed out, the broker gone) are in test_faults.py; here the services run in
the test's process, as a worker would run them.
"""

import datetime
import posixpath

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse

from dhrqa import clock
from dhrqa.enums import AuditAction
from dhrqa.models import PendingFileDeletion
from dhrqa.storage import private_storage
from panel.enums import RenderStatus
from panel.models import Letter
from panel.refusals import LetterTooLong
from panel.services.letters import draft_letter, edit_letter
from panel.services.rendering import (
    MAX_LETTER_CHARACTERS,
    MAX_RENDER_ATTEMPTS,
    letter_length,
    render_letter,
    retry_render,
    stop_render,
    sweep_stalled_renders,
)
from tests.dhrqa.govuk_page import parse
from tests.factories import VerdictFactory
from tests.panel.scenario import LETTER_DATE, audit_trail, pdf_text

STALE = datetime.timedelta(seconds=settings.DHRQA_RENDER_STALE_SECONDS)


def draft_files(letter):
    """The names of the files in the letter's drafts folder, less those recorded for deletion after the grace."""
    folder = f"letters/drafts/{letter.pk}"
    pending = set(PendingFileDeletion.objects.values_list("name", flat=True))
    try:
        return sorted(name for name in private_storage().listdir(folder)[1] if f"{folder}/{name}" not in pending)
    except FileNotFoundError:
        return []


def actions(letter):
    return [(actor, action) for actor, action, _ in audit_trail(letter)]


def waiting_since(letter, age, **fields):
    Letter.objects.filter(pk=letter.pk).update(render_requested_at=clock.now() - age, **fields)


# render_letter


def test_render_letter_twice_leaves_one_file_and_one_rendered_event(draft, secretariat):
    first = render_letter(draft.pk)
    second = render_letter(draft.pk)

    assert (second.render_status, second.draft_pdf.name, second.render_attempts) == (
        RenderStatus.READY, first.draft_pdf.name, 1)
    assert draft_files(draft) == [posixpath.basename(first.draft_pdf.name)]
    assert actions(draft) == [(secretariat.pk, AuditAction.LETTER_DRAFTED), (None, AuditAction.LETTER_RENDERED)]


def test_render_letter_removes_file_of_a_try_that_died_before_committing(draft, django_capture_on_commit_callbacks):
    # What a render killed between writing its file and committing leaves behind.
    private_storage().save(f"letters/drafts/{draft.pk}/0123456789abcdef.pdf", ContentFile(b"%PDF-1.7\n"))

    with django_capture_on_commit_callbacks(execute=True):
        letter = render_letter(draft.pk)

    assert draft_files(draft) == [posixpath.basename(letter.draft_pdf.name)]


def test_render_letter_after_edit_replaces_previous_draft_and_records_it_for_deletion(
        rendered_draft, secretariat, django_capture_on_commit_callbacks):
    previous = rendered_draft.draft_pdf.name
    with django_capture_on_commit_callbacks(execute=False):
        edit_letter(letter=rendered_draft, edited_by=secretariat,
                    content={**rendered_draft.content, "salutation": "Dear Ms Contact,"})

    with django_capture_on_commit_callbacks(execute=True):
        letter = render_letter(rendered_draft.pk)

    assert letter.draft_pdf.name != previous
    # Deleted by the sweep once the grace is over: a backup running now may be copying it.
    assert (private_storage().exists(previous), list(PendingFileDeletion.objects.values_list("name", flat=True))) == (
        True, [previous])
    assert draft_files(letter) == [posixpath.basename(letter.draft_pdf.name)]
    with letter.draft_pdf.open("rb") as file:
        assert "6 February 2014 Dear Ms Contact, Thank you for submitting" in pdf_text(file.read())


def test_render_letter_too_long_marks_failed_with_reason(draft):
    # Far within what the edit form takes a field at a time: twelve issues of 4,500 characters.
    issues = [f"Issue {n}: " + "the panel asks the review to explain this. " * 104 for n in range(1, 13)]
    blocks = [{**block, "items": issues} if block.get("role") == "issues" else block
              for block in draft.content["blocks"]]
    content = {**draft.content, "blocks": blocks}
    # Editing refuses it (test_edit_letter_too_long_refused); a draft composed from a long verdict gets here.
    Letter.objects.filter(pk=draft.pk).update(content=content)

    letter = render_letter(draft.pk)

    length = letter_length(content)
    assert MAX_LETTER_CHARACTERS < length < MAX_LETTER_CHARACTERS + 10_000
    assert (letter.render_status, letter.render_error, letter.draft_pdf.name) == (
        RenderStatus.FAILED,
        f"the letter is {length:,} characters long, and a letter can be at most 50,000. "
        "Shorten its issues, responses or extra paragraph",
        "")
    assert draft_files(letter) == []
    assert actions(letter)[-1] == (None, AuditAction.LETTER_RENDER_FAILED)


def test_letter_length_counts_every_text_in_the_content():
    content = {"salutation": "Dear Dana,", "blocks": [{"kind": "bullets", "items": ["One", "Two"]}], "date": None}

    assert letter_length(content) == len("Dear Dana,") + len("bullets") + len("One") + len("Two")


def test_render_letter_tried_too_often_marks_failed(draft):
    Letter.objects.filter(pk=draft.pk).update(render_attempts=MAX_RENDER_ATTEMPTS)

    letter = render_letter(draft.pk)

    assert (letter.render_status, letter.render_error, letter.render_attempts) == (
        RenderStatus.FAILED, "it was tried 5 times and did not finish", 5)
    assert draft_files(letter) == []


def test_render_letter_failed_or_sent_letter_left_alone(draft):
    stop_render(draft.pk, reason="it took longer than 60 seconds, so it was stopped")

    letter = render_letter(draft.pk)

    assert (letter.render_status, letter.render_attempts, letter.draft_pdf.name) == (RenderStatus.FAILED, 0, "")


# stop_render: the hard time limit


def test_stop_render_marks_waiting_draft_failed_and_audits(draft, secretariat):
    letter = stop_render(draft.pk, reason="it took longer than 60 seconds, so it was stopped")

    letter.refresh_from_db()
    assert (letter.render_status, letter.render_error) == (
        RenderStatus.FAILED, "it took longer than 60 seconds, so it was stopped")
    assert audit_trail(letter)[-1] == (None, AuditAction.LETTER_RENDER_FAILED, {
        "error": "it took longer than 60 seconds, so it was stopped", "attempt": 0})


def test_stop_render_ready_draft_left_alone(rendered_draft):
    stop_render(rendered_draft.pk, reason="it took longer than 60 seconds, so it was stopped")

    rendered_draft.refresh_from_db()
    assert (rendered_draft.render_status, rendered_draft.render_error) == (RenderStatus.READY, "")


# sweep_stalled_renders


def test_sweep_asks_again_for_draft_left_waiting(draft, django_capture_on_commit_callbacks):
    waiting_since(draft, STALE + datetime.timedelta(seconds=1))
    before = clock.now()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        counts = sweep_stalled_renders()

    draft.refresh_from_db()
    assert (counts, len(callbacks)) == ((1, 0), 1)
    assert (draft.render_status, draft.render_attempts) == (RenderStatus.QUEUED, 1)
    assert draft.render_requested_at >= before


def test_edit_letter_too_long_refused(draft, secretariat):
    issues = [f"Issue {n}: " + "the panel asks the review to explain this. " * 104 for n in range(1, 13)]
    blocks = [{**block, "items": issues} if block.get("role") == "issues" else block
              for block in draft.content["blocks"]]

    with pytest.raises(LetterTooLong, match=r"^The letter is [0-9,]+ characters long, and a letter can be at most "
                                            r"50,000\. Shorten its issues, responses or extra paragraph$"):
        edit_letter(letter=draft, edited_by=secretariat, content={**draft.content, "blocks": blocks})

    draft.refresh_from_db()
    assert draft.content["blocks"] != blocks


def test_sweep_leaves_recent_ready_and_failed_drafts_alone(draft, secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        ready, failed = (draft_letter(verdict=VerdictFactory(agenda_item__submission__documents=False),
                                      drafted_by=secretariat, letter_date=LETTER_DATE) for _ in range(2))
    render_letter(ready.pk)
    stop_render(failed.pk, reason="it took longer than 60 seconds, so it was stopped")
    waiting_since(draft, STALE - datetime.timedelta(seconds=5))
    for letter in (ready, failed):
        waiting_since(letter, STALE * 10)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        counts = sweep_stalled_renders()

    assert (counts, len(callbacks)) == ((0, 0), 0)
    assert list(Letter.objects.order_by("pk").values_list("render_status", "render_attempts")) == [
        (RenderStatus.QUEUED, 0), (RenderStatus.READY, 1), (RenderStatus.FAILED, 0)]


def test_sweep_marks_failed_draft_tried_too_often(draft, django_capture_on_commit_callbacks):
    waiting_since(draft, STALE * 2, render_attempts=MAX_RENDER_ATTEMPTS)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        counts = sweep_stalled_renders()

    draft.refresh_from_db()
    assert (counts, len(callbacks)) == ((0, 1), 1)  # the callback tidies the letter's folder
    assert (draft.render_status, draft.render_error) == (RenderStatus.FAILED, "it was tried 5 times and did not finish")
    assert actions(draft)[-1] == (None, AuditAction.LETTER_RENDER_FAILED)


def test_sweep_then_render_counts_both_tries(draft, django_capture_on_commit_callbacks):
    waiting_since(draft, STALE * 2)
    with django_capture_on_commit_callbacks(execute=False):
        sweep_stalled_renders()

    letter = render_letter(draft.pk)

    assert (letter.render_status, letter.render_attempts) == (RenderStatus.READY, 2)


# Trying again


def test_retry_render_starts_a_new_request_with_no_tries(draft, secretariat, django_capture_on_commit_callbacks):
    waiting_since(draft, STALE * 2, render_attempts=MAX_RENDER_ATTEMPTS)
    sweep_stalled_renders()
    before = clock.now()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        retry_render(letter=draft, asked_by=secretariat)

    draft.refresh_from_db()
    assert (draft.render_status, draft.render_error, draft.render_attempts, len(callbacks)) == (
        RenderStatus.QUEUED, "", 0, 1)
    assert draft.render_requested_at >= before
    assert actions(draft)[-1] == (secretariat.pk, AuditAction.LETTER_RENDER_REQUESTED)


@pytest.mark.parametrize("reason", [
    "it took longer than 60 seconds, so it was stopped",
    "it was tried 5 times and did not finish",
])
def test_failed_draft_page_shows_reason_and_try_again(client_for, secretariat, draft, reason):
    stop_render(draft.pk, reason=reason)

    page = parse(client_for(secretariat).get(reverse("panel:letter_detail", kwargs={"pk": draft.pk})))

    assert page.find(tag="main").find(cls="govuk-inset-text").text() == (
        f"The draft PDF could not be prepared: {reason}")
    [form] = [form for form in page.find_all(tag="form")
              if form.attrs["action"] == reverse("panel:letter_render", kwargs={"pk": draft.pk})]
    assert form.find(tag="button").text() == "Try again"


def test_try_again_button_queues_failed_draft(client_for, secretariat, draft, django_capture_on_commit_callbacks):
    stop_render(draft.pk, reason="it took longer than 60 seconds, so it was stopped")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(secretariat).post(reverse("panel:letter_render", kwargs={"pk": draft.pk}))

    draft.refresh_from_db()
    assert (response.status_code, response["Location"]) == (
        302, reverse("panel:letter_detail", kwargs={"pk": draft.pk}))
    assert (draft.render_status, draft.render_error, len(callbacks)) == (RenderStatus.QUEUED, "", 1)


# Settings


def test_broker_visibility_timeout_just_above_hard_time_limit():
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]

    assert (settings.CELERY_TASK_SOFT_TIME_LIMIT, settings.CELERY_TASK_TIME_LIMIT, visibility) == (45, 60, 90)
    assert settings.DHRQA_RENDER_STALE_SECONDS > visibility
    assert settings.DHRQA_LONGEST_COUNTDOWN_SECONDS + settings.CELERY_TASK_TIME_LIMIT < visibility


def test_beat_runs_the_render_sweep_every_minute():
    from dhrqa.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["sweep-stalled-renders"]

    assert (entry["task"], entry["schedule"]) == ("panel.tasks.sweep_stalled_renders_task", 60)
    assert entry["task"] in app.tasks
