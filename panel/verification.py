"""Checking a letter someone holds: is it one the Panel signed, unaltered since?

Given a file's bytes, `verify_letter` gives one of three answers:

| answer   | when |
|----------|------|
| GENUINE  | the file's SHA-256 equals a sealed letter's `signed_pdf_sha256` (signed, issued or superseded) |
| ALTERED  | the file starts with a sealed letter and has more after it (an update made after signing); or it  |
|          | carries a signature made with our certificate that fails, or that does not cover the whole file;  |
|          | or it presents itself as a Panel letter (its title, or a signature's field or reason, is in our   |
|          | letters' form) but is not a file we sealed                                                        |
| NOT_OURS | anything else: empty, larger than MAX_LETTER_BYTES, not a PDF, unreadable, or a PDF that does not |
|          | present itself as ours; and a file signed with our certificate, whole and valid, that names no    |
|          | letter and is not one we have on record                                                           |

The rule is strict: only equal bytes are genuine. The signed file's bytes
are what the chair's signature and our record both vouch for. A letter
saved again by another program, even with its words unchanged, has new bytes
and a signature that no longer covers them, and nothing can show that its
words are the same: it is "altered", and its holder should ask for the file
as issued. A valid signature of ours over a file we have no record of is not
a letter we issued either.

Hostile input: the size is checked before anything else; the SHA-256 and the
search for an earlier revision are plain byte work; and reading the PDF's
structure and signatures (pyHanko, which fails in many ways on crafted files)
happens in a child process with limits on memory, CPU time and wall time
(`panel/signing.py` run as a script). Its failure, however it fails, is the
answer "not one of ours: unreadable". Whatever is refused says nothing about
which references exist: a claim to be a Panel letter is judged by its form,
never looked up.
"""

import dataclasses
import enum
import hashlib
import json
import logging
import subprocess
import sys
import threading

from dhrqa.audit import record
from dhrqa.enums import AuditAction
from panel import pdf, signing
from panel.enums import SEALED_LETTER_STATUSES, LetterStatus
from panel.models import Letter

MAX_LETTER_BYTES = 20 * 1024 * 1024
# A PDF's header may come after some junk, but within its first kilobyte.
PDF_HEADER = b"%PDF-"
HEADER_WITHIN = 1024
# The earlier revisions looked for: each ends at a "%%EOF" (and its end of line).
MAX_REVISIONS = 50
EOF_MARKER = b"%%EOF"
# A letter's signatures are read in well under a second; a file that takes longer is not one of ours.
DESCRIBE_TIMEOUT_SECONDS = 6
# Children reading uploaded PDFs at once, per process; another check waits this long for a turn, then is
# answered "busy" rather than holding a web thread.
_describing = threading.BoundedSemaphore(2)
TURN_WAIT_SECONDS = 2
# The child's whole environment: nothing of the web process's (its secrets included) reaches it.
CHILD_ENVIRONMENT = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}

# How our letters present themselves (panel.pdf's title, the reason panel.services.letters.sign_letter gives).
CLAIMED_TITLE = pdf.pdf_title("")
CLAIMED_REASON = "QA Panel letter"

logger = logging.getLogger(__name__)


class CheckerBusy(Exception):
    """Every child that reads uploaded PDFs is in use: the caller should try again in a moment."""


class Outcome(enum.StrEnum):
    GENUINE = "genuine"
    ALTERED = "altered"
    NOT_OURS = "not_ours"


class Reason(enum.StrEnum):
    """Why the answer is what it is: kept in the audit trail, and explained to whoever asked."""

    SIGNED_FILE = "signed_file"
    CHANGED_AFTER_SIGNING = "changed_after_signing"
    SIGNATURE_BROKEN = "signature_broken"
    NOT_THE_SIGNED_FILE = "not_the_signed_file"
    NOT_ON_RECORD = "not_on_record"
    NO_CLAIM = "no_claim"
    UNREADABLE = "unreadable"
    NOT_A_PDF = "not_a_pdf"
    EMPTY = "empty"
    TOO_LARGE = "too_large"


