"""A drafted letter is rendered by a real Celery worker, through Redis, into the test database."""

import time

import pytest

from dhrqa.enums import AuditAction
from panel.enums import RenderStatus
from panel.services.letters import draft_letter
from tests.panel.scenario import LETTER_DATE, audit_trail, pdf_text
from tests.worker import running_worker

# The worker only sees committed rows, hence a transactional test. Its flush
# afterwards would also empty the letter templates that a migration adds, so
# the database is restored from the serialized copy instead.
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RENDER_TIMEOUT_SECONDS = 60


def test_worker_renders_drafted_letter(verdict, secretariat):
    with running_worker() as worker:
        letter = draft_letter(verdict=verdict, drafted_by=secretariat, letter_date=LETTER_DATE)
        deadline = time.monotonic() + RENDER_TIMEOUT_SECONDS
        while letter.render_status == RenderStatus.QUEUED and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.2)
            letter.refresh_from_db()
        assert worker.poll() is None, f"the worker exited with status {worker.returncode}"

    assert letter.render_status == RenderStatus.READY, (
        f"render status {letter.render_status!r} after {RENDER_TIMEOUT_SECONDS}s: {letter.render_error}")
    with letter.draft_pdf.open("rb") as file:
        pdf = file.read()
    assert pdf[:5] == b"%PDF-"
    assert "6 February 2014 Dear Dana Contact, Thank you for submitting" in pdf_text(pdf)
    assert [(actor, action) for actor, action, _ in audit_trail(letter)] == [
        (secretariat.pk, AuditAction.LETTER_DRAFTED), (None, AuditAction.LETTER_RENDERED)]
