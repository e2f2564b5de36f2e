"""Handing documents out, with every download on the audit trail."""

from dhrqa.audit import record
from dhrqa.enums import AuditAction


def open_document(*, document, user):
    """Open `document` for reading and record that `user` downloaded it."""
    opened = document.file.open("rb")
    record(user, AuditAction.DOCUMENT_DOWNLOADED, document,
           kind=document.kind, review=document.submission.review.reference)
    return opened
