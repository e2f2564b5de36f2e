"""`manage.py backup`: the database and the private files it refers to, in one dated archive (`make backup`)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from dhrqa.backups.archive import BackupError
from dhrqa.backups.backup import headline, make_backup


class Command(BaseCommand):
    help = (
        "Write dhrqa-YYYYMMDD-HHMMSS.tar (mode 0600) to --out: a pg_dump of the database taken in one "
        "snapshot, each private file its rows refer to, and a manifest of their SHA-256. Prints the path last."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, default=Path(settings.BASE_DIR) / "var" / "backups",
                            help="folder for the archive (default var/backups; made 0700 if missing)")

    def handle(self, *args, out, **options):
        try:
            backup = make_backup(out)
        except (BackupError, DatabaseError) as error:
            raise CommandError(str(error)) from None
        manifest = backup.manifest
        self.stdout.write("Database: " + headline(manifest)
                          + f" ({len(manifest['tables'])} tables, {sum(manifest['tables'].values())} rows)")
        size = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(f"Files: {len(manifest['files'])} ({size} bytes), each with its SHA-256 in manifest.json")
        for name in manifest["missing_files"]:
            self.stderr.write(f"Missing: {name} is named in the database but not in private storage")
        self.stdout.write("The archive holds OFFICIAL-SENSITIVE casework: keep it encrypted, and only as long as "
                          "it is needed.")
        self.stdout.write(str(backup.path))
