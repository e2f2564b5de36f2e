"""A letter in S3-compatible object storage (moto's server on 127.0.0.1): rendered by a real worker, signed, sent."""

import datetime
import hashlib
import time

import pytest
from django.core.files.base import ContentFile

from dhrqa import clock
from dhrqa.enums import AuditAction
from dhrqa.models import PendingFileDeletion
from dhrqa.storage import grace, private_storage, sweep_orphaned_files
from panel.enums import LetterStatus, RenderStatus
from panel.models import Letter
from panel.services.letters import draft_letter, send_for_signing
from panel.services.rendering import render_letter
from tests.dhrqa.govuk_page import notification_banners
from tests.panel.scenario import LETTER_DATE, audit_trail, pdf_text
from tests.panel.test_letter_views import edit_form, url
from tests.s3 import PREFIX
from tests.worker import running_worker

# The worker only sees committed rows, hence a transactional test (see tests/panel/test_worker.py).
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RENDER_TIMEOUT_SECONDS = 60


def rendered(letter, worker):
    """The letter once the worker has rendered it (or the time is up)."""
    deadline = time.monotonic() + RENDER_TIMEOUT_SECONDS
    while letter.render_status == RenderStatus.QUEUED and time.monotonic() < deadline and worker.poll() is None:
        time.sleep(0.2)
        letter.refresh_from_db()
    assert worker.poll() is None, f"the worker exited with status {worker.returncode}"
    assert letter.render_status == RenderStatus.READY, f"{letter.render_status}: {letter.render_error}"
    return letter


def test_letter_rendered_by_worker_signed_and_downloaded_from_the_bucket(
        client_for, verdict, secretariat, chair, signing_certificate, object_storage):
    with running_worker() as worker:
        letter = rendered(draft_letter(verdict=verdict, drafted_by=secretariat, letter_date=LETTER_DATE), worker)
        first_draft = letter.draft_pdf.name
        assert object_storage.keys() == [f"{PREFIX}/{first_draft}"]
        # A try whose worker died after writing its file, before committing.
        dead_try = private_storage().save(f"letters/drafts/{letter.pk}/dead-try.pdf", ContentFile(b"%PDF-1.7"))

        client_for(secretariat).post(url("letter_edit", letter), edit_form(letter, salutation="Dear Councillor,"))
        letter = rendered(Letter.objects.get(pk=letter.pk), worker)

        # The replaced draft and the dead try wait out the grace (a backup may be copying them), then go.
        assert object_storage.keys() == sorted(f"{PREFIX}/{name}" for name in (letter.draft_pdf.name, first_draft,
                                                                               dead_try))
        assert sorted(PendingFileDeletion.objects.values_list("name", flat=True)) == sorted([first_draft, dead_try])
        with clock.at(clock.now() + grace() + datetime.timedelta(minutes=1)):
            assert sweep_orphaned_files() == sorted([first_draft, dead_try])
        assert object_storage.keys() == [f"{PREFIX}/{letter.draft_pdf.name}"]
        assert letter.draft_pdf.name not in (first_draft, dead_try)
        assert "Dear Councillor," in pdf_text(object_storage.read(letter.draft_pdf.name))
        send_for_signing(letter=letter, sent_by=secretariat)

    signing = client_for(chair).post(url("letter_sign", letter), {"submit": "", "read": letter.content_digest})
    download = client_for(secretariat).get(url("letter_download", letter))

    letter.refresh_from_db()
    assert (signing["Location"], letter.status) == (url("letter_detail", letter), LetterStatus.SIGNED)
    sent = b"".join(download.streaming_content)
    stored = object_storage.read(letter.signed_pdf.name)
    assert hashlib.sha256(sent).hexdigest() == hashlib.sha256(stored).hexdigest() == letter.signed_pdf_sha256
    assert sent[:5] == b"%PDF-"
    assert object_storage.keys() == sorted(f"{PREFIX}/{name}" for name in (letter.draft_pdf.name,
                                                                           letter.signed_pdf.name))


def test_letter_signed_object_changed_in_the_bucket_refused(
        client_for, verdict, secretariat, chair, signing_certificate, object_storage):
    letter = draft_letter(verdict=verdict, drafted_by=secretariat, letter_date=LETTER_DATE, queue=False)
    send_for_signing(letter=render_letter(letter.pk), sent_by=secretariat)
    client_for(chair).post(url("letter_sign", letter), {"submit": "", "read": letter.content_digest})
    letter.refresh_from_db()
    object_storage.write(letter.signed_pdf.name, object_storage.read(letter.signed_pdf.name) + b"\n%changed")

    response = client_for(secretariat).get(url("letter_download", letter), follow=True)

    assert response.redirect_chain == [(url("letter_detail", letter), 302)]
    assert notification_banners(response)[-1] == (
        "This letter cannot be downloaded because its file has been damaged in storage. "
        "The service team has been told.")
    assert audit_trail(letter)[-1][1] == AuditAction.LETTER_INTEGRITY_FAILED
