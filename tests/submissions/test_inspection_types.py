"""Size, type, extension and polyglot checks, and the two ways in: an upload and a path."""

import hashlib
import io

import msoffcrypto.format.ooxml
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from submissions.enums import DocumentKind, FileType
from submissions.inspection import InspectedFile, UploadRejected, describe_size, inspect_path, inspect_upload
from tests.submissions.sample_documents import (
    compound_file,
    hand_made_pdf,
    minimal_docx,
    minimal_odt,
    odfpy_bytes,
    python_docx_bytes,
    weasyprint_pdf,
    zip_of,
)

KIND = DocumentKind.OVERVIEW_REPORT
NOT_A_REPORT = (
    "The selected file for the overview report must be a PDF, Word document (DOCX) or OpenDocument text (ODT)"
)
POLYGLOT = "The selected file for the overview report is more than one type of file"
PASSWORD_PROTECTED = "The selected file for the overview report is password protected"
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def refusal(content, name="report.pdf", **options):
    with pytest.raises(UploadRejected) as rejected:
        inspect_upload(SimpleUploadedFile(name, content), kind=KIND, **options)
    return rejected.value.reason, str(rejected.value)


def temporary_upload(content, name="report.docx", media_type=DOCX_MEDIA_TYPE):
    uploaded = TemporaryUploadedFile(name, media_type, len(content), None)
    uploaded.write(content)
    uploaded.seek(0)
    return uploaded


def encrypted_docx(password="open-sesame"):
    encrypted = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(io.BytesIO(python_docx_bytes())).encrypt(password, encrypted)
    return encrypted.getvalue()


# Size --------------------------------------------------------------------------------------------

def test_inspect_upload_empty_file_refused():
    assert refusal(b"") == ("empty", "The selected file for the overview report is empty")


def test_inspect_upload_over_limit_refused(settings):
    settings.DHRQA_MAX_UPLOAD_BYTES = 1000

    assert refusal(hand_made_pdf(padding=1000)) == (
        "too_large", "The selected file for the overview report must be smaller than 1000 bytes"
    )


def test_inspect_upload_over_default_test_limit_names_limit():
    assert refusal(hand_made_pdf(padding=2 * 1024 * 1024)) == (
        "too_large", "The selected file for the overview report must be smaller than 2MB"
    )


def test_inspect_upload_max_bytes_argument_overrides_setting():
    assert refusal(hand_made_pdf(padding=2000), max_bytes=1536)[1] == (
        "The selected file for the overview report must be smaller than 1.5KB"
    )


def test_inspect_upload_exactly_at_limit_accepted():
    content = hand_made_pdf()

    inspected = inspect_upload(SimpleUploadedFile("report.pdf", content), kind=KIND, max_bytes=len(content))

    assert inspected.size == len(content)


def test_inspect_upload_one_byte_over_limit_refused():
    content = hand_made_pdf()

    assert refusal(content, max_bytes=len(content) - 1)[0] == "too_large"


@pytest.mark.parametrize("size, text", [
    (50 * 1024 * 1024, "50MB"), (1536 * 1024, "1.5MB"), (2048, "2KB"), (1000, "1000 bytes"), (3 * 1024**3, "3GB"),
])
def test_describe_size_reads_as_govuk_writes_sizes(size, text):
    assert describe_size(size) == text


# Type and extension ------------------------------------------------------------------------------

def test_inspect_upload_text_file_named_pdf_refused():
    assert refusal(b"Overview report\n\nThis is plain text, not a PDF.\n") == ("unrecognised", NOT_A_REPORT)


def test_inspect_upload_png_named_docx_refused():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64

    assert refusal(png, name="report.docx") == ("unrecognised", NOT_A_REPORT)


def test_inspect_upload_pdf_named_docx_refused():
    assert refusal(hand_made_pdf(), name="report.docx") == (
        "name_extension_mismatch", "The file name for the overview report must end in .pdf, as the file is a PDF"
    )


def test_inspect_upload_docx_named_odt_refused():
    assert refusal(python_docx_bytes(), name="report.odt") == (
        "name_extension_mismatch",
        "The file name for the overview report must end in .docx, as the file is a Word document (DOCX)",
    )


def test_inspect_upload_file_without_extension_refused():
    assert refusal(hand_made_pdf(), name="report") == (
        "name_no_extension", "The file name for the overview report must end in .pdf, .docx, .odt or .xlsx"
    )


def test_inspect_upload_label_names_document_in_messages():
    with pytest.raises(UploadRejected) as rejected:
        inspect_upload(SimpleUploadedFile("r.pdf", b""), kind=KIND, label="the overview report (version 2)")

    assert str(rejected.value) == "The selected file for the overview report (version 2) is empty"


def test_inspect_upload_old_word_document_refused_as_wrong_type():
    old_doc = compound_file({"WordDocument": b"\xec\xa5" + b"\x00" * 4094, "1Table": b"\x00" * 4096})

    assert refusal(old_doc, name="report.doc") == ("old_office_format", NOT_A_REPORT)


def test_inspect_upload_old_word_document_with_password_refused():
    # The File Information Block's fEncrypted flag (0x0100 at offset 10).
    header = b"\xec\xa5" + b"\x00" * 8 + b"\x00\x01"
    old_doc = compound_file({"WordDocument": header + b"\x00" * 4084, "1Table": b"\x00" * 4096})

    assert refusal(old_doc, name="report.doc") == ("encrypted", PASSWORD_PROTECTED)


def test_inspect_upload_docx_encrypted_with_password_refused():
    assert refusal(encrypted_docx(), name="report.docx") == ("encrypted", PASSWORD_PROTECTED)


