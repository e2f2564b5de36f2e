"""PAdES signing and validation with real keys made by `create_signing_certificate`."""

import dataclasses
import datetime
import io
import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from dhrqa.management.commands.create_signing_certificate import DEFAULT_COMMON_NAME
from panel.pdf import render_letter_pdf
from panel.signing import (
    SIGNATURE_FIELD_NAME,
    NotASignedPdf,
    SignatureCheck,
    SigningKeyMissing,
    describe_pdf,
    sign_pdf,
    validate_signature,
)
from tests.panel.letter_files import archival_facts, with_flipped_byte, with_update_after_signing

LETTER = {
    "letterhead": {
        "unit": "Violent Crime Unit",
        "address_lines": ["2 Marsham Street", "London", "SW1P 4DF"],
        "phone": "020 7035 4848",
        "fax": "",
        "website": "www.homeoffice.gov.uk",
    },
    "addressee": {
        "name": "Councillor Michael Hill OBE",
        "title": "",
        "organisation": "Kent County Council",
        "address_lines": ["County Hall", "Maidstone", "ME14 1XQ"],
    },
    "salutation": "Dear Mr Hill,",
    "blocks": [{"kind": "paragraph", "text": "The report has been judged as adequate by the QA Panel."}],
    "closing": "Yours sincerely,",
    "signatory": {"name": "Christian Papaleontiou", "titles": ["Acting Chair of the Home Office Quality Assurance Panel"]},
    "reference": "KENT-2014-01",
}
GOOD = SignatureCheck(
    intact=True,
    valid=True,
    trusted=True,
    covers_whole_file=True,
    signer_common_name=DEFAULT_COMMON_NAME,
    signed_at=None,
)


@pytest.fixture(scope="module")
def letter_pdf():
    return render_letter_pdf(LETTER, letter_date=datetime.date(2014, 2, 6), final=True)


@pytest.fixture
def signing_paths(settings, tmp_path):
    """Each test gets its own key folder, so no test sees another's pair."""
    settings.DHRQA_SIGNING_KEY_PATH = tmp_path / "signing" / "key.pem"
    settings.DHRQA_SIGNING_CERT_PATH = tmp_path / "signing" / "cert.pem"
    settings.DHRQA_SIGNING_KEY_PASSPHRASE = ""
    return settings


def create_pair(*args):
    output = io.StringIO()
    call_command("create_signing_certificate", *args, stdout=output)
    return output.getvalue()


def sign(pdf_bytes):
    return sign_pdf(pdf_bytes, signer_name="Christian Papaleontiou", reason="QA Panel feedback letter")


def without_time(check):
    return dataclasses.replace(check, signed_at=None)


def test_validate_signature_signed_letter_is_ok(signing_paths, letter_pdf):
    create_pair()
    before = datetime.datetime.now(datetime.UTC).replace(microsecond=0)

    check = validate_signature(sign(letter_pdf), trust_cert_path=signing_paths.DHRQA_SIGNING_CERT_PATH)

    assert without_time(check) == GOOD
    assert check.ok is True
    assert before <= check.signed_at <= datetime.datetime.now(datetime.UTC)


def test_sign_pdf_is_pades_sha256_with_reason_and_location(signing_paths, letter_pdf):
    create_pair()

    signed = sign(letter_pdf)

    assert signed.startswith(letter_pdf)  # an incremental update: the letter's bytes are untouched
    assert b"/SubFilter /ETSI.CAdES.detached" in signed
    assert b"/Reason (QA Panel feedback letter)" in signed
    assert b"/Location (London)" in signed
    assert b"/Name (Christian Papaleontiou)" in signed


def test_validate_signature_one_flipped_byte_is_not_intact(signing_paths, letter_pdf):
    create_pair()
    signed = with_flipped_byte(sign(letter_pdf))

    check = validate_signature(signed, trust_cert_path=signing_paths.DHRQA_SIGNING_CERT_PATH)

    # The signature over the signed attributes still verifies (valid), but the
    # document no longer matches their digest; pyHanko then withholds trust.
    assert without_time(check) == dataclasses.replace(GOOD, intact=False, trusted=False)
    assert check.ok is False


def test_validate_signature_update_after_signing_is_not_ok(signing_paths, letter_pdf):
    create_pair()

    check = validate_signature(with_update_after_signing(sign(letter_pdf)),
                               trust_cert_path=signing_paths.DHRQA_SIGNING_CERT_PATH)

    assert without_time(check) == dataclasses.replace(GOOD, covers_whole_file=False)
    assert check.ok is False


