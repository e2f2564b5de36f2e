"""sweep_orphaned_files: files no row refers to are recorded once a day old, and go after the grace; every referenced
file stays."""

import datetime
import io
import os
import time
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from dhrqa import clock
from dhrqa.celery import app as celery_app
from dhrqa.models import PendingFileDeletion
from dhrqa.storage import ORPHAN_AGE, grace, private_storage, referenced_names, sweep_orphaned_files
from dhrqa.tasks import sweep_files_task
from panel.enums import LetterStatus
from panel.models import Letter, LetterTemplate
from submissions.models import StoredFile
from tests.factories import DocumentFactory, UserFactory, VerdictFactory

TWO_DAYS = 2 * 24 * 60 * 60


@pytest.fixture
def files():
    """Writes and ages files in private storage; removes them after the test.

    The storage folder is shared by the whole session, and a file aged here
    whose row is rolled back at the end of the test would be an old orphan
    for the next test's sweep.
    """
    storage = private_storage()
    touched = []

    class Files:
        def write(self, folder, *, age_seconds):
            """A file as a request leaves it, last changed `age_seconds` ago."""
            name = storage.save(f"{folder}/{uuid.uuid4().hex}.pdf", ContentFile(b"%PDF-1.4 bytes"))
            self.age(name, age_seconds)
            return name

        def age(self, name, seconds):
            touched.append(name)
            when = time.time() - seconds
            os.utime(storage.path(name), (when, when))

    yield Files()
    for name in touched:
        storage.delete(name)


def signed_letter():
    """A signed letter with both its PDFs in private storage."""
    verdict = VerdictFactory()
    return Letter.objects.create(
        verdict=verdict, template=LetterTemplate.objects.filter(outcome_set=verdict.outcome.outcome_set).first(), content={},
        letter_date=datetime.date(2026, 2, 6), drafted_by=UserFactory(secretariat=True),
        draft_pdf=ContentFile(b"%PDF-draft", name="draft.pdf"), signed_pdf=ContentFile(b"%PDF-signed", name="s.pdf"),
        signed_pdf_sha256="0" * 64, signed_at=datetime.datetime(2026, 2, 6, tzinfo=datetime.UTC),
        signed_by=verdict.recorded_by, status=LetterStatus.SIGNED,
    )


def after_grace():
    """The time the next sweep runs once the grace of a deletion recorded now is over."""
    return clock.at(clock.now() + grace() + datetime.timedelta(minutes=1))


def pending(*names):
    """The deletions recorded, of `names` only when given: other tests leave files in the shared folder."""
    recorded = PendingFileDeletion.objects.all()
    if names:
        recorded = recorded.filter(name__in=names)
    return sorted(recorded.values_list("name", flat=True))


def test_sweep_old_orphan_recorded_then_removed_after_the_grace_young_orphan_kept(db, files):
    old = files.write("documents", age_seconds=TWO_DAYS)
    young = files.write("documents", age_seconds=60)

    first = sweep_orphaned_files()
    recorded = pending()
    with after_grace():
        second = sweep_orphaned_files()

    assert (first, recorded, second) == ([], [old], [old])
    assert (private_storage().exists(old), private_storage().exists(young)) == (False, True)


def test_sweep_keeps_a_recorded_file_until_the_grace_is_over(db, files):
    name = files.write("documents", age_seconds=60)
    PendingFileDeletion.objects.create(name=name)

    with clock.at(clock.now() + grace() - datetime.timedelta(minutes=1)):
        early = sweep_orphaned_files()
    kept = private_storage().exists(name)
    with after_grace():
        late = sweep_orphaned_files()

    assert (early, kept, late) == ([], True, [name])
    assert (private_storage().exists(name), pending(name)) == (False, [])


def test_sweep_never_deletes_a_recorded_file_a_row_names(db, files):
    document = DocumentFactory()
    name = document.stored_file.file.name
    files.age(name, TWO_DAYS)
    PendingFileDeletion.objects.create(name=name)

    with after_grace():
        removed = sweep_orphaned_files()

    assert (removed, private_storage().exists(name), pending(name)) == ([], True, [])


def test_sweep_grace_follows_its_setting(settings):
    settings.DHRQA_FILE_DELETION_GRACE_HOURS = 36

    assert grace() == datetime.timedelta(hours=36)


def test_sweep_orphan_just_younger_than_age_kept(db, files):
    name = files.write("letters", age_seconds=ORPHAN_AGE.total_seconds() - 60)

    assert (sweep_orphaned_files(), private_storage().exists(name)) == ([], True)


def test_sweep_referenced_documents_and_letters_kept_however_old(db, files):
    document = DocumentFactory()
    letter = signed_letter()
    for field_file in (document.stored_file.file, letter.draft_pdf, letter.signed_pdf):
        files.age(field_file.name, TWO_DAYS)
    orphan = files.write("letters", age_seconds=TWO_DAYS)

    sweep_orphaned_files()
    with after_grace():
        removed = sweep_orphaned_files()

    assert removed == [orphan]
    kept = [document.stored_file.file.name, letter.draft_pdf.name, letter.signed_pdf.name]
    assert [private_storage().exists(name) for name in kept] == [True, True, True]


def test_sweep_referenced_names_cover_every_private_file_field(db):
    DocumentFactory()
    letter = signed_letter()

    # The verdict's submission brings its own documents.
    documents = set(StoredFile.objects.values_list("file", flat=True))
    assert referenced_names() == documents | {letter.draft_pdf.name, letter.signed_pdf.name}


def test_sweep_files_command_reports_what_it_removed(db, files):
    old = files.write("documents", age_seconds=3 * 60 * 60)
    out = io.StringIO()

    call_command("sweep_files", "--older-than-hours", "2", stdout=io.StringIO())
    with after_grace():
        call_command("sweep_files", "--older-than-hours", "2", stdout=out)

    assert out.getvalue() == f"Removed {old}\n1 file removed\n"


def test_sweep_task_is_scheduled_hourly_and_sweeps(db, settings, files):
    old = files.write("documents", age_seconds=TWO_DAYS)

    sweep_files_task()
    with after_grace():
        swept = sweep_files_task()

    assert swept == 1
    assert private_storage().exists(old) is False
    assert settings.CELERY_BEAT_SCHEDULE["sweep-orphaned-files"] == {
        "task": "dhrqa.tasks.sweep_files_task", "schedule": 3600,
    }
    assert "dhrqa.tasks.sweep_files_task" in celery_app.tasks
