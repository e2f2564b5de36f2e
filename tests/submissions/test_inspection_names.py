"""`check_file_name`: names that mislead a reader or break the tools a file is saved with are refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from submissions.enums import DocumentKind, FileType
from submissions.inspection import UploadRejected, check_file_name, inspect_upload
from tests.submissions.sample_documents import hand_made_pdf

LABEL = "the overview report"


def refusal(name, file_type=None):
    with pytest.raises(UploadRejected) as rejected:
        check_file_name(name, label=LABEL, file_type=file_type)
    return rejected.value.reason, str(rejected.value)


@pytest.mark.parametrize("name", [
    "Overview report.pdf",
    "overview-report_v2 (final).PDF",
    "Adroddiad trosolwg – Caerdydd.pdf",
    "Rapport d’été.pdf",
    "Executive summary.DocX",
    ".pdf",
    "console.pdf",
    "com10.pdf",
    "nul-report.pdf",
])
def test_check_file_name_ordinary_name_accepted(name):
    assert check_file_name(name, label=LABEL) is None


@pytest.mark.parametrize("name", ["reports/overview.pdf", "reports\\overview.pdf", "/overview.pdf", ".", ".."])
def test_check_file_name_path_refused(name):
    assert refusal(name) == (
        "name_path", "The file name for the overview report must be a file name, not a folder or path"
    )


@pytest.mark.parametrize("name", ["over\x00view.pdf", "overview\n.pdf", "over\tview.pdf", "overview\x7f.pdf"])
def test_check_file_name_control_character_refused(name):
    assert refusal(name) == (
        "name_control", "The file name for the overview report must not contain control characters"
    )


@pytest.mark.parametrize("character", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
                                       "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"])
def test_check_file_name_bidirectional_control_refused(character):
    # "report\u202efdp.exe" shows as "reportexe.pdf".
    assert refusal(f"report{character}fdp.pdf") == (
        "name_bidi",
        "The file name for the overview report must not contain characters that change the direction of text",
    )


@pytest.mark.parametrize("character", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u2064"])
def test_check_file_name_invisible_character_refused(character):
    assert refusal(f"over{character}view.pdf") == (
        "name_invisible", "The file name for the overview report must not contain invisible characters"
    )


def test_check_file_name_lone_surrogate_refused():
    assert refusal("overview\udc80.pdf") == (
        "name_encoding",
        "The file name for the overview report must only contain characters that can be written as UTF-8",
    )


@pytest.mark.parametrize("name", ["nul.pdf", "Com1.docx", "CON.pdf", "prn.odt", "aux.xlsx", "LPT9.pdf", "con",
                                  "NUL.tar.pdf", "com\u00b9.pdf", "nul .pdf"])
def test_check_file_name_windows_device_name_refused(name):
    assert refusal(name) == (
        "name_reserved",
        "The file name for the overview report must not be a name that Windows reserves, such as CON, NUL or COM1",
    )


@pytest.mark.parametrize("name", ["overview.pdf.", "overview.pdf ", "overview.pdf. ."])
def test_check_file_name_trailing_dot_or_space_refused(name):
    assert refusal(name) == ("name_trailing", "The file name for the overview report must not end in a dot or a space")


def test_check_file_name_over_255_bytes_refused():
    # 126 two-byte characters and ".pdf" make 256 bytes from 130 characters.
    assert refusal("é" * 126 + ".pdf") == (
        "name_too_long", "The file name for the overview report must be 255 bytes or fewer"
    )


def test_check_file_name_exactly_255_bytes_accepted():
    assert check_file_name("a" * 251 + ".pdf", label=LABEL) is None


def test_check_file_name_empty_refused():
    assert refusal("") == ("name_missing", "The selected file for the overview report must have a file name")


@pytest.mark.parametrize("name", ["overview", "report_pdf", "pdf"])
def test_check_file_name_without_extension_refused(name):
    assert refusal(name) == (
        "name_no_extension", "The file name for the overview report must end in .pdf, .docx, .odt or .xlsx"
    )


def test_check_file_name_without_extension_for_known_type_names_it():
    assert refusal("overview", FileType.ODT) == (
        "name_no_extension", "The file name for the overview report must end in .odt"
    )


@pytest.mark.parametrize("name, file_type, message", [
    ("overview.docx", FileType.PDF, "The file name for the overview report must end in .pdf, as the file is a PDF"),
    ("overview.pdf", FileType.DOCX,
     "The file name for the overview report must end in .docx, as the file is a Word document (DOCX)"),
    ("overview.doc", FileType.DOCX,
     "The file name for the overview report must end in .docx, as the file is a Word document (DOCX)"),
    ("overview.pdf", FileType.ODT,
     "The file name for the overview report must end in .odt, as the file is an OpenDocument text (ODT)"),
    ("plan.xls", FileType.XLSX,
     "The file name for the overview report must end in .xlsx, as the file is an Excel spreadsheet (XLSX)"),
])
def test_check_file_name_extension_not_matching_type_refused(name, file_type, message):
    assert refusal(name, file_type) == ("name_extension_mismatch", message)


@pytest.mark.parametrize("name, file_type", [("Overview.PDF", FileType.PDF), ("plan.XlSx", FileType.XLSX)])
def test_check_file_name_extension_in_any_case_matches(name, file_type):
    assert check_file_name(name, label=LABEL, file_type=file_type) is None


def test_inspect_upload_checks_name_the_browser_sent_not_django_cleaned_one():
    # Django keeps only the basename of "../../overview.pdf"; the browser's name is what is judged.
    uploaded = SimpleUploadedFile("../../overview.pdf", hand_made_pdf())

    with pytest.raises(UploadRejected) as rejected:
        inspect_upload(uploaded, kind=DocumentKind.OVERVIEW_REPORT, name="../../overview.pdf")

    assert (rejected.value.reason, uploaded.name) == ("name_path", "overview.pdf")


def test_inspect_upload_checks_name_before_content():
    with pytest.raises(UploadRejected) as rejected:
        inspect_upload(SimpleUploadedFile("nul.pdf", b""), kind=DocumentKind.OVERVIEW_REPORT)

    assert rejected.value.reason == "name_reserved"
