"""Checking a letter: genuine, altered or not ours, for files signed through the services and files made to fool us."""

import io

import pytest
import weasyprint
from django.conf import settings
from django.core.management import call_command
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from panel import verification
from panel.enums import LetterStatus
from panel.pdf import render_letter_pdf
from panel.services.corrections import start_correction
from panel.services.letters import issue_letter
from panel.signing import sign_pdf
from panel.verification import LetterCheck, Outcome, Reason, check_letter, refuse_check, verify_letter
from tests.panel.letter_files import signed_letter, stored_pdf, with_flipped_byte, with_update_after_signing
from tests.panel.scenario import LETTER_DATE


@pytest.fixture
def sealed(rendered_draft, secretariat, chair, signing_certificate):
    """A letter signed through the services, and the bytes stored for it."""
    letter = signed_letter(rendered_draft, secretariat=secretariat, chair=chair)
    return letter, stored_pdf(letter)


def answer(found: LetterCheck):
    return found.outcome, found.reason, found.letter.pk if found.letter is not None else None


def plain_pdf(title="Council minutes"):
    return weasyprint.HTML(string=f"<title>{title}</title><p>Minutes of the meeting.</p>").write_pdf()


def signed_with(pdf_bytes, key_path, cert_path, *, field_name, reason):
    """Signed with pyHanko alone, with a key pair and field name of the test's choosing."""
    signer = signers.SimpleSigner.load(str(key_path), str(cert_path))
    metadata = signers.PdfSignatureMetadata(field_name=field_name, reason=reason,
                                            subfilter=fields.SigSeedSubFilter.PADES)
    return signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf_bytes)), metadata, signer=signer).getvalue()


def other_pair(settings, tmp_path):
    """A second key pair, made as ours is; the settings still point at ours afterwards."""
    ours = settings.DHRQA_SIGNING_KEY_PATH, settings.DHRQA_SIGNING_CERT_PATH
    settings.DHRQA_SIGNING_KEY_PATH = tmp_path / "other" / "key.pem"
    settings.DHRQA_SIGNING_CERT_PATH = tmp_path / "other" / "cert.pem"
    call_command("create_signing_certificate", stdout=io.StringIO())
    pair = settings.DHRQA_SIGNING_KEY_PATH, settings.DHRQA_SIGNING_CERT_PATH
    settings.DHRQA_SIGNING_KEY_PATH, settings.DHRQA_SIGNING_CERT_PATH = ours
    return pair


def test_verify_letter_signed_letter_is_genuine(sealed):
    letter, pdf = sealed

    found = verify_letter(pdf)

    assert answer(found) == (Outcome.GENUINE, Reason.SIGNED_FILE, letter.pk)
    assert (found.reference, found.superseded, found.letter.letter_date) == (
        letter.content["reference"], False, letter.letter_date)


def test_verify_letter_issued_letter_is_genuine(sealed, secretariat):
    letter, pdf = sealed
    issue_letter(letter=letter, issued_by=secretariat)

    found = verify_letter(pdf)

    assert answer(found) == (Outcome.GENUINE, Reason.SIGNED_FILE, letter.pk)
    assert found.letter.status == LetterStatus.ISSUED


def test_verify_letter_superseded_letter_is_genuine_and_says_so(sealed, secretariat, chair):
    letter, pdf = sealed
    correction = start_correction(letter=letter, started_by=secretariat, reason="The addressee's name was wrong")
    correction = signed_letter(correction, secretariat=secretariat, chair=chair)

    old, new = verify_letter(pdf), verify_letter(stored_pdf(correction))

    assert answer(old) == (Outcome.GENUINE, Reason.SIGNED_FILE, letter.pk)
    assert (old.superseded, old.superseded_by.pk, old.superseded_by.version) == (True, correction.pk, 2)
    assert answer(new) == (Outcome.GENUINE, Reason.SIGNED_FILE, correction.pk)
    assert new.superseded is False


def test_verify_letter_flipped_byte_in_the_signed_range_is_altered(sealed):
    _, pdf = sealed

    assert answer(verify_letter(with_flipped_byte(pdf))) == (Outcome.ALTERED, Reason.SIGNATURE_BROKEN, None)


def test_verify_letter_update_after_signing_is_altered_and_names_the_letter(sealed):
    letter, pdf = sealed

    found = verify_letter(with_update_after_signing(pdf))

    assert answer(found) == (Outcome.ALTERED, Reason.CHANGED_AFTER_SIGNING, letter.pk)
    assert found.reference == letter.content["reference"]


def test_verify_letter_bytes_after_the_signed_file_are_altered(sealed):
    letter, pdf = sealed

    assert answer(verify_letter(pdf + b"% a note added later\n")) == (
        Outcome.ALTERED, Reason.CHANGED_AFTER_SIGNING, letter.pk)


def test_verify_letter_draft_is_altered_not_the_signed_file(sealed, rendered_draft):
    # A Panel letter by its title, never signed: not the file the Panel sealed.
    with rendered_draft.draft_pdf.open("rb") as draft:
        found = verify_letter(draft.read())

    assert answer(found) == (Outcome.ALTERED, Reason.NOT_THE_SIGNED_FILE, None)


def test_verify_letter_signed_with_our_key_but_never_sealed_is_altered(sealed):
    # What a forger holding the key could make: our form, our signature, words we never sealed.
    letter, _ = sealed
    content = {**letter.content, "blocks": [{"kind": "paragraph", "text": "The report is inadequate."}]}
    forged = sign_pdf(render_letter_pdf(content, letter_date=LETTER_DATE, final=True), signer_name="Chris Chair",
                      reason=f"QA Panel letter for {letter.content['reference']}")

    assert answer(verify_letter(forged)) == (Outcome.ALTERED, Reason.NOT_THE_SIGNED_FILE, None)


