"""`extract_text`: the words of each format, capped, and a named failure when a library cannot read them."""

import io

import docx
import pytest
from docx.enum.text import WD_BREAK

from submissions.enums import FileType
from submissions.inspection.text import TextExtractionFailed, extract_text, extract_text_and_pages
from tests.submissions.sample_documents import odfpy_bytes, openpyxl_bytes, python_docx_bytes, weasyprint_pdf


def test_extract_text_pdf_gives_every_page():
    text = extract_text(io.BytesIO(weasyprint_pdf(pages=2)), FileType.PDF)

    assert text == "Page 1 of the overview report. GOV.UK\nPage 2 of the overview report. GOV.UK"


def test_extract_text_docx_gives_paragraphs_then_table_rows():
    assert extract_text(io.BytesIO(python_docx_bytes()), FileType.DOCX) == (
        "Overview report\nTerms of reference\nAgency\tContact"
    )


def test_extract_text_xlsx_gives_cell_values_sheet_by_sheet():
    assert extract_text(io.BytesIO(openpyxl_bytes()), FileType.XLSX) == (
        "Recommendation\tOwner\nTrain staff on coercive control\tPolice\nReviewed"
    )


def test_extract_text_odt_gives_headings_and_paragraphs():
    assert extract_text(io.BytesIO(odfpy_bytes()), FileType.ODT) == "Overview report\nThe review began in March."


def test_extract_text_reads_from_a_path(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(python_docx_bytes())

    assert extract_text(path, "docx").splitlines()[0] == "Overview report"


def test_extract_text_stops_at_max_chars():
    assert extract_text(io.BytesIO(python_docx_bytes()), FileType.DOCX, max_chars=10) == "Overview r"


@pytest.mark.parametrize("file_type, content, message", [
    (FileType.PDF, b"%PDF-1.7\nnot really", "The text of the PDF could not be read: "),
    (FileType.DOCX, b"PK\x03\x04 not really", "The text of the Word document (DOCX) could not be read: "),
    (FileType.XLSX, b"not a workbook", "The text of the Excel spreadsheet (XLSX) could not be read: "),
    (FileType.ODT, b"not a document", "The text of the OpenDocument text (ODT) could not be read: "),
])
def test_extract_text_unreadable_file_raises_extraction_failed(file_type, content, message):
    with pytest.raises(TextExtractionFailed) as failed:
        extract_text(io.BytesIO(content), file_type)

    assert str(failed.value).startswith(message)


def test_extract_text_and_pages_pdf_page_starts():
    text, page_starts = extract_text_and_pages(io.BytesIO(weasyprint_pdf(pages=2)), FileType.PDF)

    assert page_starts == [0, text.index("Page 2")]


def test_extract_text_and_pages_docx_only_where_the_author_broke_the_page():
    document = docx.Document()
    document.add_paragraph("Introduction")
    document.add_paragraph("Background").add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("Chronology")
    out = io.BytesIO()
    document.save(out)

    text, page_starts = extract_text_and_pages(io.BytesIO(out.getvalue()), FileType.DOCX)
    plain = extract_text_and_pages(io.BytesIO(python_docx_bytes()), FileType.DOCX)

    assert (page_starts, plain[1]) == ([0, text.index("Chronology")], [])
