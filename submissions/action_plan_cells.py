"""How one cell of a filled-in action plan template is read.

Each reader takes an openpyxl cell and its template column, and returns the
value or raises CellProblem with what is wrong, worded to follow "Row 7: ".
Text goes through the application's text rules (`dhrqa.text`) like any
typed value; numbers, dates and Excel's error values are told apart by type.
"""

import datetime
import re

from dhrqa.text import normalise, text_problem
from submissions.action_plan_template import EARLIEST_TARGET_DATE, LATEST_TARGET_DATE, TARGET_DATE_RANGE
from submissions.enums import NationalBody, RecommendationScope

# Scope, national body and date cells hold short values; a longer one is simply not one of them.
MAX_CHOICE_LENGTH = 200
BAD_SCOPE = "scope must be local, regional or national"
BAD_NATIONAL_BODY = "national body must be one of the bodies in the list, or Other"
BAD_DATE = "target date must be a real date, for example 31/12/2026"
DATE_OUT_OF_RANGE = f"target date must be {TARGET_DATE_RANGE}"


class CellProblem(Exception):
    """What is wrong with one cell, worded to follow "Row 7: "."""


def read_text(cell, column):
    """The cell's text, normalised and checked by the application's text rules; "" when empty."""
    value = normalise(_cell_string(cell, column), multiline=column.multiline)
    if not value:
        return ""
    # Before the character checks, so a huge string is refused without walking it.
    if len(value) > column.max_length:
        raise CellProblem(f"{column.phrase} must be {column.max_length} characters or fewer")
    problem = text_problem(value, multiline=column.multiline)
    if problem:
        raise CellProblem(f"{column.phrase} {problem}")
    return value


def read_scope(cell, column):
    """A RecommendationScope value from its label or value in any case; "" when empty."""
    return _choice(cell, column, SCOPES, BAD_SCOPE)


def read_national_body(cell, column):
    """A NationalBody value from its label or value in any case; "" when empty."""
    return _choice(cell, column, NATIONAL_BODIES, BAD_NATIONAL_BODY)


def read_date(cell, column):
    """An Excel date, or a date typed as text, within the allowed range; None when empty."""
    value = cell.value
    if cell.data_type != "e" and not isinstance(value, str):
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return _in_range(value.date())
        if isinstance(value, datetime.date):
            return _in_range(value)
        raise CellProblem(BAD_DATE)
    text = _short_text(cell, column, BAD_DATE)
    if not text:
        return None
    return _in_range(_parse_date(text))


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
        raise CellProblem(f"{column.phrase} must not be an error ({str(value)[:20]})")
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise CellProblem(f"{column.phrase} must be text, not TRUE or FALSE")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        raise CellProblem(f"{column.phrase} must be text, not a date or time")
    raise CellProblem(f"{column.phrase} must be text")


def _short_text(cell, column, refusal):
    """A one-line value that must be one of a few short forms: "" when empty."""
    value = normalise(_cell_string(cell, column))
    if len(value) > MAX_CHOICE_LENGTH:
        raise CellProblem(refusal)
    if value:
        problem = text_problem(value)
        if problem:
            raise CellProblem(f"{column.phrase} {problem}")
    return value


def _choice(cell, column, choices, refusal):
    value = _short_text(cell, column, refusal)
    if not value:
        return ""
    if _choice_key(value) not in choices:
        raise CellProblem(refusal)
    return choices[_choice_key(value)]


def _in_range(date):
    if not EARLIEST_TARGET_DATE <= date <= LATEST_TARGET_DATE:
        raise CellProblem(DATE_OUT_OF_RANGE)
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
        raise CellProblem(BAD_DATE)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellProblem(BAD_DATE) from None


def _month_number(name):
    """1 for "january" or "jan", 9 for "sept"; 0, which no date has, for anything else."""
    for number, month in enumerate(MONTHS, start=1):
        if name in (month, month[:3]) or (name == "sept" and number == 9):
            return number
    return 0
