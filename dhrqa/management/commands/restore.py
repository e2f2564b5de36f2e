"""`manage.py restore ARCHIVE`: a backup loaded into an empty database and private storage (`make restore`)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from dhrqa.backups.archive import BackupError
from dhrqa.backups.backup import headline
from dhrqa.backups.restore import restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by `manage.py backup` into the empty database of DATABASE_URL and the empty "
        "private storage, after checking every file's SHA-256 against its manifest. Refuses a database or "
        "storage that holds anything."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="the dhrqa-YYYYMMDD-HHMMSS.tar to restore")

    def handle(self, *args, archive, **options):
        try:
            restored = restore_backup(archive)
        except (BackupError, DatabaseError) as error:
            raise CommandError(str(error)) from None
        manifest = restored.manifest
        self.stdout.write(f"Restored the backup made at {manifest['created_at']} "
                          f"(version {manifest['app']['version']}, commit {manifest['app']['commit'] or 'unknown'}).")
        self.stdout.write("Database: " + headline(manifest)
                          + f" ({len(manifest['tables'])} tables, {sum(manifest['tables'].values())} rows, "
                            "each table's count as in the manifest)")
        self.stdout.write(f"Files: {len(manifest['files'])}, each read back with the SHA-256 in the manifest")
        for name in manifest["missing_files"]:
            self.stderr.write(f"Missing: {name} was already missing from private storage when the backup was made")
        if restored.pending_migrations:
            self.stdout.write(f"This version has {len(restored.pending_migrations)} migrations the backup's database "
                              "lacks: run `manage.py migrate` before starting the service.")
