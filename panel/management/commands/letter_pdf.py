from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from panel.composition import compose_letter_content
from panel.models import Verdict
from panel.pdf import render_letter_pdf
from panel.services.letters import current_template, final_letter_pdf


class Command(BaseCommand):
    help = "Write the Panel letter for a review as a PDF, through the same code the worker uses."

    def add_arguments(self, parser):
        parser.add_argument("reference", help="The review's reference, e.g. KENT-2014-01")
        parser.add_argument("--out", required=True, type=Path, help="Where to write the PDF")

    def handle(self, *args, reference, out, **options):
        verdict = (
            Verdict.objects.filter(agenda_item__submission__review__reference=reference)
            .select_related("agenda_item__meeting__chair", "agenda_item__submission__review__csp")
            .order_by("-recorded_at")
            .first()
        )
        if verdict is None:
            raise CommandError(f"No verdict has been recorded for a review with reference {reference!r}")
        letter = verdict.letters.first()
        if letter is not None and letter.is_frozen:
            with letter.signed_pdf.open("rb") as signed:
                pdf = signed.read()
        elif letter is not None:
            pdf = final_letter_pdf(letter)
        else:
            today = timezone.localdate()
            content = compose_letter_content(verdict=verdict, template=current_template(verdict.era), letter_date=today)
            pdf = render_letter_pdf(content, letter_date=today, final=True)
        out.write_bytes(pdf)
        self.stdout.write(f"Wrote {out} ({len(pdf):,} bytes)")
