"""Write a self-signed development key and certificate for signing letters."""

import datetime
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

DEFAULT_COMMON_NAME = "DHR QA Panel letter signing (development)"


def make_self_signed_pair(common_name: str, days: int, passphrase: str) -> tuple[bytes, bytes]:
    """Return (key PEM, certificate PEM) for an EC P-256 self-signed signing certificate.

    The certificate is an end-entity certificate (CA:FALSE) that validators
    are told to trust directly, as pyHanko accepts; its key usage is
    digitalSignature + nonRepudiation, which pyHanko asks of a document signer.
    """
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "GB"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Home Office (development only)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    # Back-dated a little so a machine whose clock lags can still validate it.
    not_before = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_before + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    encryption = (
        serialization.BestAvailableEncryption(passphrase.encode())
        if passphrase
        else serialization.NoEncryption()
    )
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM)


def _write_private(path: Path, data: bytes):
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    os.chmod(path, 0o600)  # O_CREAT's mode does not apply to a file that already existed


class Command(BaseCommand):
    help = (
        "Write a self-signed development key and certificate for signing letters to "
        "DHRQA_SIGNING_KEY_PATH and DHRQA_SIGNING_CERT_PATH. Leaves an existing pair alone "
        "unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Replace an existing key and certificate.")
        parser.add_argument("--common-name", default=DEFAULT_COMMON_NAME, help="The certificate's common name.")
        parser.add_argument("--days", type=int, default=730, help="How many days the certificate is valid.")

    def handle(self, *args, force, common_name, days, **options):
        key_path = Path(settings.DHRQA_SIGNING_KEY_PATH)
        cert_path = Path(settings.DHRQA_SIGNING_CERT_PATH)
        if days < 1:
            raise CommandError("--days must be at least 1")
        existing = [path for path in (key_path, cert_path) if path.exists()]
        if existing and not force:
            if len(existing) == 1:
                raise CommandError(
                    f"Only {existing[0]} exists, so the pair cannot match. Run again with --force "
                    "to replace both."
                )
            self.stdout.write(f"Signing key {key_path} and certificate {cert_path} exist: left alone.")
            return

        key_pem, cert_pem = make_self_signed_pair(common_name, days, settings.DHRQA_SIGNING_KEY_PASSPHRASE)
        for path in (key_path, cert_path):
            path.parent.mkdir(parents=True, exist_ok=True)
        _write_private(key_path, key_pem)
        cert_path.write_bytes(cert_pem)
        self.stdout.write(self.style.SUCCESS(f"Wrote signing key {key_path}"))
        self.stdout.write(self.style.SUCCESS(f"Wrote signing certificate {cert_path}"))
