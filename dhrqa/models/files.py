from django.db import models

from dhrqa import clock


class PendingFileDeletion(models.Model):
    """A file in private storage to delete once DHRQA_FILE_DELETION_GRACE_HOURS have passed.

    Deleting a stored file at once would take it from under a backup whose
    snapshot was taken while a row still named it (dhrqa/backups/backup.py
    copies the files after the snapshot). So whatever would delete a file
    records it here, and the hourly sweep (dhrqa.storage.sweep_orphaned_files)
    deletes it after the grace, unless a row names it again by then.
    """

    name = models.CharField(max_length=1024, unique=True)
    requested_at = models.DateTimeField(default=clock.now, db_index=True)

    def __str__(self):
        return self.name
