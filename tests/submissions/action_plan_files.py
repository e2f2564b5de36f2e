"""Action plan spreadsheets made in tests: the template filled in, other workbooks, and edits to their XML."""

import io
import zipfile

import openpyxl
import pytest

from submissions.action_plan_xlsx import NotTheTemplate, RecommendationRow, read_recommendations, template_workbook

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
