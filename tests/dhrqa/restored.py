"""What a database and its private storage hold, read by the application as a restored service would read them.

`python -m tests.dhrqa.restored CERT` runs in the environment of a restored
service (its DATABASE_URL and files) and prints JSON: every review, every
document with its recorded SHA-256 and the SHA-256 of its stored bytes,
every sealed letter with both hashes, whether its PAdES signature is valid
against the certificate CERT (pyHanko, as panel.signing validates) and what
`verify_letter` answers, the files in private storage, and the last audit
event. tests/dhrqa/test_backups.py compares it with the original.
"""

import hashlib
import json
import posixpath
import sys


def _sha256(field_file):
    with field_file.open("rb") as stored:
        return hashlib.sha256(stored.read()).hexdigest()


def _names(storage, folder=""):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a folder storage that was never written to
        return []
    names = [posixpath.join(folder, name) for name in files]
    for subfolder in folders:
        names.extend(_names(storage, posixpath.join(folder, subfolder)))
    return names


def facts(trust_cert_path):
    from dhrqa.models import AuditEvent
    from dhrqa.storage import private_storage
    from panel.enums import SEALED_LETTER_STATUSES
    from panel.models import Letter
    from panel.signing import validate_signature
    from panel.verification import verify_letter
    from submissions.models import Document, Review

    letters = []
    for letter in Letter.objects.filter(status__in=sorted(SEALED_LETTER_STATUSES)).order_by("pk"):
        with letter.signed_pdf.open("rb") as stored:
            pdf = stored.read()
        letters.append([letter.pk, letter.content["reference"], letter.status, letter.signed_pdf_sha256,
                        hashlib.sha256(pdf).hexdigest(), validate_signature(pdf, trust_cert_path=trust_cert_path).ok,
                        str(verify_letter(pdf).outcome)])
    last = AuditEvent.objects.order_by("-id").first()
    return {
        "reviews": sorted(Review.objects.values_list("reference", flat=True)),
        "documents": [[document.pk, document.stored_file.file.name, document.stored_file.sha256,
                       _sha256(document.stored_file.file)]
                      for document in Document.objects.select_related("stored_file").order_by("pk")],
        "letters": letters,
        "files": sorted(_names(private_storage())),
        "last_audit_event": [last.action, last.detail] if last is not None else None,
    }


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(facts(sys.argv[1])))
