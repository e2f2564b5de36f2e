"""The secretariat's CSV of submissions: the rows the list's filters select, on every page, audited."""

import csv
import itertools

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from submissions.submission_table import ROW_FIELDS, rows

HEADER = (
    "Reference", "Version", "CSP", "Type of case", "Victim", "Perpetrator", "Status",
    "Received", "Days since received", "Date of death", "Days since death",
)
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows read from the database at a time, and sent to the browser at a time.
CHUNK_ROWS = 500
# Excel reads a CSV as UTF-8 only when it starts with a byte order mark.
BYTE_ORDER_MARK = "\ufeff"


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


def safe_cell(value):
    """`value` as text that a spreadsheet shows rather than runs: a formula's first character is escaped with '."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file for csv.writer that hands each line back instead of keeping it."""

    def write(self, line):
        return line


def _csv_chunks(submissions, today):
    writer = csv.writer(_Echo())
    yield BYTE_ORDER_MARK + writer.writerow(HEADER)
    values = submissions.values(*ROW_FIELDS).iterator(chunk_size=CHUNK_ROWS)
    while chunk := list(itertools.islice(values, CHUNK_ROWS)):
        yield "".join(writer.writerow([safe_cell(cell) for cell in _cells(row)]) for row in rows(chunk, today))


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