def test_verify_letter_our_key_on_a_file_claiming_nothing_is_not_on_record(sealed):
    pdf = signed_with(plain_pdf(), settings.DHRQA_SIGNING_KEY_PATH, settings.DHRQA_SIGNING_CERT_PATH,
                      field_name="Approval", reason="Approved")

    assert answer(verify_letter(pdf)) == (Outcome.NOT_OURS, Reason.NOT_ON_RECORD, None)


def test_verify_letter_someone_elses_signed_pdf_is_not_ours(sealed, settings, tmp_path):
    pdf = signed_with(plain_pdf(), *other_pair(settings, tmp_path), field_name="Approval", reason="Approved")

    assert answer(verify_letter(pdf)) == (Outcome.NOT_OURS, Reason.NO_CLAIM, None)


def test_verify_letter_other_certificate_in_our_form_is_altered(sealed, settings, tmp_path):
    letter, _ = sealed
    pdf = signed_with(render_letter_pdf(letter.content, letter_date=LETTER_DATE, final=True),
                      *other_pair(settings, tmp_path), field_name="Approval", reason="Approved")

    assert answer(verify_letter(pdf)) == (Outcome.ALTERED, Reason.NOT_THE_SIGNED_FILE, None)


def test_verify_letter_unsigned_pdf_of_someone_else_is_not_ours(sealed):
    assert answer(verify_letter(plain_pdf())) == (Outcome.NOT_OURS, Reason.NO_CLAIM, None)


@pytest.mark.parametrize(("data", "reason"), [
    pytest.param(b"", Reason.EMPTY, id="empty"),
    pytest.param(b"Dear Mr Hill,\nThe report is adequate.", Reason.NOT_A_PDF, id="text"),
    pytest.param(b"PK\x03\x04" + bytes(2000), Reason.NOT_A_PDF, id="zip"),
    pytest.param(b"%PDF-" + bytes(verification.MAX_LETTER_BYTES), Reason.TOO_LARGE, id="over 20MB"),
    pytest.param(b"%PDF-1.7\n%%EOF\n", Reason.UNREADABLE, id="header and nothing"),
    pytest.param(b"%PDF-1.7\n1 0 obj\n" + b"[" * 100_000 + b"\n%%EOF", Reason.UNREADABLE, id="deep nesting"),
    pytest.param(b"%PDF-1.7\ntrailer\n<< /Root 1 0 R /Size 99999999999 >>\nstartxref\n9\n%%EOF",
                 Reason.UNREADABLE, id="lying trailer"),
])
def test_verify_letter_hostile_input_is_not_ours_and_never_raises(db, signing_certificate, data, reason):
    assert answer(verify_letter(data)) == (Outcome.NOT_OURS, reason, None)


def test_verify_letter_signed_letter_without_its_signature_is_altered(sealed):
    _, pdf = sealed
    unsigned = pdf[:pdf.index(b"%%EOF") + len(b"%%EOF\n")]  # the revision before the signature was added

    assert answer(verify_letter(unsigned)) == (Outcome.ALTERED, Reason.NOT_THE_SIGNED_FILE, None)


def test_verify_letter_signed_letter_cut_in_half_is_unreadable(sealed):
    _, pdf = sealed

    assert answer(verify_letter(pdf[: len(pdf) // 2])) == (Outcome.NOT_OURS, Reason.UNREADABLE, None)


def test_verify_letter_reading_that_takes_too_long_is_unreadable(sealed, monkeypatch):
    _, pdf = sealed
    monkeypatch.setattr(verification, "DESCRIBE_TIMEOUT_SECONDS", 0.001)

    assert answer(verify_letter(with_flipped_byte(pdf))) == (Outcome.NOT_OURS, Reason.UNREADABLE, None)


def test_check_letter_records_the_answer_and_the_letter(sealed):
    letter, pdf = sealed
    before = AuditEvent.objects.count()

    check_letter(data=pdf, checked_by=None)

    event = AuditEvent.objects.latest("id")
    assert AuditEvent.objects.count() == before + 1
    assert (event.actor_id, event.action, event.object_type, event.object_id, event.review_reference,
            event.detail) == (None, AuditAction.LETTER_CHECKED, "panel.Letter", str(letter.pk),
                              letter.content["reference"], {"outcome": "genuine", "reason": "signed_file"})


def test_check_letter_not_ours_records_no_letter(db, signing_certificate, csp_officer):
    check_letter(data=b"Dear Mr Hill,", checked_by=csp_officer)

    event = AuditEvent.objects.latest("id")
    assert (event.actor_id, event.action, event.object_type, event.review_reference, event.detail) == (
        csp_officer.pk, AuditAction.LETTER_CHECKED, "", "", {"outcome": "not_ours", "reason": "not_a_pdf"})


def test_refuse_check_records_the_refusal(db):
    refuse_check(reason=Reason.TOO_LARGE, checked_by=None)

    event = AuditEvent.objects.latest("id")
    assert (event.action, event.object_type, event.detail) == (
        AuditAction.LETTER_CHECKED, "", {"outcome": "refused", "reason": "too_large"})


def test_verify_letter_without_our_certificate_is_unreadable_but_a_sealed_letter_still_genuine(sealed, settings,
                                                                                               tmp_path):
    letter, pdf = sealed
    settings.DHRQA_SIGNING_CERT_PATH = tmp_path / "missing.pem"

    assert answer(verify_letter(with_flipped_byte(pdf))) == (Outcome.NOT_OURS, Reason.UNREADABLE, None)
    assert answer(verify_letter(pdf)) == (Outcome.GENUINE, Reason.SIGNED_FILE, letter.pk)
