"""Checks on uploaded reports, judged by content rather than by name."""

import hashlib
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings

from submissions.enums import FileType

PDF_HEADER_WINDOW = 1024
# The trailer (startxref, %%EOF) sits at the very end of a complete PDF.
PDF_TRAILER_WINDOW = 4096
DOCX_MAIN_PART = "word/document.xml"
DOCX_MAIN_CONTENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# A DOCX that unpacks to far more than its limit is a zip bomb, not a report.
DOCX_MAX_EXPANSION = 20
DOCX_MAX_ENTRIES = 5000


class UploadRejected(Exception):
    """The file is not acceptable. The message is shown next to the field."""


@dataclass(frozen=True)
class InspectedFile:
    file_type: str
    size: int
    sha256: str


def inspect_upload(uploaded, *, label):
    """Check that `uploaded` is a real, non-empty PDF or DOCX within the size limit.

    `label` names the document in messages ("the overview report").
    Returns what was learnt; raises UploadRejected with a GOV.UK message.
    """
    limit = settings.DHRQA_MAX_UPLOAD_BYTES
    if uploaded.size == 0:
        raise UploadRejected(f"The selected file for {label} is empty")
    if uploaded.size > limit:
        raise UploadRejected(f"The selected file for {label} must be smaller than {describe_size(limit)}")
    file_type = _sniff(uploaded, limit)
    if file_type is None:
        raise UploadRejected(f"The selected file for {label} must be a PDF or a Word document (DOCX)")
    return InspectedFile(file_type=file_type, size=uploaded.size, sha256=_sha256(uploaded))


def describe_size(size):
    """A size as GOV.UK writes it: "50MB", "1.5MB", "1000 bytes"."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + unit
    return f"{size} bytes"


def _sniff(uploaded, limit):
    uploaded.seek(0)
    head = uploaded.read(PDF_HEADER_WINDOW)
    if head.startswith(b"%PDF-") and _has_pdf_trailer(uploaded):
        return FileType.PDF
    if head.startswith(b"PK\x03\x04") and _is_docx(uploaded, limit):
        return FileType.DOCX
    return None


def _has_pdf_trailer(uploaded):
    uploaded.seek(max(0, uploaded.size - PDF_TRAILER_WINDOW))
    tail = uploaded.read()
    return b"startxref" in tail and b"%%EOF" in tail


def _is_docx(uploaded, limit):
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            entries = archive.infolist()
            if len(entries) > DOCX_MAX_ENTRIES:
                return False
            if sum(entry.file_size for entry in entries) > limit * DOCX_MAX_EXPANSION:
                return False
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" not in names or DOCX_MAIN_PART not in names:
                return False
            with archive.open("[Content_Types].xml") as types:
                # A macro-enabled document (.docm) declares a different main part type.
                return DOCX_MAIN_CONTENT_TYPE in types.read(1024 * 1024)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError):
        return False
    finally:
        uploaded.seek(0)


def _sha256(uploaded):
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()