EXPLANATIONS = {
    Reason.SIGNED_FILE: "It is the file the Panel signed, unchanged.",
    Reason.CHANGED_AFTER_SIGNING: "Something was added to the file after it was signed.",
    Reason.SIGNATURE_BROKEN: "Its digital signature does not match its contents: it was changed after signing.",
    Reason.NOT_THE_SIGNED_FILE: (
        "It presents itself as a QA Panel letter, but it is not a file the Panel signed. It may have been "
        "changed, saved again by another program, or never signed (a draft, for example)."
    ),
    Reason.NOT_ON_RECORD: "It is not a letter the Panel has on record as signed.",
    Reason.NO_CLAIM: "It does not carry the Panel's signature.",
    Reason.UNREADABLE: "It could not be read as a PDF.",
    Reason.NOT_A_PDF: "It is not a PDF.",
    Reason.EMPTY: "The file is empty.",
    Reason.TOO_LARGE: "It is larger than any letter the Panel sends.",
}


@dataclasses.dataclass(frozen=True)
class LetterCheck:
    """The answer about one file. `letter` is the sealed letter it is (GENUINE) or began as (ALTERED), if known."""

    outcome: Outcome
    reason: Reason
    letter: Letter | None = None

    @property
    def genuine(self) -> bool:
        return self.outcome == Outcome.GENUINE

    @property
    def altered(self) -> bool:
        return self.outcome == Outcome.ALTERED

    @property
    def explanation(self) -> str:
        return EXPLANATIONS[self.reason]

    @property
    def reference(self) -> str:
        return self.letter.content.get("reference", "") if self.letter is not None else ""

    @property
    def superseded(self) -> bool:
        return self.letter is not None and self.letter.status == LetterStatus.SUPERSEDED

    @property
    def superseded_by(self) -> Letter | None:
        """The correction that replaced the letter, if it was superseded."""
        if not self.superseded:
            return None
        return Letter.objects.filter(supersedes=self.letter).order_by("-version").first()


def verify_letter(data: bytes) -> LetterCheck:
    """Say whether `data` is a letter the Panel signed and unaltered since (see the module docstring).

    Never raises on what the file holds; reads nothing outside it but the
    letters' recorded hashes and the signing certificate.

    1. Empty, over MAX_LETTER_BYTES, or without a PDF header: not ours.
    2. Its SHA-256 is a sealed letter's: genuine.
    3. It starts with a sealed letter's bytes, followed by more: altered.
    4. Otherwise read its title and signatures in a child process (unreadable:
       not ours) and judge them as the module docstring's table says. Raises
       CheckerBusy if every child is in use.
    """
    if not data:
        return LetterCheck(Outcome.NOT_OURS, Reason.EMPTY)
    if len(data) > MAX_LETTER_BYTES:
        return LetterCheck(Outcome.NOT_OURS, Reason.TOO_LARGE)
    if PDF_HEADER not in data[:HEADER_WITHIN]:
        return LetterCheck(Outcome.NOT_OURS, Reason.NOT_A_PDF)
    sealed = _sealed_letters().filter(signed_pdf_sha256=hashlib.sha256(data).hexdigest()).first()
    if sealed is not None:
        return LetterCheck(Outcome.GENUINE, Reason.SIGNED_FILE, sealed)
    original = _sealed_letters().filter(signed_pdf_sha256__in=_earlier_revision_hashes(data)).first()
    if original is not None:
        return LetterCheck(Outcome.ALTERED, Reason.CHANGED_AFTER_SIGNING, original)
    described = _describe(data)
    if described is None:
        return LetterCheck(Outcome.NOT_OURS, Reason.UNREADABLE)
    return _judge(described)


def _sealed_letters():
    return Letter.objects.filter(status__in=sorted(SEALED_LETTER_STATUSES)).exclude(signed_pdf_sha256="")


