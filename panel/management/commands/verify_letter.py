"""`python manage.py verify_letter FILE`: the "Check a letter" page's answer, on the command line.

Exit status: 0 a genuine letter (superseded ones included: the answer says so),
1 altered, 2 not one of ours, 3 the file could not be opened. (Django's
argument errors exit 2 as well: anything but 0 means "do not rely on it".)
Nothing is written to the audit trail: the page does that for the public.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dhrqa.dates import govuk_date
from panel.verification import MAX_LETTER_BYTES, LetterCheck, Outcome, Reason, verify_letter

EXIT_STATUS = {Outcome.GENUINE: 0, Outcome.ALTERED: 1, Outcome.NOT_OURS: 2}
CANNOT_OPEN = 3


class Command(BaseCommand):
    help = (
        "Say whether a PDF is a letter the QA Panel signed, unaltered since. Exits 0 for a genuine letter, "
        "1 for an altered one, 2 for one that is not ours, 3 if the file cannot be opened."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The PDF to check")

    def handle(self, *args, file, **options):
        try:
            size = file.stat().st_size
            # A file over the limit is not read at all.
            data = file.read_bytes() if size <= MAX_LETTER_BYTES else None
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}", returncode=CANNOT_OPEN) from None
        found = verify_letter(data) if data is not None else LetterCheck(Outcome.NOT_OURS, Reason.TOO_LARGE)
        self.stdout.write(describe(found))
        status = EXIT_STATUS[found.outcome]
        if status:
            sys.exit(status)


def describe(found: LetterCheck) -> str:
    """The answer in a sentence or two."""
    if found.outcome == Outcome.GENUINE:
        letter = found.letter
        answer = (f"Genuine: the QA Panel's letter for {found.reference}, version {letter.version}, "
                  f"dated {govuk_date(letter.letter_date)}, signed and unaltered since.")
        if found.superseded:
            correction = found.superseded_by
            answer += " It has been superseded" + (f" by version {correction.version}." if correction else ".")
        return answer
    if found.outcome == Outcome.ALTERED:
        began = (f" It began as the QA Panel's letter for {found.reference}, dated "
                 f"{govuk_date(found.letter.letter_date)}." if found.letter is not None else "")
        return f"Altered: {found.explanation}{began}"
    return f"Not one of ours: {found.explanation}"
