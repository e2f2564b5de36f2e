"""Making a backup: one snapshot of the database, and exactly the private files its rows refer to."""

import contextlib
import dataclasses
import getpass
import importlib.metadata
import os
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models, transaction

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.backups import postgres
from dhrqa.backups.archive import (
    DATABASE,
    FILES,
    FORMAT,
    BackupError,
    add_manifest,
    add_member,
    archive_name,
    create_private,
    private_folder,
)
from dhrqa.enums import AuditAction
from dhrqa.storage import BACKUP_LOCK, private_storage

# What the command prints first, by model (through the app registry: dhrqa imports no app above it)
# or, with a field, by the rows naming a file in it.
HEADLINE = [
    ("submissions.Review", None, "review", "reviews"),
    ("submissions.Document", None, "document", "documents"),
    ("panel.Letter", None, "letter", "letters"),
    ("panel.Letter", "signed_pdf", "signed letter", "signed letters"),
    ("dhrqa.AuditEvent", None, "audit event", "audit events"),
]


@dataclasses.dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """What step 3 of `make_backup` read in one snapshot, for step 4 to write out."""

    started: object
    dump_path: Path
    tables: dict
    names: list
    file_counts: dict
    migrations: list


def make_backup(out_dir, *, using="default"):
    """Write `out_dir/dhrqa-YYYYMMDD-HHMMSS.tar` (mode 0600) and return it with its manifest.

    1. Refuse anything but Postgres, a call inside a transaction (its
       snapshot could not be chosen), and a pg_dump older than the server.
       Hold BACKUP_LOCK shared until the end: the file sweep deletes nothing
       meanwhile (dhrqa/storage.py).
    2. Open a read-only REPEATABLE READ transaction and export its snapshot.
    3. Inside it: pg_dump that snapshot (custom format, to a 0700 work folder
       beside the archive), count every table's rows, and collect the names
       every FileField on private storage holds. All three see the same
       committed state, whatever is written meanwhile.
    4. Close the transaction, then write the archive under a `.partial` name:
       the dump, then each collected file read through the storage API and
       hashed on the way, then the manifest. A file removed since the
       snapshot is still there to copy: files are deleted only a grace
       period after their rows go (dhrqa.storage.delete_later). A file a row
       names but storage lacks is listed as missing, not fatal: one lost
       file must not stop every backup after it. Files that no row in the
       snapshot names (an upload still in progress, an orphan) are left out.
    5. Rename it to its final name; on any failure remove the partial file.
    6. Record a BACKUP_MADE audit event (after the snapshot: it is not in this archive).
    """
    with backup_steps(out_dir, using=using) as steps:
        backup = steps.write_archive(steps.take_snapshot())
    with transaction.atomic(using=using):
        record(None, AuditAction.BACKUP_MADE, archive=backup.path.name, files=len(backup.manifest["files"]),
               missing_files=len(backup.manifest["missing_files"]), tables=len(backup.manifest["tables"]),
               run_by=getpass.getuser())
    return backup


@contextlib.contextmanager
def backup_steps(out_dir, *, using="default"):
    """Step 1 of `make_backup`, and its steps 2-3 and 4-5 to run in order inside the block.

    Apart so that a test can do what users do between the snapshot and the copying of the files.
    """
    connection = postgres.postgres_connection(using)
    if connection.in_atomic_block:
        raise BackupError("A backup chooses its own snapshot: run it outside any transaction.")
    server = postgres.server_major(connection)
    pg_dump_major, pg_dump = postgres.require_tool("pg_dump", at_least=server, what="the database server")
    out_dir = private_folder(out_dir)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock_shared(%s)", [BACKUP_LOCK])
    try:
        with tempfile.TemporaryDirectory(dir=out_dir, prefix=".dhrqa-backup-") as work:
            yield _Steps(connection=connection, using=using, out_dir=out_dir, work=Path(work),
                         tool={"server_major": server, "pg_dump": pg_dump, "pg_dump_major": pg_dump_major})
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock_shared(%s)", [BACKUP_LOCK])


