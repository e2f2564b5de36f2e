"""Where uploaded reports and rendered letters are kept, and the sweep that keeps it tidy.

Fields name the storage by this callable, never by a path, so that no
machine's folder reaches a migration and object storage (dhrqa/object_storage.py)
can replace the local folder by changing `STORAGES["private"]` in settings
alone. The callable gives a lazy stand-in, as Django's `default_storage` is,
so a field follows `STORAGES` when it changes (the object-storage tests switch
it). The storage has no public URL: files leave only through
permission-checked views.

Bytes are written before the row that names them is committed. When a
request or task dies in between, the file stays with nothing referring to
it. `sweep_orphaned_files` (the `sweep_files` command, run hourly by Celery
beat) finds such files once they are older than ORPHAN_AGE: an upload or
render still in progress writes its file moments before its row commits,
and is never that old.

A file a committed row has named is never deleted at once: a backup copies
the files its snapshot's rows name after taking the snapshot, and would
miss it. `delete_later` records the deletion (PendingFileDeletion); the sweep
deletes it once DHRQA_FILE_DELETION_GRACE_HOURS have passed, and never
while a backup runs. Orphans the sweep finds wait out the same grace. Only a
file no committed row ever named (a render thrown away, an upload whose
save failed) is deleted at once.
"""

import contextlib
import datetime
import logging
import posixpath

from django.apps import apps
from django.conf import settings
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import connection, models, transaction
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

from dhrqa import clock

PRIVATE = "private"
ORPHAN_AGE = datetime.timedelta(hours=24)
# The Postgres advisory lock a running backup holds shared: the bytes of "dhrqa-bk" as a number.
BACKUP_LOCK = int.from_bytes(b"dhrqa-bk", "big")

logger = logging.getLogger(__name__)


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages[PRIVATE]


_private = _PrivateStorage()


def private_storage():
    return _private


@receiver(setting_changed)
def _follow_changed_storages(*, setting, **kwargs):
    # Sent only by override_settings and pytest-django's `settings`; Django forgets its own storages then.
    if setting == "STORAGES":
        _private._wrapped = empty


def grace():
    """How long a file waits between `delete_later` and its deletion (DHRQA_FILE_DELETION_GRACE_HOURS)."""
    return datetime.timedelta(hours=settings.DHRQA_FILE_DELETION_GRACE_HOURS)


def delete_later(*names):
    """Record that the files `names` are to be deleted once the grace is over (see the module's docstring).

    Inside the caller's transaction: if it rolls back, nothing is recorded.
    A name recorded already keeps its first time.
    """
    PendingFileDeletion = apps.get_model("dhrqa", "PendingFileDeletion")
    PendingFileDeletion.objects.bulk_create(
        [PendingFileDeletion(name=name) for name in names if name], ignore_conflicts=True)


@contextlib.contextmanager
def no_backup_running():
    """Yield True if no backup runs, and keep one from starting until the block ends; else yield False.

    A backup holds BACKUP_LOCK shared from before its snapshot until its last
    file is copied (dhrqa/backups/backup.py); this takes it exclusively for
    the length of a transaction, without waiting.
    """
    with transaction.atomic():
        if connection.vendor != "postgresql":
            yield True  # the SQLite demo of `make run`, which is never backed up
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [BACKUP_LOCK])
            free = cursor.fetchone()[0]
        yield free


def sweep_orphaned_files(*, older_than=ORPHAN_AGE):
    """Delete the files whose deletion has waited out the grace; record the orphans found for deletion.

    1. List every file in private storage with its modification time (object
       storage gives the times with the names, a folder file by file).
    2. Then collect the names held by every FileField on private storage, in
       every installed app (through the app registry, so no app is imported).
       A row committed after step 1 cannot name a file listed there that is
       already older than `older_than`.
    3. Record each listed file that is old enough and named by no row for
       deletion (`delete_later`): an orphan waits out the grace too, as a
       backup running now may have a snapshot in which a row still names it.
    4. Unless a backup is running, delete each file recorded longer ago than
       the grace and named by no row, and forget its record. A file a row
       names again is kept, and its record forgotten.
    Returns the names deleted, sorted.
    """
    PendingFileDeletion = apps.get_model("dhrqa", "PendingFileDeletion")
    storage = private_storage()
    now = clock.now()
    old = [name for name, modified in _files_with_times(storage) if modified < now - older_than]
    referenced = referenced_names()
    delete_later(*(name for name in old if name not in referenced))
    removed = []
    with no_backup_running() as free:
        if not free:
            logger.warning("A backup is running: no stored file was deleted this time")
            return removed
        due = PendingFileDeletion.objects.select_for_update(skip_locked=True).filter(requested_at__lt=now - grace())
        due = list(due.order_by("name"))
        # Named again since (a restore, a document brought back): kept, however long ago it was recorded.
        referenced = referenced_names()
        for pending in due:
            if pending.name not in referenced:
                storage.delete(pending.name)
                removed.append(pending.name)
                logger.warning("Removed %s from private storage: no record refers to it", pending.name)
        PendingFileDeletion.objects.filter(pk__in=[pending.pk for pending in due]).delete()
    return removed


def referenced_names():
    """Every file name that a FileField on private storage holds, across the installed apps."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and _on_private_storage(field):
                names.update(
                    model._base_manager.exclude(**{field.name: ""}).exclude(**{f"{field.name}__isnull": True})
                    .values_list(field.name, flat=True)
                )
    return names


def _on_private_storage(field):
    # deconstruct() gives the callable a field was declared with, as migrations record it.
    return field.deconstruct()[3].get("storage") is private_storage


def _files_with_times(storage):
    listing = getattr(storage, "files_with_modified_times", None)
    if listing is not None:
        yield from listing()
        return
    for name in _all_files(storage):
        yield name, storage.get_modified_time(name)


def _all_files(storage, folder=""):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield posixpath.join(folder, name)
    for subfolder in folders:
        yield from _all_files(storage, posixpath.join(folder, subfolder))


@contextlib.contextmanager
def removed_on_failure(field_file):
    """Delete the file written to `field_file` inside the block if the block fails, so no file outlives its row."""
    try:
        yield
    except BaseException:
        if field_file.name:
            field_file.storage.delete(field_file.name)
        raise
