"""The action plan template a CSP downloads: its layout, drop-downs, instructions and fixed bytes."""

import io
import zipfile

import openpyxl

from submissions.action_plan_xlsx import ImportResult, read_recommendations, template_workbook
from tests.submissions.action_plan_files import HEADERS


def test_template_workbook_read_back_gives_no_rows_and_no_errors():
    result = read_recommendations(io.BytesIO(template_workbook()))

    assert result == ImportResult(rows=[], errors=[])


def test_template_workbook_has_headings_frozen_with_widths_and_formats():
    sheet = openpyxl.load_workbook(io.BytesIO(template_workbook()))["Recommendations"]

    assert [cell.value for cell in sheet[1]] == HEADERS
    assert [sheet.column_dimensions[letter].width for letter in "ABCDEFGH"] == [10, 60, 12, 34, 30, 30, 60, 14]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold is True
    assert sheet.column_dimensions["A"].number_format == "@"
    assert sheet.column_dimensions["H"].number_format == "DD/MM/YYYY"


def test_template_workbook_has_drop_downs_of_the_enum_labels_and_a_date_check():
    sheet = openpyxl.load_workbook(io.BytesIO(template_workbook()))["Recommendations"]

    validations = [
        (str(validation.sqref), validation.type, validation.formula1, validation.formula2)
        for validation in sheet.data_validations.dataValidation
    ]

    assert validations == [
        ("C2:C501", "list", '"Local,Regional,National"', None),
        ("D2:D501", "list",
         '"Home Office,Ministry of Justice,Department of Health and Social Care (DHSC),NHS England,'
         'College of Policing,Department for Education (DfE),Welsh Government,Other"', None),
        ("H2:H501", "date", "DATE(2000,1,1)", "DATE(2100,12,31)"),
    ]


def test_template_workbook_has_instructions_sheet():
    workbook = openpyxl.load_workbook(io.BytesIO(template_workbook()))

    lines = [cells[0] for cells in workbook["How to fill this in"].iter_rows(values_only=True)]

    assert workbook.sheetnames == ["Recommendations", "How to fill this in"]
    assert lines[0] == "How to fill in the action plan template"
    assert lines[-1] == "Target date: Optional. The date the action should be done by, for example 31/12/2026."
    assert len(lines) == 13


def test_template_workbook_same_bytes_every_time():
    first = template_workbook()

    second = template_workbook()

    assert first == second
    assert {entry.date_time for entry in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {(2025, 1, 1, 0, 0, 0)}
