"""The secretariat's CSV of each review's stage dates and durations, audited."""

from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.spreadsheets import CHUNK_ROWS, csv_chunks
from panel.delays.stages import STAGES, STEPS

NOT_YET = "not yet"
HEADER = (
    "Reference", "CSP", "Year of decision",
    *(label for _, label in STEPS),
    *(f"Days: {stage.label}" for stage in STAGES),
    "Approved for publication", "Publication address",
)


def export_delays(*, reviews, exported_by, filters):
    """Record an export of `reviews` (ReviewDates) and return its CSV, a chunk of lines at a time.

    1. Record one DELAYS_EXPORTED event with the filters and the number of rows, before any row is sent.
    2. Return the CSV: the header, then a row a review, dates as YYYY-MM-DD and "not yet" for a step not
       taken (never nought); every cell made safe for a spreadsheet (dhrqa.spreadsheets).
    """
    record(exported_by, AuditAction.DELAYS_EXPORTED, filters=filters, rows=len(reviews))
    chunks = (reviews[start:start + CHUNK_ROWS] for start in range(0, len(reviews), CHUNK_ROWS))
    return csv_chunks(HEADER, ([_cells(review) for review in chunk] for chunk in chunks))


def _cells(review):
    dates = [review.dates[key].isoformat() if review.dates[key] else NOT_YET for key, _ in STEPS]
    durations = [NOT_YET if days is None else days for days in review.durations]
    return (review.reference, review.csp_name, review.year, *dates, *durations,
            "Yes" if review.approved else "No", review.publication_url)
