"""Which container a file is, judged by its bytes, and refusing a file that is two at once.

A polyglot (a PDF with a zip appended, a zip that a PDF reader also opens,
an HTML page that is also a PDF) passes one checker while another program sees
different content in it, so such a file is refused whatever its parts contain.
"""

from submissions.inspection.archives import ZIP_MAGIC, contains_zip_directory
from submissions.inspection.ole import OLE_MAGIC
from submissions.inspection.refusals import Refusal

PDF = "pdf"
ZIP = "zip"
OLE = "ole"
PDF_MAGIC = b"%PDF-"
# PDF readers accept the header anywhere in the first 1024 bytes.
HEAD_WINDOW = 1024
EXECUTABLE_MAGIC = b"MZ"
HTML_MARKERS = (b"<html", b"<script", b"<!doctype html")


def identify_container(file, size):
    """PDF, ZIP or OLE for a file that is exactly one of them; otherwise raise Refusal."""
    file.seek(0)
    head = file.read(HEAD_WINDOW)
    pdf_at = head.find(PDF_MAGIC)
    zip_head = head.startswith(ZIP_MAGIC)
    zip_anywhere = zip_head or contains_zip_directory(file, size)
    ole = head.startswith(OLE_MAGIC)
    executable = head.startswith(EXECUTABLE_MAGIC)
    html = pdf_at >= 0 and any(marker in head.lower() for marker in HTML_MARKERS)
    if sum((pdf_at >= 0, zip_anywhere, ole, executable or html)) > 1:
        raise Refusal("polyglot")
    if pdf_at == 0:
        return PDF
    if zip_head:
        return ZIP
    if ole:
        return OLE
    raise Refusal("unrecognised")
