"""The secretariat's CSV of submissions: the rows the list's filters select, on every page, audited."""

import itertools

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.spreadsheets import CHUNK_ROWS, csv_chunks
from submissions.submission_table import ROW_FIELDS, rows

HEADER = (
    "Reference", "Version", "CSP", "Type of case", "Victim", "Perpetrator", "Status",
    "Received", "Days since received", "Date of death", "Days since death",
)


def export_submissions(*, submissions, exported_by, filters, sort):
    """Record an export of `submissions` (filtered and ordered) and return its CSV, a chunk of lines at a time.

    `filters` (JSON-safe values) and `sort` are what the secretariat chose, for the record.

    1. Count the rows.
    2. Record one SUBMISSIONS_EXPORTED event with the filters, the sort and
       that count, before any row is sent: an export cut short is still on
       the record.
    3. Return an iterator over the CSV: the header, then every row, read
       from the database CHUNK_ROWS at a time (with one query for their
       people) so that no export is held in memory whole.
    """
    count = submissions.count()
    record(exported_by, AuditAction.SUBMISSIONS_EXPORTED, filters=filters, sort=sort, rows=count)
    return _csv_chunks(submissions, clock.today())


def _csv_chunks(submissions, today):
    values = submissions.values(*ROW_FIELDS).iterator(chunk_size=CHUNK_ROWS)
    chunks = iter(lambda: list(itertools.islice(values, CHUNK_ROWS)), [])
    return csv_chunks(HEADER, ([_cells(row) for row in rows(chunk, today)] for chunk in chunks))


def _cells(row):
    return (
        row.reference,
        row.number,
        row.csp_name,
        row.case_label,
        row.victim,
        row.perpetrator,
        row.status_label,
        row.received_on.isoformat(),
        row.days_since_received,
        row.date_of_death.isoformat(),
        row.days_since_death,
    )
