"""`manage.py verify_letter FILE`: the answer printed, and an exit status scripts can rely on."""

import io

import pytest
from django.core.management import CommandError, call_command

from dhrqa.dates import govuk_date
from dhrqa.models import AuditEvent
from panel import verification
from panel.services.corrections import start_correction
from tests.panel.letter_files import signed_letter, stored_pdf, with_flipped_byte, with_update_after_signing


@pytest.fixture
def sealed(rendered_draft, secretariat, chair, signing_certificate):
    letter = signed_letter(rendered_draft, secretariat=secretariat, chair=chair)
    return letter, stored_pdf(letter)


def verify(path):
    """(exit status, what was printed) for `verify_letter path`."""
    output = io.StringIO()
    try:
        call_command("verify_letter", str(path), stdout=output)
    except SystemExit as exit_:
        return exit_.code, output.getvalue()
    return 0, output.getvalue()


def test_verify_letter_genuine_exits_0(sealed, tmp_path):
    letter, pdf = sealed
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    before = AuditEvent.objects.count()

    assert verify(path) == (0, f"Genuine: the QA Panel's letter for {letter.content['reference']}, version 1, "
                               f"dated {govuk_date(letter.letter_date)}, signed and unaltered since.\n")
    assert AuditEvent.objects.count() == before  # the command is not the public page: nothing is recorded


def test_verify_letter_superseded_exits_0_and_says_so(sealed, secretariat, chair, tmp_path):
    letter, pdf = sealed
    correction = start_correction(letter=letter, started_by=secretariat, reason="The addressee's name was wrong")
    signed_letter(correction, secretariat=secretariat, chair=chair)
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)

    status, printed = verify(path)

    assert (status, printed.endswith(" signed and unaltered since. It has been superseded by version 2.\n")) == (
        0, True)


def test_verify_letter_flipped_byte_exits_1(sealed, tmp_path):
    _, pdf = sealed
    path = tmp_path / "letter.pdf"
    path.write_bytes(with_flipped_byte(pdf))

    assert verify(path) == (1, "Altered: Its digital signature does not match its contents: it was changed after "
                               "signing.\n")


def test_verify_letter_update_after_signing_exits_1_and_names_the_letter(sealed, tmp_path):
    letter, pdf = sealed
    path = tmp_path / "letter.pdf"
    path.write_bytes(with_update_after_signing(pdf))

    assert verify(path) == (1, "Altered: Something was added to the file after it was signed. It began as the QA "
                               f"Panel's letter for {letter.content['reference']}, dated "
                               f"{govuk_date(letter.letter_date)}.\n")


def test_verify_letter_unreadable_pdf_exits_2(db, signing_certificate, tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n%%EOF\n")

    assert verify(path) == (2, "Not one of ours: It could not be read as a PDF.\n")


def test_verify_letter_not_a_pdf_exits_2(db, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_text("Dear Mr Hill,")

    assert verify(path) == (2, "Not one of ours: It is not a PDF.\n")


def test_verify_letter_empty_file_exits_2(db, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(b"")

    assert verify(path) == (2, "Not one of ours: The file is empty.\n")


def test_verify_letter_over_size_file_exits_2_without_reading_it(db, tmp_path):
    path = tmp_path / "huge.pdf"
    with path.open("wb") as huge:
        huge.truncate(verification.MAX_LETTER_BYTES + 1)  # sparse, and without a PDF header: only its size says no

    assert verify(path) == (2, "Not one of ours: It is larger than any letter the Panel sends.\n")


def test_verify_letter_missing_file_exits_3(db, tmp_path):
    with pytest.raises(CommandError, match="^Cannot read .*missing.pdf: No such file or directory$") as raised:
        call_command("verify_letter", str(tmp_path / "missing.pdf"))

    assert raised.value.returncode == 3