def test_validate_signature_other_certificate_is_not_trusted(signing_paths, letter_pdf, tmp_path):
    create_pair()
    signed = sign(letter_pdf)
    signing_paths.DHRQA_SIGNING_KEY_PATH = tmp_path / "other" / "key.pem"
    signing_paths.DHRQA_SIGNING_CERT_PATH = tmp_path / "other" / "cert.pem"
    create_pair("--common-name", DEFAULT_COMMON_NAME)

    check = validate_signature(signed, trust_cert_path=tmp_path / "other" / "cert.pem")

    assert without_time(check) == dataclasses.replace(GOOD, trusted=False)
    assert check.ok is False


def test_validate_signature_unsigned_pdf_is_refused(signing_paths, letter_pdf):
    create_pair()

    with pytest.raises(NotASignedPdf, match="^The PDF has no signature$"):
        validate_signature(letter_pdf, trust_cert_path=signing_paths.DHRQA_SIGNING_CERT_PATH)


def test_validate_signature_not_a_pdf_is_refused(signing_paths):
    create_pair()

    with pytest.raises(NotASignedPdf, match="^The file could not be read as a PDF"):
        validate_signature(b"Dear Mr Hill,", trust_cert_path=signing_paths.DHRQA_SIGNING_CERT_PATH)


def test_sign_pdf_missing_key_raises_signing_key_missing(signing_paths, letter_pdf):
    create_pair()
    signing_paths.DHRQA_SIGNING_KEY_PATH.unlink()

    with pytest.raises(SigningKeyMissing) as raised:
        sign(letter_pdf)

    assert str(raised.value) == (
        f"No file at {signing_paths.DHRQA_SIGNING_KEY_PATH} (DHRQA_SIGNING_KEY_PATH). For development, make "
        "a self-signed pair with `python manage.py create_signing_certificate`."
    )


def test_sign_pdf_replaced_key_is_picked_up(signing_paths, letter_pdf):
    create_pair()
    sign(letter_pdf)
    create_pair("--force", "--common-name", "Replacement signer")

    check = validate_signature(sign(letter_pdf), trust_cert_path=signing_paths.DHRQA_SIGNING_CERT_PATH)

    assert without_time(check) == dataclasses.replace(GOOD, signer_common_name="Replacement signer")


def test_sign_pdf_encrypted_key_uses_passphrase(signing_paths, letter_pdf):
    signing_paths.DHRQA_SIGNING_KEY_PASSPHRASE = "correct horse battery staple"
    create_pair()

    check = validate_signature(sign(letter_pdf), trust_cert_path=signing_paths.DHRQA_SIGNING_CERT_PATH)

    assert signing_paths.DHRQA_SIGNING_KEY_PATH.read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert without_time(check) == GOOD


def test_create_signing_certificate_writes_private_key_and_says_where(signing_paths):
    output = create_pair()

    key_path, cert_path = signing_paths.DHRQA_SIGNING_KEY_PATH, signing_paths.DHRQA_SIGNING_CERT_PATH
    assert output == f"Wrote signing key {key_path}\nWrote signing certificate {cert_path}\n"
    assert key_path.stat().st_mode & 0o777 == 0o600
    assert key_path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert cert_path.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")


def test_create_signing_certificate_twice_without_force_keeps_the_pair(signing_paths):
    create_pair()
    key_bytes = signing_paths.DHRQA_SIGNING_KEY_PATH.read_bytes()
    cert_bytes = signing_paths.DHRQA_SIGNING_CERT_PATH.read_bytes()

    output = create_pair()

    assert output == (
        f"Signing key {signing_paths.DHRQA_SIGNING_KEY_PATH} and certificate "
        f"{signing_paths.DHRQA_SIGNING_CERT_PATH} exist: left alone.\n"
    )
    assert signing_paths.DHRQA_SIGNING_KEY_PATH.read_bytes() == key_bytes
    assert signing_paths.DHRQA_SIGNING_CERT_PATH.read_bytes() == cert_bytes


def test_create_signing_certificate_with_force_replaces_the_pair(signing_paths):
    create_pair()
    key_bytes = signing_paths.DHRQA_SIGNING_KEY_PATH.read_bytes()

    create_pair("--force")

    assert signing_paths.DHRQA_SIGNING_KEY_PATH.read_bytes() != key_bytes
    assert signing_paths.DHRQA_SIGNING_KEY_PATH.stat().st_mode & 0o777 == 0o600


def test_create_signing_certificate_half_a_pair_is_refused(signing_paths):
    create_pair()
    signing_paths.DHRQA_SIGNING_CERT_PATH.unlink()

    with pytest.raises(CommandError, match="^Only .*key.pem exists, so the pair cannot match"):
        create_pair()


