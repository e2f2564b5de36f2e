"""An action plan's recommendations as a spreadsheet: the template CSPs download, and reading it back.

Pure functions, no models: the caller saves the rows and shows the errors.
The template's layout lives in `submissions/action_plan_template.py`; this
module reads what a CSP typed into it. Every cell is checked by the same text
rules as the application's forms (`dhrqa.text`), and every problem is
reported with the row number Excel shows, so the CSP can fix the file.
"""

import datetime
import re
import zipfile
import zlib
from dataclasses import dataclass

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from dhrqa.text import normalise, text_problem
from submissions.action_plan_template import (
    COLUMNS,
    EARLIEST_TARGET_DATE,
    LATEST_TARGET_DATE,
    MAX_ROWS,
    SHEET_TITLE,
    TARGET_DATE_RANGE,
    template_workbook,
)
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
# Scope, national body and date cells hold short values; a longer one is simply not one of them.
MAX_CHOICE_LENGTH = 200

NOT_THE_TEMPLATE = "The selected file must be the action plan template"
UNREADABLE = "The selected file could not be read: save it as an Excel spreadsheet (XLSX) and upload it again"
TOO_MANY_ROWS = f"The file must have {MAX_ROWS} recommendations or fewer"
BAD_SCOPE = "scope must be local, regional or national"
BAD_NATIONAL_BODY = "national body must be one of the bodies in the list, or Other"
BAD_DATE = "target date must be a real date, for example 31/12/2026"
DATE_OUT_OF_RANGE = f"target date must be {TARGET_DATE_RANGE}"

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
    number: str
    text: str
    scope: str
    national_body: str
    national_body_other: str
    lead_agency: str
    action: str
    target_date: datetime.date | None


@dataclass(frozen=True)
class RowError:
    row: int
    message: str


@dataclass(frozen=True)
class ImportResult:
    rows: list[RecommendationRow]
    errors: list[RowError]


class NotTheTemplate(Exception):
    """The file is not a readable copy of the template. str() is the message to show."""


class _CellProblem(Exception):
    """What is wrong with one cell, worded to follow "Row 7: "."""


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
    workbook = _open(file)
    try:
        sheet, header_row, positions = _find_table(workbook)
        return _read_rows(_data_rows(sheet, header_row, positions))
    finally:
        workbook.close()


def _open(file):
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise NotTheTemplate(UNREADABLE) from error
    if len(entries) > MAX_ARCHIVE_ENTRIES or sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise NotTheTemplate(UNREADABLE)
    if hasattr(file, "seek"):
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
    best = None  # (headings found, sheet, row number, positions)
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

    def read(field, reader, *args):
        try:
            return reader(cells[field], COLUMNS_BY_FIELD[field], *args)
        except _CellProblem as problem:
            problems.append(str(problem))
            return None

    number = read("number", _text)
    if number == "":
        problems.append("enter the recommendation number")
    elif number is not None:
        first_row = numbers_seen.setdefault(number.casefold(), row_number)
        if first_row != row_number:
            problems.append(f"recommendation number {number} is already used in row {first_row}")
    text = read("text", _text)
    if text == "":
        problems.append("enter the recommendation text")
    scope = read("scope", _choice, SCOPES, BAD_SCOPE)
    if scope == "":
        problems.append("select the scope: local, regional or national")
    body = read("national_body", _choice, NATIONAL_BODIES, BAD_NATIONAL_BODY)
    body_other = read("national_body_other", _text)
    if scope == RecommendationScope.NATIONAL:
        if body == "":
            problems.append("select the national body the recommendation is addressed to")
        elif body == NationalBody.OTHER and body_other == "":
            problems.append("enter the name of the other national body")
    elif scope and body:
        problems.append("leave national body blank unless the scope is national")
    if body_other and body is not None and body != NationalBody.OTHER:
        problems.append("leave the name of other national body blank unless the national body is Other")
    lead_agency = read("lead_agency", _text)
    action = read("action", _text)
    target_date = read("target_date", _date)
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


