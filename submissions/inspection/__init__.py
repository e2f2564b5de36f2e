"""Judge an uploaded document by what it contains, not by its name or what the browser says.

`inspect_upload` (a Django upload) and `inspect_path` (a file on disk) run the
same checks in the same order:

1. the file name (`names.py`), before any content is read;
2. empty, or larger than the limit;
3. which container the bytes are, refusing polyglots (`signatures.py`);
4. the format inside: PDF (`pdf.py`), DOCX or XLSX (`ooxml.py`), ODT (`odf.py`),
   zips opened through `archives.py`, OLE compound files (`ole.py`);
5. that type allowed for the kind of document, and named with its extension;
6. the format's own rules: damage, passwords, active content, outside references;
7. the SHA-256 of the bytes, read in chunks.

Every refusal is an `UploadRejected` whose text is a GOV.UK message and whose
`reason` is a short code; `refusals.py` lists them all.
"""

import hashlib
import os
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings

from submissions.enums import ALL_FILE_TYPES, DOCUMENT_KIND_PHRASES, FILE_TYPES_BY_KIND, DocumentKind, FileType
from submissions.inspection import ole, signatures
from submissions.inspection.archives import open_archive
from submissions.inspection.names import check_extension, check_file_name
from submissions.inspection.odf import inspect_opendocument, is_opendocument, read_opendocument
from submissions.inspection.ooxml import inspect_office_package, is_office_package, read_office_package
from submissions.inspection.pdf import inspect_pdf
from submissions.inspection.refusals import Refusal, UploadRejected, describe_file_types

__all__ = [
    "InspectedFile", "UploadRejected", "check_file_name", "describe_size", "inspect_path", "inspect_upload", "sha256_of",
]

HASH_CHUNK = 1024 * 1024
# How inspect_path names a file whose kind is not given.
ANY_DOCUMENT = DOCUMENT_KIND_PHRASES[DocumentKind.OTHER]


@dataclass(frozen=True)
class InspectedFile:
    file_type: str
    size: int
    sha256: str
    # PDF always; DOCX and ODT when the file states it; otherwise None.
    page_count: int | None = None


def inspect_upload(uploaded, *, kind, label=None, name=None, max_bytes=None):
    """Check a Django UploadedFile for a document of `kind` (a DocumentKind); return an InspectedFile.

    `label` names the document in messages (default: the kind's phrase, "the
    overview report"); `name` is the file name the browser sent, before Django
    cleaned it (default: `uploaded.name`); `max_bytes` defaults to
    DHRQA_MAX_UPLOAD_BYTES. A file streamed to disk is opened by its path.
    Raises UploadRejected; leaves the upload at its start.
    """
    kind = DocumentKind(kind)
    path = uploaded.temporary_file_path() if hasattr(uploaded, "temporary_file_path") else None
    file = uploaded.file
    try:
        return _inspect(
            file,
            path,
            allowed=FILE_TYPES_BY_KIND[kind],
            label=label or DOCUMENT_KIND_PHRASES[kind],
            name=uploaded.name if name is None else name,
            max_bytes=max_bytes,
        )
    finally:
        file.seek(0)


def inspect_path(path, *, kind=None, max_bytes=None):
    """The same checks as `inspect_upload` on a file on disk, named by its basename.

    Without `kind`, any of the four file types is accepted. Raises UploadRejected,
    or OSError when the file cannot be opened.
    """
    path = os.fspath(path)
    allowed = FILE_TYPES_BY_KIND[DocumentKind(kind)] if kind else ALL_FILE_TYPES
    label = DOCUMENT_KIND_PHRASES[DocumentKind(kind)] if kind else ANY_DOCUMENT
    with open(path, "rb") as file:
        return _inspect(file, path, allowed=allowed, label=label, name=os.path.basename(path),
                        max_bytes=max_bytes)


def describe_size(size):
    """A size as GOV.UK writes it: "50MB", "1.5MB", "1000 bytes"."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + unit
    return f"{size} bytes"


def _inspect(file, path, *, allowed, label, name, max_bytes):
    check_file_name(name, label=label)
    limit = settings.DHRQA_MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    try:
        with _refusals_as_rejections(label, allowed):
            size = _size(file)
            if size == 0:
                raise Refusal("empty")
            if size > limit:
                raise Refusal("too_large", limit=describe_size(limit))
            file_type, page_count = _inspect_content(file, path, size, allowed=allowed, name=name, limit=limit)
            return InspectedFile(file_type=file_type, size=size, sha256=sha256_of(file), page_count=page_count)
    finally:
        file.seek(0)


def _inspect_content(file, path, size, *, allowed, name, limit):
    container = signatures.identify_container(file, size)
    if container == signatures.OLE:
        ole.inspect_compound_file(file)  # always refuses
    if container == signatures.PDF:
        _check_type(FileType.PDF, allowed, name)
        return FileType.PDF, inspect_pdf(file, path=path)
    archive = open_archive(file, size, max_bytes=limit)
    office, opendocument = is_office_package(archive), is_opendocument(archive)
    if office and opendocument:
        raise Refusal("polyglot")
    if office:
        package = read_office_package(archive)
        _check_type(package.file_type, allowed, name)
        return package.file_type, inspect_office_package(archive, package)
    if opendocument:
        file_type = read_opendocument(archive)
        _check_type(file_type, allowed, name)
        return file_type, inspect_opendocument(archive)
    raise Refusal("unrecognised")


def _check_type(file_type, allowed, name):
    if file_type not in allowed:
        raise Refusal("type_not_allowed")
    check_extension(name, file_type)


@contextmanager
def _refusals_as_rejections(label, allowed):
    try:
        yield
    except Refusal as refusal:
        raise refusal.rejection(label, types=describe_file_types(allowed)) from refusal


def _size(file):
    file.seek(0, os.SEEK_END)
    return file.tell()


def sha256_of(file):
    """The SHA-256 of a binary file object's bytes, read through in chunks from the start."""
    digest = hashlib.sha256()
    file.seek(0)
    while chunk := file.read(HASH_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()
