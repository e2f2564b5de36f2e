"""PAdES signatures on QA Panel letters, made and checked with pyHanko.

The key and certificate live in files named by settings
(`DHRQA_SIGNING_KEY_PATH`, `DHRQA_SIGNING_CERT_PATH`,
`DHRQA_SIGNING_KEY_PASSPHRASE`); `manage.py create_signing_certificate`
writes a self-signed pair for development. The machine is offline, so
signatures carry no timestamp from a timestamping authority: the signing
time is the one the signer reports.
"""

import dataclasses
import datetime
import functools
import io
from pathlib import Path

from django.conf import settings
from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
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


def _configured_signer() -> signers.SimpleSigner:
    key_path = _existing(settings.DHRQA_SIGNING_KEY_PATH, "DHRQA_SIGNING_KEY_PATH")
    cert_path = _existing(settings.DHRQA_SIGNING_CERT_PATH, "DHRQA_SIGNING_CERT_PATH")
    mtimes = (key_path.stat().st_mtime_ns, cert_path.stat().st_mtime_ns)
    return _load_signer(key_path, cert_path, settings.DHRQA_SIGNING_KEY_PASSPHRASE, mtimes)


def sign_pdf(pdf_bytes: bytes, *, signer_name: str, reason: str, location: str = "London") -> bytes:
    """Return `pdf_bytes` with an invisible PAdES signature appended.

    Steps:
    1. Load the key and certificate from the settings paths (cached per
       process until either file changes); raise `SigningKeyMissing` if
       either file is absent.
    2. Append the signature as an incremental update: SubFilter
       ETSI.CAdES.detached, SHA-256, with `signer_name`, `reason` and
       `location` in the signature dictionary. No timestamp server.
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
    return signers.sign_pdf(writer, metadata, signer=signer).getvalue()


def _common_name(certificate) -> str:
    return certificate.subject.native.get("common_name", "")


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
        reader = PdfFileReader(io.BytesIO(pdf_bytes))
        embedded = reader.embedded_signatures
    except PdfReadError as error:
        raise NotASignedPdf(f"The file could not be read as a PDF: {error}") from error
    if not embedded:
        raise NotASignedPdf("The PDF has no signature")
    context = ValidationContext(trust_roots=[trust_root], allow_fetching=False, revocation_mode="soft-fail")
    status = validate_pdf_signature(embedded[-1], signer_validation_context=context)
    return SignatureCheck(
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer_common_name=_common_name(status.signing_cert),
        signed_at=status.signer_reported_dt,
    )
