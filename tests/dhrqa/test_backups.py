"""`manage.py backup` and `manage.py restore` (dhrqa/backups/): a real pg_dump and pg_restore, real files.

The backup runs in this process against the test database, whose rows are
committed (transactional tests), so that pg_dump, a process of its own, sees
them. Each restore runs as `manage.py restore` in a process of its own, as
`make restore` does, into a second database made empty for the test and a
private storage folder of its own; tests/dhrqa/restored.py then reads what
the restored service holds.
"""

import datetime
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import threading
import time

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from psycopg import sql

from dhrqa import clock
from dhrqa.backups.backup import backup_steps
from dhrqa.celery import app as celery_app
from dhrqa.models import AuditEvent, User
from dhrqa.storage import grace, private_storage, referenced_names, sweep_orphaned_files
from panel.enums import SEALED_LETTER_STATUSES, LetterStatus
from panel.models import Letter
from panel.services.corrections import start_correction
from submissions.enums import SubmissionStatus
from submissions.models import Document, Review
from submissions.services.documents import remove_document
from tests.factories import DocumentFactory
from tests.panel.letter_files import signed_letter

# Committed rows, so that pg_dump sees them; the rows the migrations seed are put back after each test.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def casework(signing_certificate):
    """loaddemo's casework, made through the services; and Kent's letter corrected and signed again.

    Four reviews with their documents, and two sealed letters: the Kent
    letter as issued in 2014, now superseded, and its signed correction.
    """
    # Without the dashboard's fictional history, whose letters are not signed PDFs.
    call_command("loaddemo", "--no-history", stdout=io.StringIO())
    issued = Letter.objects.get(status=LetterStatus.ISSUED)
    secretariat = User.objects.get(email="secretariat@homeoffice.example")
    correction = start_correction(letter=issued, started_by=secretariat, reason="The addressee's title was wrong")
    signed_letter(correction, secretariat=secretariat, chair=issued.verdict.agenda_item.meeting.chair)
    yield
    # The renders and e-mails the services queued: no worker runs here to take them.
    celery_app.control.purge()


@pytest.fixture
def document():
    """One document, its file in private storage: enough for the archive's own checks."""
    return DocumentFactory()


@pytest.fixture
def empty_database():
    """The URL of a Postgres database made afresh for the test, with no tables; dropped after."""
    db = connection.settings_dict
    name = f"{db['NAME']}_restored"
    with psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"],
                         dbname="postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"
    with psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"],
                         dbname="postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def backup(out):
    """Run `manage.py backup --out out` here; (the archive's path, what it printed)."""
    printed = io.StringIO()
    call_command("backup", out=out, stdout=printed)
    lines = printed.getvalue().splitlines()
    return out / lines[-1].rsplit("/", 1)[-1], lines


