"""CSV downloads that a spreadsheet opens safely: text cells, never formulas, streamed a chunk at a time."""

import csv

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows read from the database at a time, and sent to the browser at a time.
CHUNK_ROWS = 500
# Excel reads a CSV as UTF-8 only when it starts with a byte order mark.
BYTE_ORDER_MARK = "\ufeff"


def safe_cell(value):
    """`value` as text that a spreadsheet shows rather than runs: a formula's first character is escaped with '."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file for csv.writer that hands each line back instead of keeping it."""

    def write(self, line):
        return line


def csv_writer():
    """A csv.writer whose writerow returns the line it wrote."""
    return csv.writer(_Echo())


def csv_chunks(header, chunks):
    """The CSV as text chunks: the header (after the byte order mark), then one chunk per list of rows in `chunks`.

    Every cell of every row goes through safe_cell.
    """
    writer = csv_writer()
    yield BYTE_ORDER_MARK + writer.writerow(header)
    for rows in chunks:
        yield "".join(writer.writerow([safe_cell(cell) for cell in row]) for row in rows)
