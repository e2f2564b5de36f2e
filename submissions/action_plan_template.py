"""The action plan template a CSP downloads: its columns, and the XLSX built from them.

`submissions/action_plan_xlsx.py` reads the filled-in copy by the same column
table, so a heading, limit or instruction is changed in one place.
"""

import datetime
import io
import zipfile
from dataclasses import dataclass

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from submissions.enums import NationalBody, RecommendationScope

MAX_ROWS = 500
SHEET_TITLE = "Recommendations"
HELP_SHEET_TITLE = "How to fill this in"
EARLIEST_TARGET_DATE = datetime.date(2000, 1, 1)
LATEST_TARGET_DATE = datetime.date(2100, 12, 31)
TARGET_DATE_RANGE = "between 1 January 2000 and 31 December 2100"
DATE_FORMAT = "DD/MM/YYYY"
TEXT_FORMAT = "@"
# One fixed time for the document properties and every zip entry: the same
# template is the same bytes, whenever it is built.
BUILT_AT = datetime.datetime(2025, 1, 1)


@dataclass(frozen=True)
class Column:
    field: str  # the RecommendationRow field it fills
    header: str
    phrase: str  # how a message names it: "Row 5: lead agency must ..."
    guidance: str  # its line on the "How to fill this in" sheet
    width: int
    max_length: int = 0  # for free text; 0 for choices and dates
    multiline: bool = False

    @property
    def limit_note(self):
        return f" {self.max_length} characters or fewer." if self.max_length else ""


COLUMNS = (
    Column("number", "Number", "number",
           "The recommendation's number as the action plan gives it, for example 3, 3.1 or R4. "
           "Use each number once.", width=10, max_length=20),
    Column("text", "Recommendation", "recommendation text",
           "The text of the recommendation.", width=60, max_length=5000, multiline=True),
    Column("scope", "Scope", "scope", "Select Local, Regional or National.", width=12),
    Column("national_body", "National body", "national body",
           "For a national recommendation, select the body it is addressed to. "
           "Leave this blank for a local or regional recommendation.", width=34),
    Column("national_body_other", "Name of other national body", "name of the other national body",
           "If you selected Other as the national body, enter the body's name.",
           width=30, max_length=200),
    Column("lead_agency", "Lead agency", "lead agency",
           "Optional. The agency that leads the action.", width=30, max_length=200),
    Column("action", "Action", "action",
           "Optional. What will be done to carry out the recommendation.",
           width=60, max_length=5000, multiline=True),
    Column("target_date", "Target date", "target date",
           "Optional. The date the action should be done by, for example 31/12/2026.", width=14),
)

INSTRUCTIONS = (
    "How to fill in the action plan template",
    "",
    f"Put one recommendation on each row of the {SHEET_TITLE} sheet, starting on row 2. "
    "Do not change the column headings.",
    f"You can enter up to {MAX_ROWS} recommendations. Blank rows are ignored.",
    "",
    *(f"{column.header}: {column.guidance}{column.limit_note}" for column in COLUMNS),
)


def template_workbook():
    """The XLSX the application offers for download, as bytes.

    1. A "Recommendations" sheet: bold header row frozen in place, column
       widths, text format for Number, a date format for Target date.
    2. Drop-down lists of the enum labels for Scope and National body, and a
       date check on Target date, for the first MAX_ROWS rows.
    3. A "How to fill this in" sheet with one line per column.
    4. Written with fixed timestamps, so the bytes never change between builds.
    """
    workbook = openpyxl.Workbook()
    _fill_recommendations_sheet(workbook.active)
    _fill_help_sheet(workbook.create_sheet(HELP_SHEET_TITLE))
    workbook.properties.creator = "DHR QA"
    workbook.properties.title = "Action plan recommendations"
    workbook.properties.created = BUILT_AT
    workbook.properties.modified = BUILT_AT
    buffer = io.BytesIO()
    # ExcelWriter rather than workbook.save(), which stamps the time it was saved.
    ExcelWriter(workbook, _FixedTimeZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return buffer.getvalue()


def _fill_recommendations_sheet(sheet):
    sheet.title = SHEET_TITLE
    sheet.append([column.header for column in COLUMNS])
    header_fill = PatternFill("solid", fgColor="DDDDDD")
    for index, column in enumerate(COLUMNS, start=1):
        heading = sheet.cell(row=1, column=index)
        heading.font = Font(bold=True)
        heading.fill = header_fill
        heading.alignment = Alignment(vertical="top", wrap_text=True)
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        if column.multiline:
            dimension.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = "A2"
    # Text, so that Excel keeps "3.10" as typed instead of turning it into the number 3.1.
    sheet.column_dimensions[_letter("number")].number_format = TEXT_FORMAT
    sheet.column_dimensions[_letter("target_date")].number_format = DATE_FORMAT
    for validation, field in (
        (_list_validation(RecommendationScope.labels, "Select Local, Regional or National"), "scope"),
        (_list_validation(NationalBody.labels, "Select a national body from the list"), "national_body"),
        (_date_validation(), "target_date"),
    ):
        validation.add(f"{_letter(field)}2:{_letter(field)}{MAX_ROWS + 1}")
        sheet.add_data_validation(validation)


def _fill_help_sheet(sheet):
    for line in INSTRUCTIONS:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 110
    sheet.column_dimensions["A"].alignment = Alignment(vertical="top", wrap_text=True)


def _letter(field):
    return get_column_letter(next(index for index, column in enumerate(COLUMNS, start=1) if column.field == field))


def _list_validation(labels, error):
    # Excel limits an inline list to 255 characters; both lists are well inside it.
    return DataValidation(
        type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True,
        showErrorMessage=True, errorTitle="Choose from the list", error=error,
    )


def _date_validation():
    earliest, latest = EARLIEST_TARGET_DATE, LATEST_TARGET_DATE
    return DataValidation(
        type="date", operator="between", allow_blank=True,
        formula1=f"DATE({earliest.year},{earliest.month},{earliest.day})",
        formula2=f"DATE({latest.year},{latest.month},{latest.day})",
        showErrorMessage=True, errorTitle="Target date",
        error=f"Enter a date {TARGET_DATE_RANGE}, for example 31/12/2026",
    )


class _FixedTimeZipFile(zipfile.ZipFile):
    """A zip archive that stamps every entry with BUILT_AT instead of the time it was written."""

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        # openpyxl writes each worksheet to a temporary file first: take its bytes, not its mtime.
        with open(filename, "rb") as source:
            self.writestr(arcname or filename, source.read(), compress_type, compresslevel)

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=BUILT_AT.timetuple()[:6])
            zinfo_or_arcname.compress_type = self.compression
            zinfo_or_arcname.external_attr = 0o600 << 16
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)