def test_inspect_upload_compound_file_holding_encrypted_package_refused():
    package = compound_file({"EncryptionInfo": b"\x04\x00\x04\x00" + b"\x00" * 4092,
                             "EncryptedPackage": b"\x00" * 8192})

    assert refusal(package, name="report.docx") == ("encrypted", PASSWORD_PROTECTED)


def test_inspect_upload_broken_compound_file_refused_as_wrong_type():
    assert refusal(compound_file({"WordDocument": b"\x00" * 4096})[:700], name="report.doc")[0] == "unrecognised"


# Polyglots ---------------------------------------------------------------------------------------

def test_inspect_upload_pdf_with_zip_appended_refused():
    assert refusal(weasyprint_pdf() + python_docx_bytes()) == ("polyglot", POLYGLOT)


def test_inspect_upload_zip_with_pdf_header_in_first_bytes_refused():
    content = zip_of({"%PDF-1.7.txt": b"%PDF-1.7\n", **{"[Content_Types].xml": "<x/>"}})

    assert refusal(content, name="report.docx") == ("polyglot", POLYGLOT)


def test_inspect_upload_compound_file_with_zip_inside_refused():
    assert refusal(compound_file({"WordDocument": b"\x00" * 4096}) + minimal_docx(), name="report.doc") == (
        "polyglot", POLYGLOT
    )


@pytest.mark.parametrize("prefix", [b"<html><body>", b"<!DOCTYPE html>", b"<script>alert(1)</script>"])
def test_inspect_upload_html_before_pdf_header_refused(prefix):
    assert refusal(prefix + hand_made_pdf()) == ("polyglot", POLYGLOT)


def test_inspect_upload_pdf_with_script_in_first_comment_refused():
    header, rest = hand_made_pdf().split(b"\n", 1)

    assert refusal(header + b"\n%<script>alert(1)</script>\n" + rest) == ("polyglot", POLYGLOT)


def test_inspect_upload_executable_with_pdf_header_refused():
    assert refusal(b"MZ\x90\x00" + b"\x00" * 60 + hand_made_pdf()) == ("polyglot", POLYGLOT)


def test_inspect_upload_package_that_is_both_docx_and_odt_refused():
    content = minimal_odt({"[Content_Types].xml": "<Types/>", "_rels/.rels": "<Relationships/>"})

    assert refusal(content, name="report.odt") == ("polyglot", POLYGLOT)


def test_inspect_upload_text_before_pdf_header_refused_as_wrong_type():
    assert refusal(b"Some preamble\n" + hand_made_pdf()) == ("unrecognised", NOT_A_REPORT)


# The two ways in ---------------------------------------------------------------------------------

def test_inspect_upload_streamed_to_disk_accepted():
    content = python_docx_bytes()
    uploaded = temporary_upload(content)

    try:
        inspected = inspect_upload(uploaded, kind=KIND)
    finally:
        uploaded.close()

    assert inspected == InspectedFile(file_type=FileType.DOCX, size=len(content),
                                      sha256=hashlib.sha256(content).hexdigest(), page_count=1)


def test_inspect_upload_pdf_streamed_to_disk_opened_by_path():
    content = weasyprint_pdf()
    uploaded = temporary_upload(content, "report.pdf", "application/pdf")

    try:
        inspected = inspect_upload(uploaded, kind=KIND)
    finally:
        uploaded.close()

    assert (inspected.file_type, inspected.page_count) == (FileType.PDF, 3)


def test_inspect_upload_sha256_equals_hashlib_across_chunks():
    # Larger than one chunk, so the digest must cover every chunk.
    content = hand_made_pdf(padding=1_500_000)

    inspected = inspect_upload(SimpleUploadedFile("report.pdf", content), kind=KIND)

    assert (inspected.sha256, inspected.size) == (hashlib.sha256(content).hexdigest(), len(content))


@pytest.mark.parametrize("content, name", [(python_docx_bytes(), "report.docx"), (b"", "report.pdf"),
                                           (hand_made_pdf(), "report.docx")])
def test_inspect_upload_leaves_file_at_start(content, name):
    uploaded = SimpleUploadedFile(name, content)

    try:
        inspect_upload(uploaded, kind=KIND)
    except UploadRejected:
        pass

    assert uploaded.tell() == 0


@pytest.mark.parametrize("content, name", [
    (weasyprint_pdf(), "report.pdf"), (python_docx_bytes(), "report.docx"), (odfpy_bytes(), "report.odt"),
])
def test_inspect_path_same_result_as_inspect_upload(tmp_path, content, name):
    path = tmp_path / name
    path.write_bytes(content)

    assert inspect_path(path, kind=KIND) == inspect_upload(SimpleUploadedFile(name, content), kind=KIND)


def test_inspect_path_same_refusal_as_inspect_upload(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(encrypted_docx())

    with pytest.raises(UploadRejected) as from_path:
        inspect_path(path, kind=KIND)

    assert (from_path.value.reason, str(from_path.value)) == refusal(encrypted_docx(), name="report.pdf")


def test_inspect_path_without_kind_accepts_workbook_and_names_the_document(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(b"plain text")

    with pytest.raises(UploadRejected) as rejected:
        inspect_path(path)

    assert str(rejected.value) == (
        "The selected file for the document must be a PDF, Word document (DOCX), OpenDocument text (ODT) "
        "or Excel spreadsheet (XLSX)"
    )


def test_inspect_path_checks_basename_of_path(tmp_path):
    path = tmp_path / "con.pdf"
    path.write_bytes(hand_made_pdf())

    with pytest.raises(UploadRejected) as rejected:
        inspect_path(path)

    assert rejected.value.reason == "name_reserved"


def test_inspect_path_missing_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        inspect_path(tmp_path / "missing.pdf")
