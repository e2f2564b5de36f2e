"""Handing documents out, with every download on the audit trail."""

from dhrqa.audit import record
from dhrqa.enums import AuditAction


def open_document(*, document, user):
    """Record that `user` downloaded `document`, then open it for reading."""
    record(user, AuditAction.DOCUMENT_DOWNLOADED, document,
           kind=document.kind, review=document.submission.review.reference)
    return document.file.open("rb")
