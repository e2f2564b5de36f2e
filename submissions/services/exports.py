"""The secretariat's CSV of submissions: the rows the list's filters select, on every page, audited."""

import csv

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from submissions.enums import CaseKind
from submissions.submission_table import rows

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
       from the database CHUNK_ROWS at a time so that no export is held in
       memory whole.
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
    chunk = [BYTE_ORDER_MARK + writer.writerow(HEADER)]
    for row in rows(submissions.iterator(chunk_size=CHUNK_ROWS), today):
        chunk.append(writer.writerow([safe_cell(cell) for cell in _cells(row)]))
        if len(chunk) >= CHUNK_ROWS:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def _cells(row):
    submission = row.submission
    review = submission.review
    case = review.get_review_type_display() if review.kind == CaseKind.REVIEW else review.get_kind_display()
    return (
        review.reference,
        submission.number,
        review.csp.name,
        case,
        review.victim_pseudonym,
        review.perpetrator_pseudonym,
        submission.get_status_display(),
        row.received_on.isoformat(),
        row.days_since_received,
        review.date_of_death.isoformat(),
        row.days_since_death,
    )