def manifest_of(archive):
    with tarfile.open(archive) as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def in_restored(database_url, files, *command):
    """Run `python *command` as the restored service would: its database, its private storage folder."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dhrqa.test_settings",
        "DATABASE_URL": database_url,
        "DHRQA_TEST_FILES": str(files),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    return subprocess.run([sys.executable, *command], cwd=settings.BASE_DIR, env=env, capture_output=True,
                          text=True, timeout=180, check=False)


def restore(archive, database_url, files):
    return in_restored(database_url, files, "manage.py", "restore", str(archive))


def refusal(finished):
    """The message of a command that failed: the last line it wrote to stderr."""
    return finished.returncode, finished.stderr.strip().splitlines()[-1]


def tables_in(database_url):
    with psycopg.connect(database_url) as restored:
        return restored.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                                ).fetchone()[0]


def files_under(folder):
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


@committed
def test_restore_into_an_empty_database_finds_every_review_document_and_signed_letter(
        casework, empty_database, tmp_path):
    orphan = private_storage().save("documents/orphan.pdf", ContentFile(b"%PDF-1.4 an upload whose row never came"))
    archive, _ = backup(tmp_path / "backups")
    restored_files = tmp_path / "restored"

    finished = restore(archive, empty_database, restored_files)

    assert finished.returncode == 0, finished.stderr
    manifest = manifest_of(archive)
    reviews, documents = Review.objects.count(), Document.objects.count()
    audit_events = AuditEvent.objects.count() - 1  # less the backup's own event, made after its snapshot
    assert finished.stdout.splitlines()[1:] == [
        f"Database: {reviews} reviews, {documents} documents, {Letter.objects.count()} letters, 2 signed letters, {audit_events} audit "
        f"events ({len(manifest['tables'])} tables, {sum(manifest['tables'].values())} rows, each table's count "
        "as in the manifest)",
        f"Files: {len(manifest['files'])}, each read back with the SHA-256 in the manifest",
    ]
    facts = json.loads(in_restored(empty_database, restored_files, "-m", "tests.dhrqa.restored",
                                   str(settings.DHRQA_SIGNING_CERT_PATH)).stdout)
    assert facts["reviews"] == sorted(Review.objects.values_list("reference", flat=True))
    assert facts["documents"] == [
        [document.pk, document.stored_file.file.name, document.stored_file.sha256, document.stored_file.sha256]
        for document in Document.objects.select_related("stored_file").order_by("pk")
    ]
    assert facts["letters"] == [
        [letter.pk, letter.content["reference"], letter.status, letter.signed_pdf_sha256, letter.signed_pdf_sha256,
         True, "genuine"]
        for letter in Letter.objects.filter(status__in=sorted(SEALED_LETTER_STATUSES)).order_by("pk")
    ]
    assert [letter[2] for letter in facts["letters"]] == [LetterStatus.SUPERSEDED, LetterStatus.SIGNED]
    assert facts["files"] == sorted(referenced_names())
    assert orphan not in facts["files"]
    assert facts["last_audit_event"] == ["backup_restored", {
        "archive": archive.name, "made_at": manifest["created_at"], "commit": manifest["app"]["commit"],
        "files": len(manifest["files"])}]
    assert (reviews, documents) == (4, 12)


@committed
def test_backup_writes_an_owner_only_archive_named_by_the_time_listing_each_file(document, tmp_path):
    out = tmp_path / "backups"

    with clock.at(datetime.datetime(2026, 12, 2, 7, 15, tzinfo=datetime.UTC)):
        archive, printed = backup(out)

    stored = document.stored_file
    manifest = manifest_of(archive)
    assert (archive.name, oct(archive.stat().st_mode & 0o777), oct(out.stat().st_mode & 0o777)) == (
        "dhrqa-20261202-071500.tar", "0o600", "0o700")
    assert manifest["files"] == [{"name": stored.file.name, "size": stored.size, "sha256": stored.sha256}]
    assert (manifest["created_at"], manifest["missing_files"], manifest["tables"]["submissions_document"]) == (
        "2026-12-02T07:15:00+00:00", [], 1)
    assert printed == [
        f"Database: 1 review, 1 document, 0 letters, 0 signed letters, 0 audit events "
        f"({len(manifest['tables'])} tables, {sum(manifest['tables'].values())} rows)",
        f"Files: 1 ({stored.size} bytes), each with its SHA-256 in manifest.json",
        "The archive holds OFFICIAL-SENSITIVE casework: keep it encrypted, and only as long as it is needed.",
        str(archive),
    ]
    event = AuditEvent.objects.get()
    assert (event.action, event.detail["archive"], event.detail["files"]) == ("backup_made", archive.name, 1)


def _add_a_document_while_pg_dump_waits(added, locked, errors):
    """In a transaction of its own: add a document (rows and file), hold pg_dump at its table, then commit.

    pg_dump, started after this transaction began, waits for its lock on
    submissions_storedfile; once it waits, this commits. The document is
    then committed before pg_dump reads a row, and before the backup lists
    the files, but after the snapshot both of them use.
    """
    try:
        with transaction.atomic():
            added.append(DocumentFactory())
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLE submissions_storedfile IN ACCESS EXCLUSIVE MODE")
            locked.set()
            _wait_for_pg_dump_to_wait()
    except BaseException as error:  # handed to the test, which fails with it
        errors.append(error)
    finally:
        locked.set()
        connection.close()


def _wait_for_pg_dump_to_wait(timeout=60):
    db = connection.settings_dict
    deadline = time.monotonic() + timeout
    with psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"],
                         dbname=db["NAME"], autocommit=True) as watcher:
        while time.monotonic() < deadline:
            waiting = watcher.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pg_dump' "
                                      "AND wait_event_type = 'Lock'").fetchone()[0]
            if waiting:
                return
            time.sleep(0.1)
    raise AssertionError("pg_dump never waited for the lock on submissions_storedfile")


@committed
def test_backup_leaves_out_a_document_committed_after_its_snapshot_rows_and_file_alike(document, tmp_path):
    added, locked, errors = [], threading.Event(), []
    writer = threading.Thread(target=_add_a_document_while_pg_dump_waits, args=(added, locked, errors))
    writer.start()
    locked.wait(timeout=60)

    archive, _ = backup(tmp_path / "backups")
    writer.join()

    assert errors == []
    late = added[0].stored_file.file.name
    manifest = manifest_of(archive)
    assert ([entry["name"] for entry in manifest["files"]], manifest["tables"]["submissions_document"]) == (
        [document.stored_file.file.name], 1)
    assert (Document.objects.count(), private_storage().exists(late)) == (2, True)


@committed
def test_backup_lists_a_file_missing_from_storage_and_still_writes_the_archive(document, tmp_path):
    name = document.stored_file.file.name
    private_storage().delete(name)
    printed_errors = io.StringIO()

    call_command("backup", out=tmp_path, stdout=io.StringIO(), stderr=printed_errors)

    (archive,) = tmp_path.glob("dhrqa-*.tar")
    assert (manifest_of(archive)["files"], manifest_of(archive)["missing_files"]) == ([], [name])
    assert printed_errors.getvalue() == f"Missing: {name} is named in the database but not in private storage\n"


@committed
def test_restore_refuses_an_archive_with_a_changed_file_and_restores_nothing(document, empty_database, tmp_path):
    archive, _ = backup(tmp_path / "backups")
    member = f"files/{document.stored_file.file.name}"
    tampered = tmp_path / "tampered.tar"
    with tarfile.open(archive) as original, tarfile.open(tampered, "w") as copy:
        for info in original:
            data = bytearray(original.extractfile(info).read())
            if info.name == member:
                data[-10] ^= 0x01  # one bit, the size unchanged
            copy.addfile(info, io.BytesIO(bytes(data)))
    restored_files = tmp_path / "restored"

    finished = restore(tampered, empty_database, restored_files)

    assert refusal(finished) == (1, f"CommandError: The archive is damaged or was changed: {member} does not match "
                                    "the SHA-256 in its manifest. Nothing was restored.")
    assert (tables_in(empty_database), files_under(restored_files)) == (0, [])


@committed
def test_restore_refuses_a_database_that_is_not_empty(document, tmp_path):
    archive, _ = backup(tmp_path / "backups")
    tables = len(connection.introspection.table_names())
    reviews = list(Review.objects.values_list("reference", flat=True))

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), stdout=io.StringIO())

    assert str(refused.value) == (
        f"The database {connection.settings_dict['NAME']} is not empty: it has {tables} tables. A backup is "
        "restored only into an empty database, so that nothing there is lost or mixed in. Create an empty one "
        "(createdb) and point DATABASE_URL at it. Nothing was restored.")
    assert list(Review.objects.values_list("reference", flat=True)) == reviews


@committed
def test_restore_refuses_a_private_storage_that_is_not_empty(document, empty_database, tmp_path):
    archive, _ = backup(tmp_path / "backups")
    restored_files = tmp_path / "restored"
    (restored_files / "private" / "documents").mkdir(parents=True)
    (restored_files / "private" / "documents" / "left-over.pdf").write_bytes(b"%PDF-1.4 someone else's")

    finished = restore(archive, empty_database, restored_files)

    assert refusal(finished) == (1, "CommandError: Private storage is not empty: it holds documents/left-over.pdf, "
                                    "for one. A backup is restored only into an empty storage "
                                    "(DHRQA_PRIVATE_STORAGE_ROOT, or the bucket of STORAGES['private']). Nothing "
                                    "was restored.")
    assert (tables_in(empty_database), files_under(restored_files / "private")) == (0, ["documents/left-over.pdf"])


def test_backup_of_a_sqlite_database_says_backups_need_postgres(tmp_path):
    database = tmp_path / "dhrqa.sqlite3"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dhrqa.settings", "DATABASE_URL": f"sqlite:///{database}"}

    finished = subprocess.run([sys.executable, "manage.py", "backup", "--out", str(tmp_path)], cwd=settings.BASE_DIR,
                              env=env, capture_output=True, text=True, timeout=120, check=False)

    assert refusal(finished) == (1, f"CommandError: Backups need Postgres, and DATABASE_URL names a sqlite database "
                                    f"({database}). The SQLite database of `make run` is a demo: `make clean` and "
                                    "`make run` make it afresh.")
    assert list(tmp_path.glob("*.tar")) == []


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "message"), [
    (b"%PDF-1.4 a letter, not a backup", "is not a DHR QA backup (not a tar archive). Nothing was restored."),
    (None, "It is not a DHR QA backup: it has no readable manifest.json. Nothing was restored."),
])
def test_restore_refuses_a_file_that_is_not_a_backup(content, message, empty_database, tmp_path):
    archive = tmp_path / "dhrqa-20261202-071500.tar"
    if content is None:  # a tar, but of something else
        with tarfile.open(archive, "w") as tar:
            tar.addfile(tarfile.TarInfo("notes.txt"), io.BytesIO(b""))
    else:
        archive.write_bytes(content)

    finished = restore(archive, empty_database, tmp_path / "restored")

    expected = f"CommandError: {archive} {message}" if content is not None else f"CommandError: {message}"
    assert refusal(finished) == (1, expected)
    assert tables_in(empty_database) == 0


def _sweep_in_another_session(moment, swept):
    """The hourly sweep as a worker runs it, in a database session of its own, at `moment`."""
    try:
        with clock.at(moment):
            swept.append(sweep_orphaned_files())
    finally:
        connection.close()


@committed
def test_backup_keeps_a_document_removed_after_its_snapshot_and_it_restores_with_its_sha256(empty_database, tmp_path):
    document = DocumentFactory(submission__status=SubmissionStatus.DRAFT)
    stored = document.stored_file
    swept = []

    # The backup's own steps, in order, with a person's removal and the sweep between snapshot and copying.
    with backup_steps(tmp_path / "backups") as steps:
        snapshot = steps.take_snapshot()
        remove_document(document=document, removed_by=document.added_by)
        sweeper = threading.Thread(target=_sweep_in_another_session,
                                   args=(clock.now() + grace() + datetime.timedelta(hours=1), swept))
        sweeper.start()
        sweeper.join()
        made = steps.write_archive(snapshot)
    restored_files = tmp_path / "restored"
    finished = restore(made.path, empty_database, restored_files)

    assert (swept, private_storage().exists(stored.file.name)) == ([[]], True)
    assert made.manifest["files"] == [{"name": stored.file.name, "size": stored.size, "sha256": stored.sha256}]
    assert finished.returncode == 0, finished.stderr
    with psycopg.connect(empty_database) as restored:
        rows = restored.execute("SELECT file, sha256 FROM submissions_storedfile").fetchall()
    restored_bytes = (restored_files / "private" / stored.file.name).read_bytes()
    assert (rows, hashlib.sha256(restored_bytes).hexdigest()) == ([(stored.file.name, stored.sha256)], stored.sha256)
    # Once the backup is over and the grace has passed, the sweep deletes it.
    with clock.at(clock.now() + grace() + datetime.timedelta(hours=1)):
        assert sweep_orphaned_files() == [stored.file.name]
    assert private_storage().exists(stored.file.name) is False


@pytest.fixture
def migration_from_a_newer_version():
    """A migration this code lacks, recorded as applied in the test database: as a newer version leaves it."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO django_migrations (app, name, applied) VALUES "
                       "('panel', '0999_from_a_newer_version', now())")
    yield "panel.0999_from_a_newer_version"
    # django_migrations is no model's table: the test's flush leaves it alone.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE name = '0999_from_a_newer_version'")


@committed
def test_restore_refuses_a_backup_from_a_newer_version_naming_its_migrations_and_restores_nothing(
        document, migration_from_a_newer_version, empty_database, tmp_path):
    archive, _ = backup(tmp_path / "backups")
    restored_files = tmp_path / "restored"
    commit = manifest_of(archive)["app"]["commit"] or "unknown"

    finished = restore(archive, empty_database, restored_files)

    assert manifest_of(archive)["migrations"][-1] == ["panel", "0999_from_a_newer_version"]
    assert refusal(finished) == (1, "CommandError: This backup was made by a newer version of DHR QA: its database "
                                    "has 1 migration this version lacks (panel.0999_from_a_newer_version). Restore "
                                    f"it with the version that made it (commit {commit}) or a later "
                                    "one. Nothing was restored.")
    assert (tables_in(empty_database), files_under(restored_files)) == (0, [])
