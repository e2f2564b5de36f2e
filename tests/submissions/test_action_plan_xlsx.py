"""The action plan template, and reading the recommendations a CSP typed into a copy of it."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from submissions.action_plan_xlsx import (
    MAX_ROWS,
    ImportResult,
    NotTheTemplate,
    RecommendationRow,
    RowError,
    read_recommendations,
    template_workbook,
)

HEADERS = [
    "Number", "Recommendation", "Scope", "National body", "Name of other national body", "Lead agency", "Action",
    "Target date",
]
SHEET_XML = "xl/worksheets/sheet1.xml"


def row(number="1", text="Share the learning", scope="Local", body=None, other=None, lead=None, action=None,
        date=None):
    """One row of cells, in the template's column order."""
    return [number, text, scope, body, other, lead, action, date]


def filled(*rows, start=2):
    """The template with `rows` written from row `start` on, as a file object."""
    workbook = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    sheet = workbook["Recommendations"]
    for row_number, cells in enumerate(rows, start=start):
        for column, value in enumerate(cells, start=1):
            if value is not None:
                sheet.cell(row=row_number, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def workbook_of(*rows, title="Recommendations"):
    """A new workbook of one sheet holding `rows` from row 1, as a file object."""
    workbook = openpyxl.Workbook()
    workbook.active.title = title
    for cells in rows:
        workbook.active.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def with_sheet_xml(file, edit):
    """The XLSX in `file` with its first sheet's XML passed through `edit`, which must change it."""
    source = zipfile.ZipFile(file)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            if name == SHEET_XML:
                edited = edit(content)
                assert edited != content, "the edit found nothing to change"
                content = edited
            target.writestr(name, content)
    buffer.seek(0)
    return buffer


def excel_style_workbook(strings, sheet_data):
    """An XLSX put together part by part as Excel writes one: shared strings and a date style (index 1)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relationships = "http://schemas.openxmlformats.org/package/2006/relationships"
    document = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    types = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    shared = "".join(f"<si><t>{text}</t></si>" for text in strings)
    parts = {
        "[Content_Types].xml":
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{types}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{types}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{types}.sharedStrings+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{types}.styles+xml"/></Types>',
        "_rels/.rels":
            f'<Relationships xmlns="{relationships}"><Relationship Id="rId1" '
            f'Type="{document}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml":
            f'<workbook xmlns="{main}" xmlns:r="{document}"><sheets>'
            '<sheet name="Recommendations" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            f'<Relationships xmlns="{relationships}">'
            f'<Relationship Id="rId1" Type="{document}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{document}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{document}/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml":
            f'<styleSheet xmlns="{main}"><fonts count="1"><font/></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
        "xl/sharedStrings.xml": f'<sst xmlns="{main}" count="{len(strings)}">{shared}</sst>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{sheet_data}</sheetData></worksheet>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    buffer.seek(0)
    return buffer


def messages(file):
    return [error.message for error in read_recommendations(file).errors]


def refusal(file):
    with pytest.raises(NotTheTemplate) as refused:
        read_recommendations(file)
    return str(refused.value)


def recommendation(number="1", text="Share the learning", scope="local", body="", other="", lead="", action="",
                   date=None):
    return RecommendationRow(
        number=number, text=text, scope=scope, national_body=body, national_body_other=other, lead_agency=lead,
        action=action, target_date=date,
    )


# The template


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


# Reading a filled-in copy


def test_read_recommendations_every_scope_and_national_body_read():
    file = filled(
        row("1", "Train staff in coercive control", "Local", lead="Kent Police", action="Run training",
            date=datetime.date(2026, 12, 31)),
        row("1.1", "Share records across the county", "regional", date="31/12/2026"),
        row("R3", "Review the guidance", "National", "Home Office", date="31 12 2026"),
        row("R4", "Fund advocates", "NATIONAL", "moj", date="2026-12-31"),
        row("R5", "Change GP training", "national", "Department of Health and Social Care (DHSC)",
            date="31 December 2026"),
        row("R6", "Flag records", "national", "nhs_england", date="1 Jan 2027"),
        row("R7", "Update practice", "national", "college of policing"),
        row("R8", "Teach healthy relationships", "national", "DfE"),
        row("R9", "Translate leaflets", "national", "Welsh Government"),
        row("R10", "Look at tenancy rules", "national", "Other", "Ministry of Housing"),
        row(12.0, "Numbered by a numeric cell", "local"),
        row(4.5, "Numbered by a decimal cell", "local"),
    )

    result = read_recommendations(file)

    assert result == ImportResult(rows=[
        recommendation("1", "Train staff in coercive control", "local", lead="Kent Police", action="Run training",
                       date=datetime.date(2026, 12, 31)),
        recommendation("1.1", "Share records across the county", "regional", date=datetime.date(2026, 12, 31)),
        recommendation("R3", "Review the guidance", "national", "home_office", date=datetime.date(2026, 12, 31)),
        recommendation("R4", "Fund advocates", "national", "moj", date=datetime.date(2026, 12, 31)),
        recommendation("R5", "Change GP training", "national", "dhsc", date=datetime.date(2026, 12, 31)),
        recommendation("R6", "Flag records", "national", "nhs_england", date=datetime.date(2027, 1, 1)),
        recommendation("R7", "Update practice", "national", "college_of_policing"),
        recommendation("R8", "Teach healthy relationships", "national", "dfe"),
        recommendation("R9", "Translate leaflets", "national", "welsh_government"),
        recommendation("R10", "Look at tenancy rules", "national", "other", "Ministry of Housing"),
        recommendation("12", "Numbered by a numeric cell"),
        recommendation("4.5", "Numbered by a decimal cell"),
    ], errors=[])


def test_read_recommendations_path_read_whatever_its_extension(tmp_path):
    path = tmp_path / "tmpa1b2c3.upload"
    path.write_bytes(filled(row("1", "Share the learning", "Local")).getvalue())

    result = read_recommendations(str(path))

    assert result == ImportResult(rows=[recommendation()], errors=[])


def test_read_recommendations_django_upload_read():
    upload = SimpleUploadedFile("action plan.xlsx", filled(row("1")).getvalue())

    result = read_recommendations(upload)

    assert result == ImportResult(rows=[recommendation()], errors=[])


def test_read_recommendations_workbook_as_excel_writes_it_read():
    headings = "".join(f'<c r="{letter}1" t="s"><v>{index}</v></c>' for index, letter in enumerate("ABCDEFGH"))
    file = excel_style_workbook(HEADERS + ["Train staff", "Local", "Kent Police", "Fund advocates"], (
        f'<row r="1">{headings}</row>'
        '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s"><v>8</v></c><c r="C2" t="s"><v>9</v></c>'
        '<c r="F2" t="s"><v>10</v></c><c r="G2" t="str"><f>UPPER(F2)</f><v>KENT POLICE</v></c>'
        '<c r="H2" s="1"><v>46387</v></c></row>'
        '<row r="4"><c r="A4"><v>2.5</v></c><c r="B4" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        '<c r="C4" t="s"><v>9</v></c></row>'
    ))

    result = read_recommendations(file)

    assert result == ImportResult(
        rows=[recommendation("1", "Train staff", lead="Kent Police", action="KENT POLICE",
                             date=datetime.date(2026, 12, 31))],
        errors=[RowError(row=4, message="Row 4: recommendation text must not be an error (#DIV/0!)")],
    )


def test_read_recommendations_text_normalised():
    file = filled(row("  7 ", "  First line  \r\nSecond line\n\n", " local ", lead="Kent   County  Council"))

    result = read_recommendations(file)

    assert result.rows == [recommendation("7", "First line\nSecond line", lead="Kent County Council")]


def test_read_recommendations_blank_rows_skipped_and_rows_numbered_as_excel_shows():
    file = filled(row("1"), [None] * 8, ["  ", None, "", None, None, None, None, None], row("2", text=None))

    result = read_recommendations(file)

    assert result == ImportResult(
        rows=[recommendation("1")], errors=[RowError(row=5, message="Row 5: enter the recommendation text")]
    )


def test_read_recommendations_row_with_errors_left_out_and_errors_in_row_order():
    file = filled(row("1", text=None), row("2"), row("3", scope="Global"), row("4"))

    result = read_recommendations(file)

    assert result == ImportResult(rows=[recommendation("2"), recommendation("4")], errors=[
        RowError(row=2, message="Row 2: enter the recommendation text"),
        RowError(row=4, message="Row 4: scope must be local, regional or national"),
    ])


def test_read_recommendations_headings_found_below_a_title_in_any_order_and_case():
    file = workbook_of(
        ["Action plan for DHR 12"],
        [" target DATE ", "Lead Agency", "ACTION", "name of other  national body", "National Body", "scope",
         "recommendation", "NUMBER", "Notes"],
        ["2026-06-30", "Kent Police", "Run training", None, None, "Local", "Train staff", "1", "ignored"],
        title="Sheet1",
    )

    result = read_recommendations(file)

    assert result == ImportResult(rows=[recommendation(
        "1", "Train staff", lead="Kent Police", action="Run training", date=datetime.date(2026, 6, 30)
    )], errors=[])


# One test per row error


def test_read_recommendations_missing_number_text_and_scope_refused():
    file = filled(row(number=None, text=None, scope=None, lead="Kent Police"))

    assert messages(file) == [
        "Row 2: enter the recommendation number",
        "Row 2: enter the recommendation text",
        "Row 2: select the scope: local, regional or national",
    ]


def test_read_recommendations_missing_text_refused():
    assert messages(filled(row(text="   "))) == ["Row 2: enter the recommendation text"]


def test_read_recommendations_bad_scope_refused():
    assert messages(filled(row(), row("2"), row("3"), row("4"), row("5"), row("6"), row("7"), row("8"),
                           row("9", scope="International"))) == [
        "Row 10: scope must be local, regional or national"
    ]


def test_read_recommendations_bad_national_body_refused():
    assert messages(filled(row(scope="National", body="Treasury"))) == [
        "Row 2: national body must be one of the bodies in the list, or Other"
    ]


def test_read_recommendations_national_without_body_refused():
    assert messages(filled(row(scope="National"))) == [
        "Row 2: select the national body the recommendation is addressed to"
    ]


def test_read_recommendations_other_without_name_refused():
    assert messages(filled(row(scope="National", body="Other"))) == ["Row 2: enter the name of the other national body"]


def test_read_recommendations_body_on_local_or_name_without_other_refused():
    file = filled(row("1", scope="Local", body="Home Office"), row("2", scope="National", body="DfE", other="DfE"))

    assert messages(file) == [
        "Row 2: leave national body blank unless the scope is national",
        "Row 3: leave the name of other national body blank unless the national body is Other",
    ]


def test_read_recommendations_bad_date_refused():
    file = filled(
        row("1", date="31/02/2026"), row("2", date="next year"), row("3", date="31/12/26"),
        row("4", date="31 Smarch 2026"), row("5", date=46022), row("6", date=datetime.time(9, 30)),
        row("7", date="３１/１２/２０２６"),
    )

    assert messages(file) == [f"Row {number}: target date must be a real date, for example 31/12/2026"
                              for number in range(2, 9)]


def test_read_recommendations_date_out_of_range_refused():
    file = filled(
        row("1", date=datetime.date(1999, 12, 31)), row("2", date="1 January 2101"),
        row("3", date=datetime.date(2000, 1, 1)), row("4", date="31/12/2100"),
    )

    result = read_recommendations(file)

    assert [row.target_date for row in result.rows] == [datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)]
    assert [error.message for error in result.errors] == [
        "Row 2: target date must be between 1 January 2000 and 31 December 2100",
        "Row 3: target date must be between 1 January 2000 and 31 December 2100",
    ]


def test_read_recommendations_duplicate_number_refused_on_the_second():
    file = filled(row(3.0), row("R4"), row("3", text="Another"), row("r4"))

    result = read_recommendations(file)

    assert result == ImportResult(rows=[recommendation("3"), recommendation("R4")], errors=[
        RowError(row=4, message="Row 4: recommendation number 3 is already used in row 2"),
        RowError(row=5, message="Row 5: recommendation number r4 is already used in row 3"),
    ])


def test_read_recommendations_over_long_text_refused():
    file = filled(
        row("1", text="x" * 5000, lead="y" * 200, action="z" * 5000, other=None),
        row("N" * 21, text="x" * 5001, lead="y" * 201, action="z" * 5001),
        row("3", scope="national", body="other", other="o" * 201),
    )

    assert messages(file) == [
        "Row 3: number must be 20 characters or fewer",
        "Row 3: recommendation text must be 5000 characters or fewer",
        "Row 3: lead agency must be 200 characters or fewer",
        "Row 3: action must be 5000 characters or fewer",
        "Row 4: name of the other national body must be 200 characters or fewer",
    ]


def test_read_recommendations_invisible_and_bidi_characters_refused():
    file = filled(
        row("1", text="Train\u200b staff", lead="Kent\u202e Police"),
        row("2", action="Run\u2066 training\u2069", scope="Local\u200d"),
        row("3", lead="Kent\u00adPolice", other="\x90"),
    )

    assert messages(file) == [
        "Row 2: recommendation text must not contain invisible characters",
        "Row 2: lead agency must not contain characters that change the direction of text",
        "Row 3: scope must not contain invisible characters",
        "Row 3: action must not contain characters that change the direction of text",
        "Row 4: name of the other national body must not contain control characters",
        "Row 4: lead agency must not contain invisible characters",
    ]


def test_read_recommendations_line_break_in_a_one_line_cell_read_as_a_space():
    file = filled(row("1", lead="Kent\nPolice", scope="Local\r\n"))

    assert read_recommendations(file).rows == [recommendation(lead="Kent Police")]


def test_read_recommendations_formula_without_saved_value_read_as_empty():
    file = filled(row("1", text="=UPPER(F2)", lead="Kent Police"))

    assert messages(file) == ["Row 2: enter the recommendation text"]


def test_read_recommendations_formula_with_saved_value_read_as_that_value():
    file = with_sheet_xml(
        filled(row("1", text="=UPPER(F2)", lead="Kent Police")),
        lambda xml: xml.replace(b'<c r="B2"><f>UPPER(F2)</f><v></v></c>',
                                b'<c r="B2" t="str"><f>UPPER(F2)</f><v>KENT POLICE</v></c>'),
    )

    assert read_recommendations(file).rows == [recommendation(text="KENT POLICE", lead="Kent Police")]


def test_read_recommendations_error_values_refused():
    file = filled(row("1", text="#REF!", lead="#N/A", date="#VALUE!"))

    assert messages(file) == [
        "Row 2: recommendation text must not be an error (#REF!)",
        "Row 2: lead agency must not be an error (#N/A)",
        "Row 2: target date must not be an error (#VALUE!)",
    ]


def test_read_recommendations_true_false_and_dates_in_text_columns_refused():
    file = filled(row(datetime.date(2026, 3, 1), text=True, lead=False, scope=1))

    assert messages(file) == [
        "Row 2: number must be text, not a date or time",
        "Row 2: recommendation text must be text, not TRUE or FALSE",
        "Row 2: scope must be local, regional or national",
        "Row 2: lead agency must be text, not TRUE or FALSE",
    ]


def test_read_recommendations_huge_strings_refused_by_length():
    # Far beyond Excel's 32,767 characters a cell, so written into the XML directly.
    file = with_sheet_xml(
        filled(row("1", text="HUGE-TEXT", scope="HUGE-SCOPE", date="HUGE-DATE")),
        lambda xml: xml.replace(b"HUGE-TEXT", b"x" * 1_000_000).replace(b"HUGE-SCOPE", b"L" * 1_000_000)
        .replace(b"HUGE-DATE", b"1" * 1_000_000),
    )

    assert messages(file) == [
        "Row 2: recommendation text must be 5000 characters or fewer",
        "Row 2: scope must be local, regional or national",
        "Row 2: target date must be a real date, for example 31/12/2026",
    ]


def test_read_recommendations_merged_cells_read_from_their_first_cell():
    workbook = openpyxl.load_workbook(filled(row("1", text="Shared text"), row("2", text=None)))
    workbook["Recommendations"].merge_cells("B2:B3")
    file = io.BytesIO()
    workbook.save(file)
    file.seek(0)

    result = read_recommendations(file)

    assert result == ImportResult(
        rows=[recommendation(text="Shared text")],
        errors=[RowError(row=3, message="Row 3: enter the recommendation text")],
    )


def test_read_recommendations_sheet_claiming_a_million_rows_read_as_it_is():
    file = with_sheet_xml(
        filled(row("1")), lambda xml: xml.replace(b'<dimension ref="A1:H2"/>', b'<dimension ref="A1:XFD1048576"/>')
    )

    assert read_recommendations(file) == ImportResult(rows=[recommendation()], errors=[])


# How many rows


def test_read_recommendations_max_rows_read():
    file = filled(*(row(str(number)) for number in range(1, MAX_ROWS + 1)))

    result = read_recommendations(file)

    assert (len(result.rows), result.errors) == (500, [])


def test_read_recommendations_more_than_max_rows_one_error_and_no_rows():
    file = filled(*(row(str(number), text=None) for number in range(1, MAX_ROWS + 2)))

    result = read_recommendations(file)

    assert result == ImportResult(rows=[], errors=[
        RowError(row=502, message="The file must have 500 recommendations or fewer")
    ])


# Not the template


def test_read_recommendations_other_headings_not_the_template():
    file = workbook_of(["Name", "Address"], ["Kent", "Maidstone"])

    assert refusal(file) == "The selected file must be the action plan template"


def test_read_recommendations_one_missing_heading_named():
    file = workbook_of(HEADERS[:-1])

    assert refusal(file) == "The selected file must have a Target date column, as in the action plan template"


def test_read_recommendations_several_missing_headings_named():
    file = workbook_of(["Number", "Recommendation", "Scope", "National body", "Name of other national body"])

    assert refusal(file) == (
        "The selected file must have the columns Lead agency, Action and Target date, as in the action plan template"
    )


def test_read_recommendations_not_a_spreadsheet_refused():
    assert refusal(io.BytesIO(b"%PDF-1.7 not a spreadsheet")) == (
        "The selected file could not be read: save it as an Excel spreadsheet (XLSX) and upload it again"
    )


def test_read_recommendations_damaged_sheet_refused():
    file = with_sheet_xml(filled(row("1")), lambda xml: xml[: len(xml) // 2])

    assert refusal(file) == (
        "The selected file could not be read: save it as an Excel spreadsheet (XLSX) and upload it again"
    )
