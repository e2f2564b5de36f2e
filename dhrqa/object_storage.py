"""Private files in S3-compatible object storage, for a service that runs on several machines.

`STORAGES["private"]` names `PrivateS3Storage` when `DHRQA_S3_BUCKET` is set
(dhrqa/settings.py). Every machine's web processes and workers then read and
write one bucket, as they share one database.

The bucket holds OFFICIAL-SENSITIVE casework, so this storage never gives a
file an address: reports and letters leave only through our
permission-checked views, which read them through and check their SHA-256.
Each object is written with a private ACL and encrypted at rest by the
bucket's server-side encryption.
"""

from django.conf import settings
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """django-storages' S3 backend, with no URLs, no overwriting and large files spooled to disk."""

    def get_default_settings(self):
        return {
            **super().get_default_settings(),
            "default_acl": "private",
            "object_parameters": {"ServerSideEncryption": "AES256"},
            # Unsigned URLs to private objects, were url() ever reached; it is not.
            "querystring_auth": False,
            # A name already taken gets a new one rather than replacing another record's bytes.
            "file_overwrite": False,
            # An object opened for reading is fetched whole: above this it goes to a temporary
            # file, not memory (django-storages' default keeps every byte of a 50 MB report in memory).
            "max_memory_size": settings.FILE_UPLOAD_MAX_MEMORY_SIZE,
        }

    def url(self, name, parameters=None, expire=None, http_method=None):
        # A presigned link would let whoever holds it read casework without signing in.
        raise NotImplementedError("Private files have no URL: they are sent through permission-checked views")

    def files_with_modified_times(self):
        """(name, last modified) of every object under the storage's prefix, a thousand to a request.

        The orphan sweep reads the times from the listing rather than asking
        for each object in turn.
        """
        prefix = f"{self.location.strip('/')}/" if self.location.strip("/") else ""
        pages = self.connection.meta.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket_name, Prefix=prefix)
        for page in pages:
            for entry in page.get("Contents", ()):
                name = entry["Key"][len(prefix):]
                if name and not name.endswith("/"):
                    yield name, entry["LastModified"]
