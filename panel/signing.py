"""PAdES signatures on QA Panel letters, made and checked with pyHanko.

The key and certificate live in files named by settings
(`DHRQA_SIGNING_KEY_PATH`, `DHRQA_SIGNING_CERT_PATH`,
`DHRQA_SIGNING_KEY_PASSPHRASE`); `manage.py create_signing_certificate`
writes a self-signed pair for development. The machine is offline, so
signatures carry no timestamp from a timestamping authority: the signing
time is the one the signer reports.

The letters are PDF/A-2b (panel.pdf), and the signature keeps them so: it is
an incremental update, the file stays at PDF 1.7, and the document
information dictionary keeps agreeing with the XMP metadata.

Run as a script (`python -I panel/signing.py CERT < FILE`), this module reads
a PDF from standard input and prints what it says about itself as JSON: see
`describe_pdf`. panel.verification runs it so, in a child process with
limits on memory and time, for files that anyone can upload.
"""

import dataclasses
import datetime
import functools
import hashlib
import io
import itertools
import json
import re
import sys
from pathlib import Path

from django.conf import settings
from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.model import VENDOR
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.constants import ESIC_EXTENSION_1
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

SIGNATURE_FIELD_NAME = "QAPanelChairSignature"


class SigningKeyMissing(Exception):
    """The signing key or certificate named in settings is not on disk."""


class NotASignedPdf(ValueError):
    """The file is not a PDF, or is a PDF without a signature."""


@dataclasses.dataclass(frozen=True)
class SignatureCheck:
    """What validation found out about a letter's signature."""

    intact: bool  # the signed bytes hash to the digest in the signature
    valid: bool  # the signature over that digest verifies with the certificate's key
    trusted: bool  # the certificate chains to the trust root we were given
    covers_whole_file: bool  # nothing was appended after signing
    signer_common_name: str
    signed_at: datetime.datetime | None  # as reported by the signer: there is no timestamp

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and self.covers_whole_file


def _existing(path: Path, setting: str) -> Path:
    path = Path(path)
    if not path.is_file():
        raise SigningKeyMissing(
            f"No file at {path} ({setting}). For development, make a self-signed pair "
            "with `python manage.py create_signing_certificate`."
        )
    return path


@functools.lru_cache(maxsize=2)
def _load_signer(key_path: Path, cert_path: Path, passphrase: str, _mtimes: tuple) -> signers.SimpleSigner:
    # `_mtimes` is only part of the cache key: replacing either file loads it afresh.
    certificate = load_cert_from_pemder(str(cert_path))
    return signers.SimpleSigner(
        signing_cert=certificate,
        signing_key=load_private_key_from_pemder(str(key_path), passphrase=passphrase.encode() or None),
        cert_registry=SimpleCertificateStore.from_certs([certificate]),
    )


def existing_certificate_path() -> Path:
    """The signing certificate's path from settings; raises `SigningKeyMissing` if no file is there."""
    return _existing(settings.DHRQA_SIGNING_CERT_PATH, "DHRQA_SIGNING_CERT_PATH")


def _configured_signer() -> signers.SimpleSigner:
    key_path = _existing(settings.DHRQA_SIGNING_KEY_PATH, "DHRQA_SIGNING_KEY_PATH")
    cert_path = _existing(settings.DHRQA_SIGNING_CERT_PATH, "DHRQA_SIGNING_CERT_PATH")
    mtimes = (key_path.stat().st_mtime_ns, cert_path.stat().st_mtime_ns)
    return _load_signer(key_path, cert_path, settings.DHRQA_SIGNING_KEY_PASSPHRASE, mtimes)


class _Pdf17Signer(signers.PdfSigner):
    """pyHanko's PDF signer, keeping the file at PDF 1.7, on which PDF/A-2 rests.

    For an ECDSA key on a standard curve pyHanko declares ISO/TS 32002, an
    extension of PDF 2.0, and so marks the file PDF 2.0. PDF 1.7 has ECDSA
    signatures already; PAdES on it needs only the ESIC extension.
    """

    def register_extensions(self, pdf_out, *, md_algorithm):
        if self.signature_meta.subfilter == fields.SigSeedSubFilter.PADES:
            pdf_out.ensure_output_version(version=(1, 7))
            pdf_out.register_extension(ESIC_EXTENSION_1)


def _match_producer_to_xmp(writer: IncrementalPdfFileWriter):
    # pyHanko writes its own name as the XMP metadata's producer, and adds it
    # to the information dictionary's unless it is there already. PDF/A wants
    # the two to agree, so the dictionary's is made the same first.
    info_ref = writer.trailer.raw_get("/Info") if "/Info" in writer.trailer else None
    if info_ref is None:
        return
    info = info_ref.get_object()
    info["/Producer"] = generic.TextStringObject(VENDOR)
    writer.mark_update(info_ref)


def sign_pdf(pdf_bytes: bytes, *, signer_name: str, reason: str, location: str = "London") -> bytes:
    """Return `pdf_bytes` with an invisible PAdES signature appended.

    Steps:
    1. Load the key and certificate from the settings paths (cached per
       process until either file changes); raise `SigningKeyMissing` if
       either file is absent.
    2. Append the signature as an incremental update: SubFilter
       ETSI.CAdES.detached, SHA-256, with `signer_name`, `reason` and
       `location` in the signature dictionary. No timestamp server. The file
       stays PDF 1.7, and its producer is the same in the information
       dictionary and the XMP metadata, so a PDF/A-2 letter stays PDF/A-2.
    """
    signer = _configured_signer()
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=signer_name,
        reason=reason,
        location=location,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
    _match_producer_to_xmp(writer)
    return _Pdf17Signer(metadata, signer=signer).sign_pdf(writer).getvalue()


