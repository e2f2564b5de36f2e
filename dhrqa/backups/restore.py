"""Restoring a backup into an empty database and an empty private storage, checked against its manifest."""

import dataclasses
import posixpath
import tarfile
import tempfile
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from dhrqa.audit import record
from dhrqa.backups import postgres
from dhrqa.backups.archive import (
    DATABASE,
    FILES,
    MANIFEST,
    BackupError,
    create_private,
    file_sha256,
    member_sha256,
    read_manifest,
)
from dhrqa.enums import AuditAction
from dhrqa.storage import private_storage

NOTHING_RESTORED = "Nothing was restored."


@dataclasses.dataclass(frozen=True)
class Restored:
    manifest: dict
    # Migrations of this version that the archive's database had not applied: `manage.py migrate` applies them.
    pending_migrations: list


def restore_backup(archive_path, *, using="default"):
    """Load the archive at `archive_path` into the empty database `using` and the empty private storage.

    1. Refuse anything but Postgres, a database with any table, and a
       private storage holding any file: a restore never mixes with or
       replaces what is there.
    2. Read the manifest; refuse a backup whose database has migrations this
       version does not know (a newer version made it: its tables would not
       fit these models), and a pg_restore older than the pg_dump that made
       the archive.
    3. Check every member's SHA-256 against the manifest, and that the
       members are exactly those it lists, before anything is written (the
       dump is copied to a 0700 work folder on the way). A damaged or
       changed archive is refused here.
    4. Write each file back through the storage API under its stored name,
       then read each back and check its SHA-256 again.
    5. pg_restore the dump in one transaction (the audit trail's
       append-only trigger allows its rows: they are inserted, never changed).
       If step 4 or 5 fails, the files written are deleted: nothing is left half-restored.
    6. Check each table's row count against the manifest.
    7. Record a BACKUP_RESTORED audit event, unless this version has
       migrations the database lacks (its tables may not fit the models yet).
    """
    connection = postgres.postgres_connection(using)
    storage = private_storage()
    _refuse_unless_empty(connection, storage)
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"There is no file at {archive_path}. {NOTHING_RESTORED}")
    try:
        tar = tarfile.open(archive_path, "r:")
    except tarfile.TarError:
        raise BackupError(f"{archive_path} is not a DHR QA backup (not a tar archive). {NOTHING_RESTORED}") from None
    with tar, tempfile.TemporaryDirectory(prefix="dhrqa-restore-") as work:
        manifest = read_manifest(tar)
        _refuse_newer(manifest)
        postgres.require_tool("pg_restore", at_least=manifest["database"]["pg_dump_major"],
                              what="the pg_dump that made the archive")
        dump_path = Path(work) / DATABASE
        _verify_members(tar, manifest, dump_path)
        written = []
        try:
            _write_files(tar, manifest, storage, written)
            try:
                postgres.restore(connection, dump_path=dump_path)
            except BackupError as error:
                raise BackupError(f"{error} {NOTHING_RESTORED}") from None
        except BaseException:
            for name in written:
                storage.delete(name)
            raise
    counts = postgres.table_counts(connection)
    if counts != manifest["tables"]:
        different = sorted(table for table in counts.keys() | manifest["tables"].keys()
                           if counts.get(table) != manifest["tables"].get(table))
        raise BackupError(f"The restored database's row counts differ from the manifest's in: {', '.join(different)}.")
    pending = _pending_migrations(connection)
    if not pending:
        with transaction.atomic(using=using):
            record(None, AuditAction.BACKUP_RESTORED, archive=archive_path.name, made_at=manifest["created_at"],
                   commit=manifest["app"]["commit"], files=len(manifest["files"]))
    return Restored(manifest=manifest, pending_migrations=pending)


def _refuse_unless_empty(connection, storage):
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} is not empty: it has {len(tables)} tables. A backup "
            "is restored only into an empty database, so that nothing there is lost or mixed in. Create an empty "
            f"one (createdb) and point DATABASE_URL at it. {NOTHING_RESTORED}"
        )
    first = _first_file(storage)
    if first is not None:
        raise BackupError(
            f"Private storage is not empty: it holds {first}, for one. A backup is restored only into an empty "
            f"storage (DHRQA_PRIVATE_STORAGE_ROOT, or the bucket of STORAGES['private']). {NOTHING_RESTORED}"
        )


def _refuse_newer(manifest):
    """Refuse an archive whose database had migrations applied that this version's code lacks."""
    # The migration files this code has, of every installed app: the database is not read (it is empty).
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app}.{name}" for app, name in manifest.get("migrations", []) if (app, name) not in known]
    if unknown:
        raise BackupError(
            f"This backup was made by a newer version of DHR QA: its database has {len(unknown)} migration"
            f"{'' if len(unknown) == 1 else 's'} this version lacks ({', '.join(unknown)}). Restore it with the "
            f"version that made it (commit {manifest['app']['commit'] or 'unknown'}) or a later one. "
            f"{NOTHING_RESTORED}"
        )


def _first_file(storage, folder=""):
    """The name of some file in `storage`, or None if it holds none (empty folders do not count)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return None
    if files:
        return posixpath.join(folder, files[0])
    for subfolder in folders:
        found = _first_file(storage, posixpath.join(folder, subfolder))
        if found is not None:
            return found
    return None


def _verify_members(tar, manifest, dump_path):
    """Every member's SHA-256 is the manifest's, and the members are exactly the ones it lists."""
    expected = {FILES + entry["name"]: entry["sha256"] for entry in manifest["files"]}
    expected[DATABASE] = manifest["database"]["sha256"]
    seen = set()
    for member in tar:
        if member.name == MANIFEST:
            continue
        if member.name not in expected or member.name in seen or not member.isfile():
            raise BackupError(f"The archive holds {member.name}, which its manifest does not list, or lists once "
                              f"only. {NOTHING_RESTORED}")
        seen.add(member.name)
        if member.name == DATABASE:
            with create_private(dump_path) as copy:
                digest = member_sha256(tar, member, copy)
        else:
            digest = member_sha256(tar, member)
        if digest != expected[member.name]:
            raise BackupError(f"The archive is damaged or was changed: {member.name} does not match the SHA-256 in "
                              f"its manifest. {NOTHING_RESTORED}")
    absent = sorted(expected.keys() - seen)
    if absent:
        raise BackupError(f"The archive lacks {', '.join(absent)}, which its manifest lists. {NOTHING_RESTORED}")


def _write_files(tar, manifest, storage, written):
    """Write each file back under its stored name, appending each to `written`; then read each back and check it."""
    for entry in manifest["files"]:
        saved = storage.save(entry["name"], File(tar.extractfile(FILES + entry["name"]), name=entry["name"]))
        written.append(saved)
        if saved != entry["name"]:
            raise BackupError(f"Private storage saved {entry['name']} as {saved}: it must keep its name, which the "
                              f"database holds. {NOTHING_RESTORED}")
    for entry in manifest["files"]:
        with storage.open(entry["name"], "rb") as stored:
            if file_sha256(stored) != entry["sha256"]:
                raise BackupError(f"{entry['name']} reads back from private storage with another SHA-256 than the "
                                  f"one it was written with. {NOTHING_RESTORED}")


def _pending_migrations(connection):
    executor = MigrationExecutor(connection)
    return [f"{migration.app_label}.{migration.name}"
            for migration, _ in executor.migration_plan(executor.loader.graph.leaf_nodes())]
