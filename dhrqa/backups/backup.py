"""Making a backup: one snapshot of the database, and exactly the private files its rows refer to."""

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
from dhrqa.storage import private_storage

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


def make_backup(out_dir, *, using="default"):
    """Write `out_dir/dhrqa-YYYYMMDD-HHMMSS.tar` (mode 0600) and return it with its manifest.

    1. Refuse anything but Postgres, a call inside a transaction (its
       snapshot could not be chosen), and a pg_dump older than the server.
    2. Open a read-only REPEATABLE READ transaction and export its snapshot.
    3. Inside it: pg_dump that snapshot (custom format, to a 0700 work folder
       beside the archive), count every table's rows, and collect the names
       every FileField on private storage holds. All three see the same
       committed state, whatever is written meanwhile.
    4. Close the transaction, then write the archive under a `.partial` name:
       the dump, then each collected file read through the storage API and
       hashed on the way, then the manifest. A file a row names but storage
       lacks is listed as missing, not fatal: one lost file must not stop
       every backup after it. Files that no row in the snapshot names (an
       upload still in progress, an orphan) are left out.
    5. Rename it to its final name; on any failure remove the partial file.
    6. Record a BACKUP_MADE audit event (after the snapshot: it is not in this archive).
    """
    connection = postgres.postgres_connection(using)
    if connection.in_atomic_block:
        raise BackupError("A backup chooses its own snapshot: run it outside any transaction.")
    server = postgres.server_major(connection)
    pg_dump_major, pg_dump = postgres.require_tool("pg_dump", at_least=server, what="the database server")
    out_dir = private_folder(out_dir)
    started = clock.now()
    path = out_dir / archive_name(started)
    if path.exists():
        raise BackupError(f"{path} exists already: wait a second and run the backup again.")
    partial = path.with_name(path.name + ".partial")
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".dhrqa-backup-") as work:
        dump_path = Path(work) / DATABASE
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                # The first statement of the transaction, as Postgres requires.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            postgres.dump(connection, snapshot=snapshot, to=dump_path)
            tables = postgres.table_counts(connection)
            names, file_counts = _referenced_files(using)
            migrations = _applied_migrations(connection)
        try:
            with create_private(partial) as out, tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
                with open(dump_path, "rb") as source:
                    dump_sha256 = add_member(tar, DATABASE, source, dump_path.stat().st_size)
                files, missing = _add_files(tar, names)
                manifest = {
                    "format": FORMAT,
                    "created_at": started.isoformat(),
                    "app": {"version": _app_version(), "commit": _commit()},
                    "database": {
                        "member": DATABASE, "size": dump_path.stat().st_size, "sha256": dump_sha256,
                        "server_major": server, "pg_dump": pg_dump, "pg_dump_major": pg_dump_major,
                    },
                    "tables": tables,
                    "file_fields": file_counts,
                    "migrations": migrations,
                    "files": files,
                    "missing_files": missing,
                }
                add_manifest(tar, manifest)
            os.rename(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    with transaction.atomic(using=using):
        record(None, AuditAction.BACKUP_MADE, archive=path.name, files=len(files), missing_files=len(missing),
               tables=len(tables), run_by=getpass.getuser())
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
            # Lost from storage, or removed since the snapshot (a draft's document, a re-rendered draft).
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
