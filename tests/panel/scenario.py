"""The verdict the panel tests share, and how they read PDFs and the audit trail back."""

import datetime
import re
import subprocess

from dhrqa.models import AuditEvent

MEETING_DATE = datetime.date(2026, 1, 21)
LETTER_DATE = datetime.date(2026, 2, 6)
COMMENDATION = "The QA Panel would like to commend you on this report."
ISSUES = [
    "Paragraph 5.12 could appear to a reader to be victim blaming;",
    "Please explicitly draw out the links between the recommendations and the Action Plan.",
]
NATIONAL_RESPONSES = [
    ([3], "Action three will be communicated to Ministry of Justice colleagues."),
    ([5, 6, 8], "On actions five, six, and eight the Home Office will discuss with health agencies."),
]


def pdf_text(pdf_bytes):
    """The PDF's words as a reader sees them: pdftotext, white space collapsed."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf_bytes, capture_output=True, check=True
    ).stdout.decode()
    return normalise(text)


def normalise(text):
    return re.sub(r"\s+", " ", text).strip()


def audit_trail(obj):
    """(actor id, action, detail) for every event about `obj`, oldest first."""
    return list(
        AuditEvent.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk))
        .order_by("id")
        .values_list("actor_id", "action", "detail")
    )
