"""Delete files in private storage that no record refers to, after their grace (Celery beat runs this hourly)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from dhrqa.storage import ORPHAN_AGE, sweep_orphaned_files


class Command(BaseCommand):
    help = (
        "Delete the stored files recorded for deletion longer ago than DHRQA_FILE_DELETION_GRACE_HOURS "
        "that no record refers to (none while a backup runs); and record for deletion the files no record "
        "refers to, left behind by a request or task that stopped half-way, once older than --older-than-hours."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-hours", type=float, default=ORPHAN_AGE.total_seconds() / 3600,
            help="only files last changed longer ago than this (default %(default)g): "
                 "never so short that an upload still being written could be taken",
        )

    def handle(self, *args, older_than_hours, **options):
        if older_than_hours <= 0:
            raise CommandError("--older-than-hours must be more than 0")
        removed = sweep_orphaned_files(older_than=datetime.timedelta(hours=older_than_hours))
        for name in removed:
            self.stdout.write(f"Removed {name}")
        self.stdout.write(f"{len(removed)} file{'' if len(removed) == 1 else 's'} removed")
