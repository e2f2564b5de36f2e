"""Reading the recommendations a CSP typed into a copy of the action plan template."""

import datetime
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from submissions.action_plan_xlsx import MAX_ROWS, ImportResult, RowError, read_recommendations
from tests.submissions.action_plan_files import (
    HEADERS,
    excel_style_workbook,
    filled,
    messages,
    recommendation,
    refusal,
    row,
    with_sheet_xml,
    workbook_of,
)


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


# Row errors: what is missing, and the checks across a row's cells


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

def test_read_recommendations_duplicate_number_refused_on_the_second():
    file = filled(row(3.0), row("R4"), row("3", text="Another"), row("r4"))

    result = read_recommendations(file)

    assert result == ImportResult(rows=[recommendation("3"), recommendation("R4")], errors=[
        RowError(row=4, message="Row 4: recommendation number 3 is already used in row 2"),
        RowError(row=5, message="Row 5: recommendation number r4 is already used in row 3"),
    ])


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