def test_sign_pdf_keeps_the_letter_pdf_a_2b_and_tagged(signing_paths, letter_pdf):
    create_pair()
    before = archival_facts(letter_pdf)

    after = archival_facts(sign(letter_pdf))

    # Still PDF 1.7 (no catalog /Version 2.0), pdfaid 2B, tags and all; the producer agrees in both places.
    assert after == before == {
        "version": "1.7",
        "catalog_version": None,
        "encrypted": False,
        "pdfaid": ("2", "B"),
        "output_intents": [("/GTS_PDFA1", True)],
        "fonts": 2,
        "fonts_not_embedded": [],
        "marked": True,
        "has_structure_tree": True,
        "lang": "en-GB",
        "title": "Home Office QA Panel letter – KENT-2014-01",
        "info_agrees_with_xmp": True,
    }


def test_sign_pdf_signature_covers_the_whole_pdf_a_file(signing_paths, letter_pdf):
    create_pair()

    check = validate_signature(sign(letter_pdf), trust_cert_path=signing_paths.DHRQA_SIGNING_CERT_PATH)

    assert without_time(check) == GOOD


def test_describe_pdf_signed_letter(signing_paths, letter_pdf):
    create_pair()
    signed = sign(letter_pdf)

    described = describe_pdf(signed, trust_cert_path=signing_paths.DHRQA_SIGNING_CERT_PATH)

    assert described == {
        "title": "Home Office QA Panel letter – KENT-2014-01",
        "signatures": [{
            "field": SIGNATURE_FIELD_NAME, "reason": "QA Panel feedback letter", "signed_up_to": len(signed),
            "ours": True, "intact": True, "valid": True, "trusted": True, "covers_whole_file": True,
        }],
    }


def test_describe_pdf_flipped_byte_and_later_update(signing_paths, letter_pdf):
    create_pair()
    signed = sign(letter_pdf)
    path = signing_paths.DHRQA_SIGNING_CERT_PATH

    flipped = describe_pdf(with_flipped_byte(signed), trust_cert_path=path)["signatures"]
    updated = describe_pdf(with_update_after_signing(signed), trust_cert_path=path)["signatures"]

    assert [(found["ours"], found["intact"], found["covers_whole_file"]) for found in flipped] == [(True, False, True)]
    assert [(found["ours"], found["intact"], found["covers_whole_file"], found["signed_up_to"])
            for found in updated] == [(True, True, False, len(signed))]


def test_describe_pdf_other_certificate_is_not_ours(signing_paths, letter_pdf, tmp_path):
    create_pair()
    signed = sign(letter_pdf)
    signing_paths.DHRQA_SIGNING_KEY_PATH = tmp_path / "other" / "key.pem"
    signing_paths.DHRQA_SIGNING_CERT_PATH = tmp_path / "other" / "cert.pem"
    create_pair()

    described = describe_pdf(signed, trust_cert_path=tmp_path / "other" / "cert.pem")

    assert [(found["ours"], found["intact"], found["trusted"]) for found in described["signatures"]] == [
        (False, True, False)]


def test_describe_pdf_unsigned_letter_has_its_title_and_no_signature(signing_paths, letter_pdf):
    create_pair()

    assert describe_pdf(letter_pdf, trust_cert_path=signing_paths.DHRQA_SIGNING_CERT_PATH) == {
        "title": "Home Office QA Panel letter – KENT-2014-01", "signatures": []}


def test_describe_pdf_garbled_signature_is_reported_not_raised(signing_paths, letter_pdf):
    create_pair()
    signed = sign(letter_pdf)
    # The CMS signature is the long hex string after /Contents <: make it nonsense of the same length.
    start = signed.index(b"/Contents <") + len(b"/Contents <")
    garbled = signed[:start] + b"00" * 64 + signed[start + 128:]

    described = describe_pdf(garbled, trust_cert_path=signing_paths.DHRQA_SIGNING_CERT_PATH)

    assert [(found["field"], found["ours"], "error" in found) for found in described["signatures"]] == [
        (SIGNATURE_FIELD_NAME, False, True)]


def test_signing_module_run_as_a_script_prints_the_description(signing_paths, letter_pdf):
    create_pair()
    signed = sign(letter_pdf)
    script = [sys.executable, "-I", str(signing_paths.BASE_DIR / "panel" / "signing.py"),
              str(signing_paths.DHRQA_SIGNING_CERT_PATH)]

    described = subprocess.run(script, input=signed, capture_output=True, check=True).stdout
    refused = subprocess.run(script, input=b"Dear Mr Hill,", capture_output=True, check=False)

    assert json.loads(described) == describe_pdf(signed, trust_cert_path=signing_paths.DHRQA_SIGNING_CERT_PATH)
    assert (refused.returncode, refused.stdout) == (1, b"")
