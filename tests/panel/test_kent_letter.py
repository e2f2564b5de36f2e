"""Acceptance: the demo's Kent letter reads like the Panel's real letter of 6 February 2014."""

import datetime
import difflib
import io
import subprocess

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils.timezone import localdate

from dhrqa.audit import review_history
from dhrqa.enums import AuditAction
from dhrqa.models import User
from panel.demo.kent_2014 import DEMO_PASSWORD, REFERENCE
from panel.demo.kent_letter import ISSUES, NATIONAL_RESPONSES
from panel.enums import LetterStatus
from panel.models import Letter, RoutedRecommendation
from submissions.enums import SubmissionStatus
from submissions.models import Review, Submission
from tests.panel.scenario import normalise

MILESTONES = {
    AuditAction.REVIEW_REGISTERED, AuditAction.SUBMISSION_SUBMITTED, AuditAction.SUBMISSION_ACCEPTED,
    AuditAction.SUBMISSION_SCHEDULED, AuditAction.VERDICT_RECORDED, AuditAction.LETTER_DRAFTED,
    AuditAction.LETTER_SIGNED, AuditAction.LETTER_ISSUED,
}

# CI clones the repository into its own folder and copies `shared/` beside it.
REFERENCE_LETTER = settings.BASE_DIR.parent / "shared" / "reference" / "qa-letter-2014-kent.txt"

DEMO_LOGINS = (
    f"\nDemo logins (password for all: {DEMO_PASSWORD}):\n"
    "  CSP officer    csp@kent.example                   Kent's reviews; the 2014 letter to download\n"
    "  CSP officer    csp@medway.example                 Medway's reviews (sees none of Kent's)\n"
    "  Secretariat    secretariat@homeoffice.example     intake, meetings, readers and progress, letters\n"
    "  Panel chair    chair@homeoffice.example           meeting mode for 1 December 2026: record and confirm "
    "verdicts\n"
    "  Panel member   panel@homeoffice.example           My reviews: Kent assessment submitted, Medway in draft\n"
    "  Panel member   reader@homeoffice.example          My reviews: Medway assessment submitted, Kent in draft\n"
    "  Panel member   member@homeoffice.example          declared a conflict with the Medway review: it is "
    "hidden\n"
    "  Responder      responder@homeoffice.example       Home Office: Kent's recommendations 4 and 7 routed to it\n"
    "  Responder      responder@justice.example          Ministry of Justice: Kent's recommendation 3, overdue\n"
    "\nHome Office accounts (secretariat, chair, panel members) and national body responders set up\n"
    "two-factor sign-in the first time they sign in: scan the QR code with an authenticator app, or type\n"
    "the key shown (on the command line, `oathtool --totp -b KEY` prints the code). CSP officers sign in\n"
    "with their password only, unless DHRQA_MFA_FOR_CSP_OFFICERS=true.\n"
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
def kent_letter_text(db, tmp_path, signing_certificate):
    load_demo()
    out = tmp_path / "kent.pdf"
    call_command("letter_pdf", REFERENCE, "--out", str(out), stdout=io.StringIO())
    return normalise(pdftotext(out))


def test_kent_letter_words_match_2014_reference(kent_letter_text, reference_text):
    ours, reference = kent_letter_text.split(), reference_text.split()

    ratio = difflib.SequenceMatcher(None, ours, reference, autojunk=False).ratio()

    assert ratio >= 0.97, "\n".join(difflib.unified_diff(reference, ours, "reference", "ours", lineterm=""))


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


def test_loaddemo_kent_letter_signed_and_issued_on_6_february_2014(db, signing_certificate):
    load_demo()

    letter = Letter.objects.get(verdict__agenda_item__submission__review__reference=REFERENCE)
    assert (letter.status, str(letter.letter_date)) == (LetterStatus.ISSUED, "2014-02-06")
    assert (localdate(letter.signed_at), localdate(letter.issued_at)) == (
        datetime.date(2014, 2, 6), datetime.date(2014, 2, 6))
    with letter.signed_pdf.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_loaddemo_kent_submission_sent_before_the_january_2014_meeting(db, signing_certificate):
    load_demo()

    submission = Submission.objects.get(review__reference=REFERENCE)
    meeting = submission.agenda_items.get().meeting
    assert (localdate(submission.submitted_at), meeting.date) == (
        datetime.date(2014, 1, 6), datetime.date(2014, 1, 22))
    assert submission.status == SubmissionStatus.CONCLUDED


def test_loaddemo_kent_history_is_on_the_audit_trail_at_its_dates(db, signing_certificate):
    load_demo()

    history = [(event.action, localdate(event.at).isoformat()) for event in review_history(REFERENCE)
               if event.action in MILESTONES]
    assert history == [
        (AuditAction.REVIEW_REGISTERED, "2014-01-02"),
        (AuditAction.SUBMISSION_SUBMITTED, "2014-01-06"),
        (AuditAction.SUBMISSION_ACCEPTED, "2014-01-08"),
        (AuditAction.SUBMISSION_SCHEDULED, "2014-01-09"),
        (AuditAction.VERDICT_RECORDED, "2014-01-22"),
        (AuditAction.LETTER_DRAFTED, "2014-02-03"),
        (AuditAction.LETTER_SIGNED, "2014-02-06"),
        (AuditAction.LETTER_ISSUED, "2014-02-06"),
    ]


def test_loaddemo_prints_logins(db, signing_certificate):
    output = load_demo()

    assert output == ("Kent 2014 scenario created.\nMedway 2026 review created.\n"
                      "Panel meeting of 1 December 2026 created.\nNational body responders created.\n"
                      "History for the delay dashboard: 1500 fictional reviews, 123 meetings, 1947 letters, "
                      "968 publications created.\n" + DEMO_LOGINS)
    emails = [word for word in DEMO_LOGINS.split() if "@" in word]
    assert sorted(User.objects.filter(is_active=True).values_list("email", flat=True)) == sorted(emails)


def test_loaddemo_second_run_creates_nothing(db, signing_certificate):
    load_demo()
    counts = (Review.objects.count(), Letter.objects.count(), User.objects.count())

    output = load_demo()

    # The demo's four reviews and one letter, and the dashboard's 1,500 fictional reviews (panel/demo/history.py)
    # with their letters and their CSPs' eight closed officer accounts.
    assert (Review.objects.count(), Letter.objects.count(), User.objects.count()) == counts == (1504, 1948, 17)
    assert output.startswith("Kent 2014 scenario already present.\nMedway 2026 review already present.\n"
                             "Panel meeting of 1 December 2026 already present.\n"
                             "National body responders already present.\n"
                             "History for the delay dashboard already present.\n")


def test_loaddemo_routes_kents_national_recommendations_and_the_home_office_answers_two(db, signing_certificate):
    load_demo()

    assert sorted(RoutedRecommendation.objects.filter(review__reference=REFERENCE).values_list(
        "number", "body", "status", "sent_on")) == [
        ("3", "moj", "sent", datetime.date(2014, 1, 22)),
        ("4", "home_office", "in_progress", datetime.date(2014, 1, 22)),
        ("5", "dhsc", "sent", datetime.date(2014, 1, 22)),
        ("6", "dhsc", "sent", datetime.date(2014, 1, 22)),
        ("7", "home_office", "declined", datetime.date(2014, 1, 22)),
        ("8", "dhsc", "sent", datetime.date(2014, 1, 22)),
    ]
