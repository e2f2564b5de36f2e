"""Where uploaded reports and rendered letters are kept.

Fields name the storage by this callable, never by a path, so that no
machine's folder reaches a migration and object storage can replace the
local folder by changing `STORAGES["private"]` in settings alone. The
storage has no public URL: files leave only through permission-checked views.
"""

from django.core.files.storage import storages

PRIVATE = "private"


def private_storage():
    return storages[PRIVATE]
