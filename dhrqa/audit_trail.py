"""Reading the audit trail: the secretariat's page of events and its CSV export.

An event's `detail` is whatever its service recorded. Nothing secret is recorded on purpose,
but a key that names a secret (a token, a password, a one-time code) is shown as hidden, on
the page and in the CSV alike, so that a mistake in one service does not spread its secret.
"""

import itertools
import json
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import capfirst

from dhrqa.audit import record
from dhrqa.dates import govuk_datetime
from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from dhrqa.spreadsheets import CHUNK_ROWS, csv_chunks

HIDDEN = "(hidden)"
SECRET_KEY = re.compile(r"token|password|passphrase|secret|otp|api_?key|private_?key|cookie|session|signature",
                        re.IGNORECASE)
HEADER = ("Time", "Person", "Email", "Action", "Review", "Object type", "Object id", "Object", "Details")
_FIELDS = ("at", "actor__full_name", "actor__email", "action", "review_reference", "object_type", "object_id",
           "object_repr", "detail")
_ACTION_LABELS = dict(AuditAction.choices)
THE_SERVICE = "The service"


def audit_events():
    """Every event, newest first, with its person: what the secretariat's page filters and pages."""
    return AuditEvent.objects.select_related("actor").order_by("-at", "-id")


def without_secrets(value):
    """`value` (an event's detail) with the value of every key that names a secret replaced by HIDDEN."""
    if isinstance(value, dict):
        return {key: HIDDEN if SECRET_KEY.search(str(key)) else without_secrets(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_secrets(item) for item in value]
    return value


@dataclass(frozen=True)
class EventRow:
    """One event as the page shows it."""

    when: str
    person: str
    action: str
    review: str
    subject: str
    details: list

    @classmethod
    def of(cls, event):
        person = f"{event.actor.full_name} ({event.actor.email})" if event.actor else THE_SERVICE
        details = [(capfirst(str(key).replace("_", " ")), _shown(value))
                   for key, value in without_secrets(event.detail or {}).items()]
        return cls(govuk_datetime(event.at), person, event.get_action_display(), event.review_reference,
                   event.object_repr, details)


def _shown(value):
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def export_audit_trail(*, events, exported_by, filters):
    """Record an export of `events` (filtered and ordered) and return its CSV, a chunk of lines at a time.

    `filters` (JSON-safe values) are what the secretariat chose, for the record.

    1. Pin the export to the events there are now (by id), so that it holds
       exactly the rows counted, and not its own event or any written while
       it streams.
    2. Record one AUDIT_TRAIL_EXPORTED event with the filters and that count,
       before any row is sent: an export cut short is still on the record.
    3. Return an iterator over the CSV: the header, then every row, read
       from the database CHUNK_ROWS at a time, secrets hidden and every cell
       safe from formula injection.
    """
    newest = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    events = events.filter(pk__lte=newest)
    count = events.count()
    record(exported_by, AuditAction.AUDIT_TRAIL_EXPORTED, filters=filters, rows=count)
    values = events.values_list(*_FIELDS).iterator(chunk_size=CHUNK_ROWS)
    chunks = iter(lambda: list(itertools.islice(values, CHUNK_ROWS)), [])
    return csv_chunks(HEADER, ([_cells(row) for row in chunk] for chunk in chunks))


def _cells(row):
    at, name, email, action, review, object_type, object_id, object_repr, detail = row
    return (
        timezone.localtime(at).isoformat(timespec="seconds"),
        name or THE_SERVICE,
        email or "",
        _ACTION_LABELS.get(action, action),
        review,
        object_type,
        object_id,
        object_repr,
        json.dumps(without_secrets(detail or {}), ensure_ascii=False, sort_keys=True),
    )
