"""An action plan's recommendations as a spreadsheet: the template CSPs download, and reading it back.

Pure functions, no models: the caller saves the rows and shows the errors.
The template's layout is in `action_plan_template.py` and the reading of one
cell in `action_plan_cells.py`; this module finds the table in the workbook
and checks each row, reporting every problem with the row number Excel shows,
so the CSP can fix the file.
"""

import contextlib
import datetime
import zipfile
import zlib
from dataclasses import dataclass

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from submissions.action_plan_cells import CellProblem, read_date, read_national_body, read_scope, read_text
from submissions.action_plan_template import COLUMNS, MAX_ROWS, SHEET_TITLE, template_workbook
from submissions.enums import NationalBody, RecommendationScope

__all__ = [
    "MAX_ROWS",
    "ImportResult",
    "NotTheTemplate",
    "RecommendationRow",
    "RowError",
    "read_recommendations",
    "template_workbook",
]

# Where to look for the header row: a CSP may add a title above it or notes beside it.
HEADER_SEARCH_ROWS = 10
HEADER_SEARCH_COLUMNS = 30
# A filled-in template is far smaller; anything bigger is not one, or is a zip bomb.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ARCHIVE_ENTRIES = 1000

NOT_THE_TEMPLATE = "The selected file must be the action plan template"
UNREADABLE = "The selected file could not be read: save it as an Excel spreadsheet (XLSX) and upload it again"
TOO_MANY_ROWS = f"The file must have {MAX_ROWS} recommendations or fewer"

# openpyxl trusts the XML it parses, so a damaged or hostile file surfaces as the
# built-in error of whatever it was doing at the time. Only calls into openpyxl are
# guarded by these; our own code runs outside the guard, so its bugs still show.
OPENPYXL_READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    InvalidFileException,
    SyntaxError,  # XML parse errors, from lxml and from ElementTree
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    OverflowError,
    EOFError,
    OSError,
)


@dataclass(frozen=True)
class RecommendationRow:
    number: str  # as the action plan numbers it: "3", "3.1", "R4"
    text: str
    scope: str  # a RecommendationScope value
    national_body: str  # a NationalBody value when the scope is national, else ""
    national_body_other: str  # the body's name when national_body is "other", else ""
    lead_agency: str  # "" when not given
    action: str  # "" when not given
    target_date: datetime.date | None


@dataclass(frozen=True)
class RowError:
    row: int  # the row number Excel shows
    message: str  # "Row 7: enter the recommendation text"


@dataclass(frozen=True)
class ImportResult:
    rows: list[RecommendationRow]
    errors: list[RowError]  # empty when every row was read


class NotTheTemplate(Exception):
    """The file is not a readable copy of the template. str() is the message to show."""


def read_recommendations(file):
    """Read the recommendations typed into a copy of the template.

    `file` is a path or a binary file object of an XLSX.
    1. Open it read-only, with the values formulas last calculated to; a file
       that cannot be read raises NotTheTemplate.
    2. Find the sheet and header row by the column headings; a missing
       heading raises NotTheTemplate naming it.
    3. Read every row below that is not blank; more than MAX_ROWS gives one
       error and no rows.
    4. Check each cell and each row; a row with any problem is left out of
       `rows`, and all problems are reported in `errors`, in row order.
    """
    with contextlib.ExitStack() as cleanup:
        if not hasattr(file, "read"):
            # Opened here, as openpyxl refuses a path by its extension (an upload's ".upload", say).
            file = cleanup.enter_context(open(file, "rb"))
        workbook = _open(file)
        cleanup.callback(workbook.close)
        sheet, header_row, positions = _find_table(workbook)
        return _read_rows(_data_rows(sheet, header_row, positions))


def _open(file):
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise NotTheTemplate(UNREADABLE) from error
    if len(entries) > MAX_ARCHIVE_ENTRIES or sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise NotTheTemplate(UNREADABLE)
    file.seek(0)
    try:
        return openpyxl.load_workbook(file, read_only=True, data_only=True)
    except OPENPYXL_READ_ERRORS as error:
        raise NotTheTemplate(UNREADABLE) from error


def _heading_key(value):
    return "".join(value.split()).casefold() if isinstance(value, str) else None


HEADING_KEYS = {_heading_key(column.header): column for column in COLUMNS}