def _choice_key(value):
    return " ".join(value.replace("_", " ").split()).casefold()


def _choices(enum):
    """{key: value} accepting each choice's label or value, in any case."""
    keys = {}
    for value, label in enum.choices:
        keys[_choice_key(label)] = value
        keys[_choice_key(value)] = value
    return keys


SCOPES = _choices(RecommendationScope)
NATIONAL_BODIES = _choices(NationalBody)


def _cell_string(cell, column):
    """The cell as typed text, "" when empty; numbers as Excel shows them ("3", not "3.0")."""
    value = cell.value
    if value is None:
        return ""
    if cell.data_type == "e":
        raise _CellProblem(f"{column.phrase} must not be an error ({str(value)[:20]})")
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise _CellProblem(f"{column.phrase} must be text, not TRUE or FALSE")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        raise _CellProblem(f"{column.phrase} must be text, not a date or time")
    raise _CellProblem(f"{column.phrase} must be text")


def _text(cell, column):
    """The cell's text, normalised and checked by the application's text rules; "" when empty."""
    value = normalise(_cell_string(cell, column), multiline=column.multiline)
    if not value:
        return ""
    # Before the character checks, so a huge string is refused without walking it.
    if len(value) > column.max_length:
        raise _CellProblem(f"{column.phrase} must be {column.max_length} characters or fewer")
    problem = text_problem(value, multiline=column.multiline)
    if problem:
        raise _CellProblem(f"{column.phrase} {problem}")
    return value


def _short_text(cell, column, refusal):
    """A one-line value that must be one of a few short forms: "" when empty."""
    value = normalise(_cell_string(cell, column))
    if len(value) > MAX_CHOICE_LENGTH:
        raise _CellProblem(refusal)
    if value:
        problem = text_problem(value)
        if problem:
            raise _CellProblem(f"{column.phrase} {problem}")
    return value


def _choice(cell, column, choices, refusal):
    value = _short_text(cell, column, refusal)
    if not value:
        return ""
    if _choice_key(value) not in choices:
        raise _CellProblem(refusal)
    return choices[_choice_key(value)]


def _date(cell, column):
    """An Excel date, or a date typed as text; None when empty."""
    value = cell.value
    if cell.data_type != "e" and not isinstance(value, str):
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return _in_range(value.date())
        if isinstance(value, datetime.date):
            return _in_range(value)
        raise _CellProblem(BAD_DATE)
    text = _short_text(cell, column, BAD_DATE)
    if not text:
        return None
    return _in_range(_parse_date(text))


def _in_range(date):
    if not EARLIEST_TARGET_DATE <= date <= LATEST_TARGET_DATE:
        raise _CellProblem(DATE_OUT_OF_RANGE)
    return date


MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
# re.ASCII: \d must not match other scripts' digits, which int() would read.
DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})", re.ASCII)
YEAR_MONTH_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
DAY_MONTH_NAME_YEAR = re.compile(r"(\d{1,2}) ([a-z]+),? (\d{4})", re.ASCII)


def _parse_date(text):
    """31/12/2026, 31 12 2026, 2026-12-31, 31 December 2026 or 31 Dec 2026."""
    if match := DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := YEAR_MONTH_DAY.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := DAY_MONTH_NAME_YEAR.fullmatch(text.lower()):
        day, name, year = int(match[1]), match[2], int(match[3])
        month = _month_number(name)
    else:
        raise _CellProblem(BAD_DATE)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise _CellProblem(BAD_DATE) from None


def _month_number(name):
    """1 for "january" or "jan", 9 for "sept"; 0, which no date has, for anything else."""
    for number, month in enumerate(MONTHS, start=1):
        if name in (month, month[:3]) or (name == "sept" and number == 9):
            return number
    return 0
