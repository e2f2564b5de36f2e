"""Run the upload checks on a file on disk: `manage.py inspect_document PATH [--kind KIND]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from submissions.enums import DocumentKind, FileType
from submissions.inspection import UploadRejected, inspect_path

REFUSED_EXIT_CODE = 1
MISSING_EXIT_CODE = 2


class Command(BaseCommand):
    help = (
        "Inspect a document exactly as an upload is inspected. Prints the type, page count and SHA-256 "
        "and exits 0 when it is accepted; prints why and exits 1 when it is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to inspect.")
        parser.add_argument("--kind", choices=DocumentKind.values,
                            help="The kind of document, which decides the file types allowed. Default: any.")

    def handle(self, *args, path, kind, **options):
        if not Path(path).is_file():
            raise CommandError(f"There is no file at {path}", returncode=MISSING_EXIT_CODE)
        try:
            inspected = inspect_path(path, kind=kind)
        except UploadRejected as rejected:
            self.stdout.write(f"Refused: {rejected}")
            self.stdout.write(f"Reason: {rejected.reason}")
            raise SystemExit(REFUSED_EXIT_CODE) from rejected
        except OSError as error:
            raise CommandError(f"The file at {path} cannot be read: {error.strerror}",
                               returncode=MISSING_EXIT_CODE) from error
        pages = "not known" if inspected.page_count is None else str(inspected.page_count)
        self.stdout.write(f"Accepted: {FileType(inspected.file_type).label}")
        self.stdout.write(f"Pages: {pages}")
        self.stdout.write(f"SHA-256: {inspected.sha256}")
