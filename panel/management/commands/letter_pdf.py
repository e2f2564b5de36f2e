from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from panel.models import Verdict
from panel.services.letter_files import letter_pdf_for_review


class Command(BaseCommand):
    help = "Write the Panel letter for a review as a PDF, through the same code the worker uses."

    def add_arguments(self, parser):
        parser.add_argument("reference", help="The review's reference, e.g. KENT-2014-01")
        parser.add_argument("--out", required=True, type=Path, help="Where to write the PDF")

    def handle(self, *args, reference, out, **options):
        try:
            pdf = letter_pdf_for_review(reference)
        except Verdict.DoesNotExist:
            raise CommandError(f"No verdict has been recorded for a review with reference {reference!r}") from None
        out.write_bytes(pdf)
        self.stdout.write(f"Wrote {out} ({len(pdf):,} bytes)")