def _find_table(workbook):
    """The sheet, header row number and {field: column index} of the recommendations table."""
    best = None  # ({field: column index}, sheet, header row number)
    # The template's own sheet first, so that it wins a tie with a copy elsewhere.
    sheets = sorted(workbook.worksheets, key=lambda sheet: sheet.title != SHEET_TITLE)
    for sheet in sheets:
        sheet.reset_dimensions()  # a hostile file may claim a million rows and columns
        top = _guarded(sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, max_col=HEADER_SEARCH_COLUMNS, values_only=True))
        for row_number, values in enumerate(top, start=1):
            positions = {}
            for index, value in enumerate(values):
                column = HEADING_KEYS.get(_heading_key(value))
                if column is not None:
                    positions.setdefault(column.field, index)
            if positions and (best is None or len(positions) > len(best[0])):
                best = (positions, sheet, row_number)
        if best is not None and len(best[0]) == len(COLUMNS):
            break
    if best is None:
        raise NotTheTemplate(NOT_THE_TEMPLATE)
    positions, sheet, row_number = best
    missing = [column.header for column in COLUMNS if column.field not in positions]
    if missing:
        raise NotTheTemplate(_missing_columns_message(missing))
    return sheet, row_number, positions


def _missing_columns_message(headers):
    if len(headers) == 1:
        article = "an" if headers[0][0] in "AEIOU" else "a"
        return f"The selected file must have {article} {headers[0]} column, as in the action plan template"
    listed = ", ".join(headers[:-1]) + " and " + headers[-1]
    return f"The selected file must have the columns {listed}, as in the action plan template"


def _guarded(rows):
    """The rows openpyxl gives, with its errors on a damaged file turned into NotTheTemplate."""
    try:
        yield from rows
    except OPENPYXL_READ_ERRORS as error:
        raise NotTheTemplate(UNREADABLE) from error


def _data_rows(sheet, header_row, positions):
    """(row number, {field: cell}) for each row below the headings that is not blank."""
    width = max(positions.values()) + 1
    rows = _guarded(sheet.iter_rows(min_row=header_row + 1, max_col=width))
    for row_number, cells in enumerate(rows, start=header_row + 1):
        by_field = {field: cells[index] for field, index in positions.items()}
        if not all(_is_blank(cell.value) for cell in by_field.values()):
            yield row_number, by_field


def _is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _read_rows(data_rows):
    rows, errors, numbers_seen = [], [], {}
    for count, (row_number, cells) in enumerate(data_rows, start=1):
        if count > MAX_ROWS:
            return ImportResult(rows=[], errors=[RowError(row=row_number, message=TOO_MANY_ROWS)])
        row, problems = _read_row(cells, row_number, numbers_seen)
        if problems:
            errors.extend(RowError(row=row_number, message=f"Row {row_number}: {problem}") for problem in problems)
        else:
            rows.append(row)
    return ImportResult(rows=rows, errors=errors)


def _read_row(cells, row_number, numbers_seen):
    """The row and no problems, or None and every problem found, in column order.

    A cell that could not be read comes back as None, so the checks across
    cells run only on what was read and do not repeat the cell's own problem.
    """
    problems = []

    def read(field, reader):
        try:
            return reader(cells[field], COLUMNS_BY_FIELD[field])
        except CellProblem as problem:
            problems.append(str(problem))
            return None

    number = read("number", read_text)
    if number == "":
        problems.append("enter the recommendation number")
    elif number is not None:
        first_row = numbers_seen.setdefault(number.casefold(), row_number)
        if first_row != row_number:
            problems.append(f"recommendation number {number} is already used in row {first_row}")
    text = read("text", read_text)
    if text == "":
        problems.append("enter the recommendation text")
    scope = read("scope", read_scope)
    if scope == "":
        problems.append("select the scope: local, regional or national")
    body = read("national_body", read_national_body)
    body_other = read("national_body_other", read_text)
    if scope == RecommendationScope.NATIONAL:
        if body == "":
            problems.append("select the national body the recommendation is addressed to")
        elif body == NationalBody.OTHER and body_other == "":
            problems.append("enter the name of the other national body")
    elif scope and body:
        problems.append("leave national body blank unless the scope is national")
    if body_other and body is not None and body != NationalBody.OTHER:
        problems.append("leave the name of other national body blank unless the national body is Other")
    lead_agency = read("lead_agency", read_text)
    action = read("action", read_text)
    target_date = read("target_date", read_date)
    if problems:
        return None, problems
    return RecommendationRow(
        number=number,
        text=text,
        scope=scope,
        national_body=body,
        national_body_other=body_other,
        lead_agency=lead_agency,
        action=action,
        target_date=target_date,
    ), problems


COLUMNS_BY_FIELD = {column.field: column for column in COLUMNS}