def _common_name(certificate) -> str:
    return certificate.subject.native.get("common_name", "")


def _validation_context(trust_root):
    # The one trust root we were given; nothing fetched from the network.
    return ValidationContext(trust_roots=[trust_root], allow_fetching=False, revocation_mode="soft-fail")


def _check(embedded, trust_root) -> SignatureCheck:
    # No difference analysis of updates made after signing: any update at
    # all is a change to the letter (`covers_whole_file` is then False).
    status = validate_pdf_signature(embedded, signer_validation_context=_validation_context(trust_root),
                                    skip_diff=True)
    return SignatureCheck(
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer_common_name=_common_name(status.signing_cert),
        signed_at=status.signer_reported_dt,
    )


def _reader(pdf_bytes, *, strict=True):
    try:
        return PdfFileReader(io.BytesIO(pdf_bytes), strict=strict)
    except PdfReadError as error:
        raise NotASignedPdf(f"The file could not be read as a PDF: {error}") from error


def validate_signature(pdf_bytes: bytes, *, trust_cert_path: Path | str) -> SignatureCheck:
    """Check the most recent signature in `pdf_bytes` against one trust root.

    The certificate at `trust_cert_path` is the only trust root; nothing is
    fetched from the network (no revocation checks: a self-signed
    development certificate has no CRL or OCSP responder). Raises
    `NotASignedPdf` (a ValueError) if the bytes are not a PDF or the PDF
    carries no signature.
    """
    trust_root = load_cert_from_pemder(str(trust_cert_path))
    try:
        embedded = _reader(pdf_bytes).embedded_signatures
    except PdfReadError as error:
        raise NotASignedPdf(f"The file could not be read as a PDF: {error}") from error
    if not embedded:
        raise NotASignedPdf("The PDF has no signature")
    return _check(embedded[-1], trust_root)


# What `describe_pdf` reads of a file is bounded: a hostile one may hold
# thousands of signatures or a title of megabytes.
MAX_SIGNATURES_READ = 5
MAX_TEXT_READ = 300


def _text(value) -> str:
    return re.sub(r"\s+", " ", str(value))[:MAX_TEXT_READ].strip() if value is not None else ""


def describe_pdf(pdf_bytes: bytes, *, trust_cert_path: Path | str) -> dict:
    """What a PDF says about itself, as a JSON-able dict, for panel.verification.

    {"title": the document information's /Title,
     "signatures": [{"field", "reason", "signed_up_to" (where its byte range ends),
                     "ours" (signed with the certificate at `trust_cert_path`),
                     "intact", "valid", "trusted", "covers_whole_file"
                     or, if it could not be checked, "error"}, ...]}

    Raises NotASignedPdf when the bytes cannot be read as a PDF at all. A
    hostile file can make pyHanko fail in many ways; run this in a child
    process (see the module docstring) so that none of them reaches a caller.
    """
    trust_root = load_cert_from_pemder(str(trust_cert_path))
    our_fingerprint = hashlib.sha256(trust_root.dump()).hexdigest()
    # Lenient: a letter of ours that an editor saved carelessly should still
    # be read, and found altered. Leniency cannot make a signature check pass.
    reader = _reader(pdf_bytes, strict=False)
    try:
        info = reader.trailer_view.get("/Info")
        if isinstance(info, generic.IndirectObject):
            info = info.get_object()
        title = _text(info.get("/Title")) if isinstance(info, generic.DictionaryObject) else ""
        # The fields first, each signature parsed apart: one whose CMS is garbage is still a signature found.
        found = list(itertools.islice(fields.enumerate_sig_fields(reader, filled_status=True), MAX_SIGNATURES_READ))
    except PdfReadError as error:
        raise NotASignedPdf(f"The file could not be read as a PDF: {error}") from error
    return {
        "title": title,
        "signatures": [_describe_signature(reader, name, value, field, trust_root, our_fingerprint)
                       for name, value, field in found],
    }


def _describe_signature(reader, name, value, field, trust_root, our_fingerprint) -> dict:
    sig_object = value.get_object()
    found = {
        "field": _text(name),
        "reason": _text(sig_object.get("/Reason")),
        "signed_up_to": _signed_up_to(sig_object.get("/ByteRange")),
    }
    # Checking it reads a CMS structure and certificates that anyone could
    # have written, and pyHanko and asn1crypto fail on bad ones in many ways
    # (ValueError, KeyError, TypeError, their own errors...). Whatever the
    # failure, this signature is "not checkable", and the others still count.
    try:
        embedded = EmbeddedPdfSignature(reader, field, name)
        check = _check(embedded, trust_root)
        signer = embedded.signer_cert
    except Exception as error:  # noqa: BLE001 - see above; only ever run on untrusted input
        return {**found, "ours": False, "error": type(error).__name__}
    return {
        **found,
        "ours": hashlib.sha256(signer.dump()).hexdigest() == our_fingerprint,
        **{key: getattr(check, key) for key in ("intact", "valid", "trusted", "covers_whole_file")},
    }


def _signed_up_to(byte_range) -> int | None:
    try:
        _start, _first_length, second_start, second_length = (int(number) for number in byte_range)
    except (TypeError, ValueError):
        return None
    return second_start + second_length


def _describe_standard_input():
    """The child process's work: limit itself, read the PDF on stdin, print what it says (or fail)."""
    import resource

    memory = 1024 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (10, 10))
    print(json.dumps(describe_pdf(sys.stdin.buffer.read(), trust_cert_path=sys.argv[1])))


if __name__ == "__main__":
    _describe_standard_input()
