"""The plain text of an inspected document, for search and the automated checks.

Runs in a Celery worker, only on files that passed inspection, yet still caps
what it produces: a document may hold far more text than anyone needs, and
pypdf is given limits on how much a single stream may decode to.
"""

import xml.sax
import zipfile
from xml.etree.ElementTree import ParseError

import docx
import openpyxl
import pypdf
from docx.opc.exceptions import OpcError
from docx.table import Table
from lxml.etree import XMLSyntaxError
from odf import opendocument, teletype
from odf.namespaces import TEXTNS
from openpyxl.utils.exceptions import InvalidFileException
from pypdf.errors import PyPdfError

from submissions.enums import FileType

DEFAULT_MAX_CHARS = 2_000_000
# The most one PDF stream may decode to while its text is read.
PDF_STREAM_LIMIT = 64 * 1024 * 1024
ODF_TEXT_ELEMENTS = frozenset({(TEXTNS, "p"), (TEXTNS, "h")})
# The libraries raise their own errors for most damage, but on malformed input
# also plain ValueError, KeyError, TypeError, IndexError or AttributeError from
# deep inside their parsers; any of them means "this text cannot be read".
LIBRARY_ERRORS = (ValueError, KeyError, TypeError, IndexError, AttributeError, OSError, zipfile.BadZipFile,
                  RecursionError)


class TextExtractionFailed(Exception):
    """The document's text could not be read; the message says which library failed and why."""


class _Full(Exception):
    """Raised inside the walk once enough text has been collected."""


class _Collector:
    def __init__(self, max_chars):
        self.max_chars = max_chars
        self.parts = []
        self.length = 0
        # Where each page's text starts in `text()`, for formats that have pages (PDF).
        self.page_starts = []

    def start_page(self):
        if self.length < self.max_chars:
            self.page_starts.append(self.length)

    def add(self, text):
        if not text:
            return
        self.parts.append(text)
        self.length += len(text) + 1
        if self.length >= self.max_chars:
            raise _Full

    def text(self):
        return "\n".join(self.parts)[: self.max_chars]


def extract_text(path_or_file, file_type, *, max_chars=DEFAULT_MAX_CHARS):
    """Return the text of a PDF, DOCX, XLSX or ODT, at most `max_chars` characters of it.

    `path_or_file` is a path or a seekable binary file. Raises TextExtractionFailed
    when the library reading the format fails on it.
    """
    return extract_text_and_pages(path_or_file, file_type, max_chars=max_chars)[0]


def extract_text_and_pages(path_or_file, file_type, *, max_chars=DEFAULT_MAX_CHARS):
    """As `extract_text`, with the offset in the text where each page starts (a PDF's; [] for the others).

    The offsets let the pre-screen say on which page a passage is, while the
    text itself stays as search and the other checks read it.
    """
    readers = {
        FileType.PDF: (_pdf_text, (PyPdfError,)),
        FileType.DOCX: (_docx_text, (OpcError, XMLSyntaxError)),
        FileType.XLSX: (_xlsx_text, (InvalidFileException, ParseError)),
        FileType.ODT: (_odt_text, (xml.sax.SAXException,)),
    }
    reader, own_errors = readers[FileType(file_type)]
    collector = _Collector(max_chars)
    try:
        reader(path_or_file, collector)
    except _Full:
        pass
    except (*own_errors, *LIBRARY_ERRORS) as error:
        raise TextExtractionFailed(
            f"The text of the {FileType(file_type).label} could not be read: {type(error).__name__}: {error}"
        ) from error
    return collector.text(), collector.page_starts


def _pdf_text(source, collector):
    limits = {
        name: PDF_STREAM_LIMIT
        for name in ("zlib_maximum_output_length", "lzw_maximum_output_length", "run_length_maximum_output_length",
                     "array_based_stream_maximum_output_length", "brotli_maximum_output_length",
                     "jbig2_maximum_output_length", "image_maximum_buffer_size")
    }
    # No external jbig2dec program: text extraction has no need to decode images.
    with pypdf.apply_configuration(jbig2dec_binary=None, **limits):
        reader = pypdf.PdfReader(source)
        for page in reader.pages:
            collector.start_page()
            collector.add(page.extract_text())


def _docx_text(source, collector):
    document = docx.Document(source)
    try:
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                _docx_table_text(block, collector)
                continue
            # A page break the author put in (not where Word happened to lay the page out) starts a page.
            if block._p.xpath("./w:pPr/w:pageBreakBefore"):
                collector.start_page()
            collector.add(block.text)
            if block._p.xpath('./w:r/w:br[@w:type="page"]'):
                collector.start_page()
    finally:
        # Pages only where the author broke them; the first then starts at the beginning.
        if collector.page_starts and collector.page_starts[0] != 0:
            collector.page_starts.insert(0, 0)


def _docx_table_text(table, collector):
    for row in table.rows:
        # A merged cell is the same object once for every grid column it spans.
        cells = list({id(cell): cell for cell in row.cells}.values())
        collector.add("\t".join(cell.text for cell in cells if cell.text))


def _xlsx_text(source, collector):
    workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                collector.add("\t".join(str(value) for value in row if value is not None))
    finally:
        workbook.close()


def _odt_text(source, collector):
    document = opendocument.load(source)
    pending = [document.text]
    while pending:
        node = pending.pop()
        if getattr(node, "qname", None) in ODF_TEXT_ELEMENTS:
            collector.add(teletype.extractText(node))
            continue
        pending.extend(reversed(getattr(node, "childNodes", [])))