def _earlier_revision_hashes(data: bytes) -> list[str]:
    """The SHA-256 of every prefix of `data` that ends a revision ("%%EOF" and its end of line), the whole excepted.

    One pass over the bytes; at most MAX_REVISIONS markers are considered.
    """
    ends = set()
    position, markers = data.find(EOF_MARKER), 0
    while position != -1 and markers < MAX_REVISIONS:
        markers += 1
        end = position + len(EOF_MARKER)
        ends.add(end)
        if data[end:end + 2] == b"\r\n":
            ends.add(end + 2)
        elif data[end:end + 1] in (b"\n", b"\r"):
            ends.add(end + 1)
        position = data.find(EOF_MARKER, end)
    hashes = []
    digest = hashlib.sha256()
    done = 0
    for end in sorted(ends):
        if end >= len(data):
            break
        digest.update(data[done:end])
        done = end
        hashes.append(digest.copy().hexdigest())
    return hashes


def _describe(data: bytes) -> dict | None:
    """The file's title and signatures, read by panel/signing.py in a child process; None if it could not.

    Raises CheckerBusy when no child is free within TURN_WAIT_SECONDS.
    """
    try:
        certificate = signing.existing_certificate_path()
    except signing.SigningKeyMissing:
        # Without our certificate no signature can be judged ours; the service team must set it up.
        logger.exception("Letters cannot be checked: the signing certificate is missing")
        return None
    command = [sys.executable, "-I", signing.__file__, str(certificate)]
    if not _describing.acquire(timeout=TURN_WAIT_SECONDS):
        raise CheckerBusy
    try:
        finished = subprocess.run(command, input=data, capture_output=True, timeout=DESCRIBE_TIMEOUT_SECONDS,
                                  check=False, env=CHILD_ENVIRONMENT)
    except subprocess.TimeoutExpired:
        return None
    finally:
        _describing.release()
    if finished.returncode != 0:
        return None
    try:
        described = json.loads(finished.stdout)
    except ValueError:
        return None
    if not isinstance(described, dict) or not isinstance(described.get("signatures"), list):
        return None
    return described


def _judge(described: dict) -> LetterCheck:
    signatures = [found for found in described["signatures"] if isinstance(found, dict)]
    ours = [found for found in signatures if found.get("ours") is True]
    if any(not (found.get("intact") is True and found.get("valid") is True) for found in ours):
        return LetterCheck(Outcome.ALTERED, Reason.SIGNATURE_BROKEN)
    if any(found.get("covers_whole_file") is not True for found in ours):
        return LetterCheck(Outcome.ALTERED, Reason.CHANGED_AFTER_SIGNING)
    if _claims_to_be_a_panel_letter(described, signatures):
        return LetterCheck(Outcome.ALTERED, Reason.NOT_THE_SIGNED_FILE)
    if ours:
        return LetterCheck(Outcome.NOT_OURS, Reason.NOT_ON_RECORD)
    return LetterCheck(Outcome.NOT_OURS, Reason.NO_CLAIM)


def _claims_to_be_a_panel_letter(described, signatures) -> bool:
    title = described.get("title")
    if isinstance(title, str) and title.startswith(CLAIMED_TITLE):
        return True
    return any(
        found.get("field") == signing.SIGNATURE_FIELD_NAME
        or (isinstance(found.get("reason"), str) and found["reason"].startswith(CLAIMED_REASON))
        for found in signatures
    )


def check_letter(*, data: bytes, checked_by) -> LetterCheck:
    """Verify a file someone uploaded to "Check a letter", and note that it was checked.

    1. Verify it (`verify_letter`).
    2. Write the LETTER_CHECKED audit event: the answer, why, and the letter
       and its reference when the file is, or began as, one of ours. Nothing
       of the file is kept, not even its hash.
    """
    found = verify_letter(data)
    record(checked_by, AuditAction.LETTER_CHECKED, found.letter, review=found.reference,
           outcome=str(found.outcome), reason=str(found.reason))
    return found


def refuse_check(*, reason: Reason, checked_by):
    """Note a file refused before it was read (too large): the audit event, with no letter."""
    record(checked_by, AuditAction.LETTER_CHECKED, outcome="refused", reason=str(reason))
