"""Acceptance: the demo's Kent letter reads like the Panel's real letter of 6 February 2014."""

import difflib
import io
import subprocess

import pytest
from django.conf import settings
from django.core.management import call_command

from dhrqa.demo.kent_2014 import DEMO_PASSWORD, ISSUES, NATIONAL_RESPONSES, REFERENCE
from dhrqa.models import User
from panel.enums import LetterStatus, RenderStatus
from panel.models import Letter
from submissions.models import Review
from tests.panel.scenario import normalise

# CI clones the repository into its own folder and copies `shared/` beside it.
REFERENCE_LETTER = settings.BASE_DIR.parent / "shared" / "reference" / "qa-letter-2014-kent.txt"

DEMO_LOGINS = (
    f"\nDemo logins (password for all: {DEMO_PASSWORD}):\n"
    "  CSP officer    csp@kent.example, Kent Community Safety Partnership\n"
    "  CSP officer    csp@medway.example, Medway Community Safety Partnership\n"
    "  Secretariat    secretariat@homeoffice.example\n"
    "  Panel member   panel@homeoffice.example\n"
    "  Panel chair    chair@homeoffice.example\n"
)


def load_demo():
    out = io.StringIO()
    call_command("loaddemo", stdout=out)
    return out.getvalue()


def pdftotext(path):
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def without_whitespace(text):
    return "".join(text.split())


@pytest.fixture
def reference_text():
    if not REFERENCE_LETTER.is_file():
        pytest.fail(f"The reference letter is missing: expected it at {REFERENCE_LETTER} "
                    "(shared/ must sit beside the repository)")
    return normalise(REFERENCE_LETTER.read_text(encoding="utf-8"))


@pytest.fixture
def kent_letter_text(db, tmp_path):
    load_demo()
    out = tmp_path / "kent.pdf"
    call_command("letter_pdf", REFERENCE, "--out", str(out), stdout=io.StringIO())
    return normalise(pdftotext(out))


def test_kent_letter_words_match_2014_reference(kent_letter_text, reference_text):
    ours, reference = kent_letter_text.split(), reference_text.split()

    ratio = difflib.SequenceMatcher(None, ours, reference, autojunk=False).ratio()

    assert ratio >= 0.95, "\n".join(difflib.unified_diff(reference, ours, "reference", "ours", lineterm=""))


def test_kent_letter_contains_every_issue_verbatim(kent_letter_text):
    missing = [issue for issue in ISSUES if normalise(issue) not in kent_letter_text]

    assert missing == []


def test_kent_letter_contains_every_national_response_verbatim(kent_letter_text):
    # pdftotext breaks the Guide's long URL at a slash ("file/143782/ dhr-report-guide.pdf"),
    # which normalising turns into a space inside the URL. So each response is
    # also compared with all white space removed, which still catches any
    # changed, lost or reordered character.
    missing_words = [text for _, text in NATIONAL_RESPONSES
                     if without_whitespace(text) not in without_whitespace(kent_letter_text)]
    paragraphs = [paragraph for _, text in NATIONAL_RESPONSES for paragraph in text.split("\n\n")]
    prose = [paragraph for paragraph in paragraphs if not paragraph.startswith("https://")]
    missing_prose = [paragraph for paragraph in prose if normalise(paragraph) not in kent_letter_text]

    assert missing_words == []
    assert len(prose) == len(paragraphs) - 1
    assert missing_prose == []


def test_kent_letter_is_final_with_chairs_sign_off(kent_letter_text):
    assert "DRAFT" not in kent_letter_text
    assert kent_letter_text.endswith(
        "Yours sincerely, Christian Papaleontiou Acting Chair of the Home Office Quality Assurance Panel "
        "Head of the Interpersonal Violence Team, Violent Crime Unit Page 2 of 2"
    )


def test_loaddemo_renders_kent_draft_letter(db):
    load_demo()

    letter = Letter.objects.get(verdict__agenda_item__submission__review__reference=REFERENCE)
    assert (letter.status, letter.render_status, str(letter.letter_date)) == (
        LetterStatus.DRAFT, RenderStatus.READY, "2014-02-06")
    with letter.draft_pdf.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_loaddemo_prints_logins(db):
    output = load_demo()

    assert output == "Kent 2014 scenario created.\n" + DEMO_LOGINS


def test_loaddemo_second_run_creates_nothing(db):
    load_demo()
    counts = (Review.objects.count(), Letter.objects.count(), User.objects.count())

    output = load_demo()

    assert (Review.objects.count(), Letter.objects.count(), User.objects.count()) == counts == (1, 1, 5)
    assert output == "Kent 2014 scenario already present.\n" + DEMO_LOGINS
