"""Large uploads as Django hands them to a view: temporary files on disk.

Anything over FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) streams to a
TemporaryUploadedFile, so that is what `inspect_upload` meets for a real
report. The padding is random, so nothing is sparse or compresses.
"""

import hashlib
import io
import os
import zipfile

from django.core.files.uploadedfile import TemporaryUploadedFile

from submissions.uploads import DOCX_MAIN_CONTENT_TYPE, DOCX_MAIN_PART

_WRITE_CHUNK = 4 * 1024 * 1024


def _temporary_upload(name, content_type, payload_parts):
    uploaded = TemporaryUploadedFile(name, content_type, 0, None)
    size = 0
    for part in payload_parts:
        uploaded.write(part)
        size += len(part)
    uploaded.flush()
    uploaded.size = size
    uploaded.seek(0)
    return uploaded


def _random_chunks(total):
    left = total
    while left > 0:
        chunk = os.urandom(min(_WRITE_CHUNK, left))
        left -= len(chunk)
        yield chunk


def pdf_upload(size):
    """A PDF-shaped file of exactly `size` bytes: a header, padding, a trailer."""
    head = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    tail = b"\ntrailer\n<< /Size 1 >>\nstartxref\n0\n%%EOF\n"
    return _temporary_upload("overview-report.pdf", "application/pdf",
                             [head, *_random_chunks(size - len(head) - len(tail)), tail])


def docx_upload(size):
    """A well-formed DOCX of about `size` bytes, most of it one stored (uncompressed) image."""
    content_types = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/' + DOCX_MAIN_PART.encode() + b'" ContentType="' + DOCX_MAIN_CONTENT_TYPE + b'"/>'
        b"</Types>"
    )
    document = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>Overview report</w:t></w:r></w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr(DOCX_MAIN_PART, document)
        with archive.open(zipfile.ZipInfo("word/media/image1.png"), "w") as image:
            for chunk in _random_chunks(size):
                image.write(chunk)
    return _temporary_upload(
        "overview-report.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [buffer.getvalue()],
    )


def sha256_of_file(uploaded):
    """The baseline: read the same file from disk and hash it, nothing else."""
    with open(uploaded.temporary_file_path(), "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()
