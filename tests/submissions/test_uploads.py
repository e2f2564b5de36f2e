"""`inspect_upload`: reports are judged by what they contain, not by their names."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from submissions.enums import FileType
from submissions.uploads import InspectedFile, UploadRejected, describe_size, inspect_upload
from tests.factories import docx_bytes, pdf_bytes

LABEL = "the overview report"
NOT_A_REPORT = "The selected file for the overview report must be a PDF or a Word document (DOCX)"
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MACRO_ENABLED_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def with_extra_entry(docx, name, content):
    """The DOCX with one more (deflated) entry added."""
    buffer = io.BytesIO(docx)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def padded_pdf(padding):
    """A valid PDF made larger by a comment line straight after the header."""
    header, rest = pdf_bytes().split(b"\n", 1)
    return header + b"\n%" + b"x" * padding + b"\n" + rest


def rejection(content, name="report.pdf"):
    with pytest.raises(UploadRejected) as rejected:
        inspect_upload(SimpleUploadedFile(name, content), label=LABEL)
    return str(rejected.value)


def test_inspect_upload_valid_pdf_accepted():
    content = pdf_bytes()

    inspected = inspect_upload(SimpleUploadedFile("report.pdf", content), label=LABEL)

    assert inspected == InspectedFile(
        file_type=FileType.PDF, size=len(content), sha256=hashlib.sha256(content).hexdigest()
    )


def test_inspect_upload_valid_docx_accepted():
    content = docx_bytes()

    inspected = inspect_upload(SimpleUploadedFile("report.docx", content), label=LABEL)

    assert inspected == InspectedFile(
        file_type=FileType.DOCX, size=len(content), sha256=hashlib.sha256(content).hexdigest()
    )


def test_inspect_upload_pdf_named_docx_judged_by_content():
    content = pdf_bytes()

    inspected = inspect_upload(SimpleUploadedFile("report.docx", content), label=LABEL)

    assert inspected.file_type == FileType.PDF


def test_inspect_upload_docx_streamed_to_disk_accepted():
    content = docx_bytes()
    uploaded = TemporaryUploadedFile("report.docx", DOCX_MEDIA_TYPE, len(content), None)
    uploaded.write(content)
    uploaded.seek(0)

    try:
        inspected = inspect_upload(uploaded, label=LABEL)
    finally:
        uploaded.close()

    assert inspected == InspectedFile(
        file_type=FileType.DOCX, size=len(content), sha256=hashlib.sha256(content).hexdigest()
    )


def test_inspect_upload_sha256_equals_hashlib_across_chunks():
    # Larger than one 64 KiB chunk, so the digest must cover every chunk.
    content = padded_pdf(300_000)
    uploaded = SimpleUploadedFile("report.pdf", content)

    inspected = inspect_upload(uploaded, label=LABEL)

    assert inspected.sha256 == hashlib.sha256(content).hexdigest()
    assert inspected.size == len(content) == 300_000 + len(pdf_bytes()) + 2


def test_inspect_upload_leaves_file_at_start():
    uploaded = SimpleUploadedFile("report.docx", docx_bytes())

    inspect_upload(uploaded, label=LABEL)

    assert uploaded.tell() == 0


def test_inspect_upload_empty_file_rejected():
    assert rejection(b"") == "The selected file for the overview report is empty"


def test_inspect_upload_over_limit_rejected(settings):
    settings.DHRQA_MAX_UPLOAD_BYTES = 1000

    message = rejection(padded_pdf(1000))

    assert message == "The selected file for the overview report must be smaller than 1000 bytes"


def test_inspect_upload_over_default_test_limit_names_limit():
    message = rejection(padded_pdf(2 * 1024 * 1024))

    assert message == "The selected file for the overview report must be smaller than 2MB"


def test_inspect_upload_exactly_at_limit_accepted(settings):
    content = pdf_bytes()
    settings.DHRQA_MAX_UPLOAD_BYTES = len(content)

    inspected = inspect_upload(SimpleUploadedFile("report.pdf", content), label=LABEL)

    assert inspected.size == len(content)


def test_inspect_upload_one_byte_over_limit_rejected(settings):
    content = pdf_bytes()
    settings.DHRQA_MAX_UPLOAD_BYTES = len(content) - 1

    message = rejection(content)

    assert message == (
        f"The selected file for the overview report must be smaller than {len(content) - 1} bytes"
    )


def test_inspect_upload_text_file_named_pdf_rejected():
    assert rejection(b"Overview report\n\nThis is plain text, not a PDF.\n") == NOT_A_REPORT


def test_inspect_upload_png_named_docx_rejected():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64

    assert rejection(png, name="report.docx") == NOT_A_REPORT


def test_inspect_upload_zip_without_word_document_rejected():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("readme.txt", "Not a Word document")

    assert rejection(buffer.getvalue(), name="report.docx") == NOT_A_REPORT


def test_inspect_upload_macro_enabled_docx_rejected():
    content = docx_bytes(main_type=MACRO_ENABLED_MAIN)

    assert rejection(content, name="report.docx") == NOT_A_REPORT


def test_inspect_upload_truncated_pdf_rejected():
    content = pdf_bytes()
    truncated = content[: content.rindex(b"%%EOF")]

    assert rejection(truncated) == NOT_A_REPORT


def test_inspect_upload_corrupt_zip_named_docx_rejected():
    content = docx_bytes()

    assert rejection(content[: len(content) // 2], name="report.docx") == NOT_A_REPORT


def test_inspect_upload_docx_expanding_past_twenty_times_limit_rejected(settings):
    settings.DHRQA_MAX_UPLOAD_BYTES = 10_000
    # 250,000 zero bytes deflate to a few hundred: small on the wire, 25x the limit unpacked.
    bomb = with_extra_entry(docx_bytes(), "word/media/padding.bin", b"\x00" * 250_000)
    assert len(bomb) < 10_000

    assert rejection(bomb, name="report.docx") == NOT_A_REPORT


def test_inspect_upload_docx_expanding_within_twenty_times_limit_accepted(settings):
    settings.DHRQA_MAX_UPLOAD_BYTES = 10_000
    content = with_extra_entry(docx_bytes(), "word/media/padding.bin", b"\x00" * 190_000)

    inspected = inspect_upload(SimpleUploadedFile("report.docx", content), label=LABEL)

    assert inspected.file_type == FileType.DOCX


def test_inspect_upload_docx_with_too_many_entries_rejected():
    buffer = io.BytesIO(docx_bytes())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_STORED) as archive:
        for number in range(5000):
            archive.writestr(f"customXml/item{number}.xml", "")

    assert rejection(buffer.getvalue(), name="report.docx") == NOT_A_REPORT


def test_inspect_upload_html_with_pdf_marker_rejected():
    # A PDF starts with its header; a marker hidden in a comment does not make one.
    html = b"<!doctype html><!-- %PDF-1.4 --><script>alert(1)</script>\nstartxref\n0\n%%EOF\n"

    assert rejection(html) == f"The selected file for {LABEL} must be a PDF or a Word document (DOCX)"


def test_inspect_upload_docx_with_corrupt_deflate_stream_rejected():
    docx = bytearray(docx_bytes())
    start = docx.index(b"[Content_Types].xml") + len("[Content_Types].xml")
    docx[start:start + 40] = b"\xff" * 40  # the compressed bytes of the first entry

    assert rejection(bytes(docx), name="report.docx") == (
        f"The selected file for {LABEL} must be a PDF or a Word document (DOCX)"
    )


@pytest.mark.parametrize("size, text", [
    (50 * 1024 * 1024, "50MB"), (1536 * 1024, "1.5MB"), (2048, "2KB"), (1000, "1000 bytes"),
])
def test_describe_size_reads_as_govuk_writes_sizes(size, text):
    assert describe_size(size) == text