@dataclasses.dataclass(frozen=True)
class _Steps:
    connection: object
    using: str
    out_dir: Path
    work: Path
    tool: dict

    def take_snapshot(self):
        """Steps 2-3: the dump, the row counts, the file names and the migrations, in one snapshot."""
        started = clock.now()
        dump_path = self.work / DATABASE
        with transaction.atomic(using=self.using):
            with self.connection.cursor() as cursor:
                # The first statement of the transaction, as Postgres requires.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            postgres.dump(self.connection, snapshot=snapshot, to=dump_path)
            tables = postgres.table_counts(self.connection)
            names, file_counts = _referenced_files(self.using)
            migrations = _applied_migrations(self.connection)
        return Snapshot(started=started, dump_path=dump_path, tables=tables, names=names, file_counts=file_counts,
                        migrations=migrations)

    def write_archive(self, snapshot):
        """Steps 4-5: the archive, written under a `.partial` name and renamed when whole."""
        path = self.out_dir / archive_name(snapshot.started)
        if path.exists():
            raise BackupError(f"{path} exists already: wait a second and run the backup again.")
        partial = path.with_name(path.name + ".partial")
        dump_path = snapshot.dump_path
        try:
            with create_private(partial) as out, tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
                with open(dump_path, "rb") as source:
                    dump_sha256 = add_member(tar, DATABASE, source, dump_path.stat().st_size)
                files, missing = _add_files(tar, snapshot.names)
                manifest = {
                    "format": FORMAT,
                    "created_at": snapshot.started.isoformat(),
                    "app": {"version": _app_version(), "commit": _commit()},
                    "database": {"member": DATABASE, "size": dump_path.stat().st_size, "sha256": dump_sha256,
                                 **self.tool},
                    "tables": snapshot.tables,
                    "file_fields": snapshot.file_counts,
                    "migrations": snapshot.migrations,
                    "files": files,
                    "missing_files": missing,
                }
                add_manifest(tar, manifest)
            os.rename(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return Backup(path=path, manifest=manifest)


def headline(manifest):
    """"4 reviews, 12 documents, ...": the rows people look for first, as the manifest counts them."""
    found = []
    for label, field, one, many in HEADLINE:
        if field is None:
            count = manifest["tables"].get(apps.get_model(label)._meta.db_table, 0)
        else:
            count = manifest["file_fields"].get(f"{label}.{field}", 0)
        found.append(f"{count} {one if count == 1 else many}")
    return ", ".join(found)


def _private_file_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            # By the callable the field was declared with, as dhrqa.storage does: the storage
            # instance itself changes when settings do (tests of object storage override STORAGES).
            if isinstance(field, models.FileField) and field.deconstruct()[3].get("storage") is private_storage:
                yield model, field


def _referenced_files(using):
    """(sorted names, {"app.Model.field": rows naming a file}) for every FileField on private storage."""
    names, counts = set(), {}
    for model, field in _private_file_fields():
        held = list(model._base_manager.using(using).exclude(**{field.name: ""})
                    .exclude(**{f"{field.name}__isnull": True}).values_list(field.name, flat=True))
        counts[f"{model._meta.label}.{field.name}"] = len(held)
        names.update(held)
    return sorted(names), counts


def _applied_migrations(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        return [list(row) for row in cursor.fetchall()]


def _add_files(tar, names):
    """Copy each named file from private storage into the archive: ([{name, size, sha256}], [missing names])."""
    storage = private_storage()
    files, missing = [], []
    for name in names:
        if not storage.exists(name):
            missing.append(name)
            continue
        try:
            size = storage.size(name)
            with storage.open(name, "rb") as source:
                files.append({"name": name, "size": size, "sha256": add_member(tar, FILES + name, source, size)})
        except FileNotFoundError:
            # Lost from storage: what is removed since the snapshot waits out a grace period first.
            missing.append(name)
    return files, missing


def _app_version():
    try:
        return importlib.metadata.version("dhrqa")
    except importlib.metadata.PackageNotFoundError:
        return None


def _commit():
    """The git commit the code was checked out at, when it runs from a checkout (an image has none)."""
    try:
        finished = subprocess.run(["git", "rev-parse", "HEAD"], cwd=settings.BASE_DIR, capture_output=True,
                                  text=True, timeout=5, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return finished.stdout.strip() if finished.returncode == 0 else None
