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
beat) removes such files once they are older than ORPHAN_AGE: an upload or
render still in progress writes its file moments before its row commits,
and is never that old.
"""

import contextlib
import datetime
import logging
import posixpath

from django.apps import apps
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

from dhrqa import clock

PRIVATE = "private"
ORPHAN_AGE = datetime.timedelta(hours=24)

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


def sweep_orphaned_files(*, older_than=ORPHAN_AGE):
    """Remove files in private storage that no row refers to and that are older than `older_than`.

    1. List every file in private storage with its modification time (object
       storage gives the times with the names, a folder file by file).
    2. Then collect the names held by every FileField on private storage, in
       every installed app (through the app registry, so no app is imported).
       A row committed after step 1 cannot name a file listed there that is
       already older than `older_than`.
    3. Delete each listed file that is old enough and named by no row.
    Returns the names removed, sorted.
    """
    storage = private_storage()
    cutoff = clock.now() - older_than
    old = [name for name, modified in _files_with_times(storage) if modified < cutoff]
    referenced = referenced_names()
    removed = sorted(name for name in old if name not in referenced)
    for name in removed:
        storage.delete(name)
        logger.warning("Removed %s from private storage: no record refers to it", name)
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
