"""The routed national recommendations as a CSV, for the Domestic Abuse Commissioner."""

import itertools

from dhrqa.audit import record
from dhrqa.enums import AuditAction, NationalBody
from dhrqa.spreadsheets import CHUNK_ROWS, csv_chunks
from panel.enums import AWAITING_ANSWER, NationalStatus

HEADER = ["Review reference", "CSP", "Recommendation number", "Recommendation", "Routed to", "Panel's response",
          "Sent", "Due", "Status", "Overdue", "Reasons for declining", "Chasers sent", "Last updated"]
_FIELDS = ("review__reference", "csp__name", "number", "text", "body", "body_other", "panel_response", "sent_on",
           "due_on", "status", "decline_reason", "chasers_sent", "updated_at")
_STATUS = dict(NationalStatus.choices)
_BODY = dict(NationalBody.choices)


def export_routed(*, routed, exported_by, filters, today):
    """Record an export of `routed` (filtered, ordered) and return its CSV a chunk of lines at a time.

    1. Record one NATIONAL_RECOMMENDATIONS_EXPORTED event with the filters and the number of rows, before
       any row is sent.
    2. Return the CSV: the header, then each row, CHUNK_ROWS at a time, every cell safe from formula
       injection (dhrqa.spreadsheets).
    """
    record(exported_by, AuditAction.NATIONAL_RECOMMENDATIONS_EXPORTED, filters=filters, rows=routed.count())
    values = routed.values_list(*_FIELDS).iterator(chunk_size=CHUNK_ROWS)
    chunks = iter(lambda: list(itertools.islice(values, CHUNK_ROWS)), [])
    return csv_chunks(HEADER, ([_cells(row, today) for row in chunk] for chunk in chunks))


def _cells(row, today):
    (reference, csp, number, text, body, body_other, response, sent_on, due_on, status, reason, chasers,
     updated) = row
    overdue = status in AWAITING_ANSWER and due_on < today
    return (reference, csp, number, text, body_other if body == NationalBody.OTHER else _BODY[body], response,
            sent_on.isoformat(), due_on.isoformat(), _STATUS[status], "Yes" if overdue else "No", reason, chasers,
            updated.date().isoformat())
