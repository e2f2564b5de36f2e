"""Large uploads as Django hands them to a view: temporary files on disk.

Anything over FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) streams to a
TemporaryUploadedFile, so that is what `inspect_upload` meets for a real
report. The files are real ones in the shape reports take (a scanned PDF:
pages of large image streams; a DOCX holding a large photo), written by the
same builders the inspection tests use.
"""

import hashlib
import shutil
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import TemporaryUploadedFile

from tests.submissions.sample_documents import write_large_docx, write_large_pdf

PDF_PAGES = 20


def _temporary_upload(name, content_type, write):
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / name
        write(source)
        uploaded = TemporaryUploadedFile(name, content_type, 0, None)
        with open(source, "rb") as file:
            shutil.copyfileobj(file, uploaded.file, 1024 * 1024)
    uploaded.size = uploaded.file.tell()
    uploaded.seek(0)
    return uploaded


def pdf_upload(size):
    """A valid PDF of about `size` bytes: PDF_PAGES pages, each an uncompressed image."""
    return _temporary_upload("overview-report.pdf", "application/pdf",
                             lambda path: write_large_pdf(path, pages=PDF_PAGES, image_bytes=size // PDF_PAGES))


def docx_upload(size):
    """A valid DOCX of about `size` bytes, most of it one stored photo."""
    return _temporary_upload(
        "overview-report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        lambda path: write_large_docx(path, media_bytes=size),
    )


def sha256_of_file(uploaded):
    """The baseline: read the same file from disk and hash it, nothing else."""
    with open(uploaded.temporary_file_path(), "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()
