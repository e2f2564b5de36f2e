"""ODT: genuine documents pass; broken packages, encryption, scripts, passwords and outside links are refused."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from odf.meta import DocumentStatistic
from odf.opendocument import OpenDocumentText
from odf.text import P

from submissions.enums import DocumentKind, FileType
from submissions.inspection import UploadRejected, inspect_upload
from tests.submissions.sample_documents import ODF_NAMESPACES, minimal_odt, odf_content, odf_manifest, odfpy_bytes

DAMAGED = "The selected file for the chronology is damaged or incomplete"
NO_MACROS = "The selected file for the chronology must not contain macros"
LINKS_OUTSIDE = "The selected file for the chronology must not link to other files or load content from outside itself"
EDIT_PASSWORD = "The selected file for the chronology must not be protected from editing with a password"


def inspect(content, name="chronology.odt"):
    return inspect_upload(SimpleUploadedFile(name, content), kind=DocumentKind.CHRONOLOGY)


def refusal(content):
    with pytest.raises(UploadRejected) as rejected:
        inspect(content)
    return rejected.value.reason, str(rejected.value)


def with_content(body="<text:p>Text</text:p>", **kwargs):
    return minimal_odt({"content.xml": odf_content(body, **kwargs)})


def image(href):
    return (f'<text:p><draw:frame><draw:image xlink:href="{href}" xlink:type="simple" xlink:show="embed"/>'
            "</draw:frame></text:p>")


def test_inspect_upload_odfpy_document_accepted():
    content = odfpy_bytes()

    inspected = inspect(content)

    assert (inspected.file_type, inspected.page_count, inspected.size) == (FileType.ODT, None, len(content))


def test_inspect_upload_odt_stating_three_pages_reports_three():
    document = OpenDocumentText()
    document.meta.addElement(DocumentStatistic(pagecount=3, paragraphcount=1))
    document.text.addElement(P(text="Overview"))
    out = io.BytesIO()
    document.write(out)

    assert inspect(out.getvalue()).page_count == 3


def test_inspect_upload_odt_with_picture_inside_package_accepted():
    content = minimal_odt({"content.xml": odf_content(image("Pictures/chart.png")), "Pictures/chart.png": b"\x89PNG"})

    assert inspect(content).file_type == FileType.ODT


def test_inspect_upload_odt_with_web_hyperlink_accepted():
    link = '<text:p><text:a xlink:type="simple" xlink:href="https://www.gov.uk/">GOV.UK</text:a></text:p>'

    assert inspect(with_content(link)).file_type == FileType.ODT


def test_inspect_upload_odt_with_empty_scripts_element_accepted():
    # LibreOffice writes an empty <office:scripts/> into every content.xml.
    assert inspect(with_content(before_body="<office:scripts/>")).file_type == FileType.ODT


def test_inspect_upload_odt_without_mimetype_first_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("content.xml", odf_content())
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("META-INF/manifest.xml", odf_manifest())

    assert refusal(out.getvalue()) == ("package_incomplete", DAMAGED)


def test_inspect_upload_odt_with_compressed_mimetype_refused():
    assert refusal(minimal_odt(mimetype_compression=zipfile.ZIP_DEFLATED)) == ("package_incomplete", DAMAGED)


def test_inspect_upload_opendocument_spreadsheet_refused_as_wrong_type():
    assert refusal(minimal_odt(mimetype="application/vnd.oasis.opendocument.spreadsheet")) == (
        "unrecognised",
        "The selected file for the chronology must be a PDF, Word document (DOCX), OpenDocument text (ODT) "
        "or Excel spreadsheet (XLSX)",
    )


def test_inspect_upload_odt_with_mimetype_padded_refused_as_wrong_type():
    assert refusal(minimal_odt(mimetype="application/vnd.oasis.opendocument.text\n"))[0] == "unrecognised"


@pytest.mark.parametrize("missing", ["META-INF/manifest.xml", "content.xml"])
def test_inspect_upload_odt_without_required_part_refused(missing):
    assert refusal(minimal_odt({missing: None})) == ("package_incomplete", DAMAGED)


def test_inspect_upload_odt_with_malformed_content_refused():
    broken = odf_content().replace("</office:body>", "")

    assert refusal(minimal_odt({"content.xml": broken})) == ("xml_invalid", DAMAGED)


def test_inspect_upload_encrypted_odt_refused():
    encrypted = odf_manifest(
        '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml">'
        '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="c2Vj">'
        '<manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="aXY="/>'
        "</manifest:encryption-data></manifest:file-entry>"
    )

    assert refusal(minimal_odt({"META-INF/manifest.xml": encrypted})) == (
        "encrypted", "The selected file for the chronology is password protected"
    )


@pytest.mark.parametrize("member", ["Basic/Standard/Module1.xml", "Scripts/python/run.py", "basic/script-lc.xml"])
def test_inspect_upload_odt_with_macro_folder_refused(member):
    assert refusal(minimal_odt({member: "<x/>"})) == ("macros", NO_MACROS)


def test_inspect_upload_odt_with_script_in_manifest_refused():
    manifest = odf_manifest('<manifest:file-entry manifest:full-path="Scripts/" '
                            'manifest:media-type="application/binary"/>')

    assert refusal(minimal_odt({"META-INF/manifest.xml": manifest})) == ("macros", NO_MACROS)


@pytest.mark.parametrize("before_body", [
    '<office:event-listeners><script:event-listener script:language="ooo:script" '
    'script:event-name="dom:load" xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic"/>'
    "</office:event-listeners>",
    '<office:event-listeners/>',
])
def test_inspect_upload_odt_with_event_listeners_refused(before_body):
    assert refusal(with_content(before_body=before_body)) == ("event_listeners", NO_MACROS)


def test_inspect_upload_odt_with_embedded_script_refused():
    script = '<office:scripts><office:script script:language="ooo:Basic"/></office:scripts>'

    assert refusal(with_content(before_body=script)) == ("macros", NO_MACROS)


def test_inspect_upload_odt_with_macro_hyperlink_refused():
    link = ('<text:p><text:a xlink:type="simple" '
            'xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=document">Open'
            "</text:a></text:p>")

    assert refusal(with_content(link)) == ("macros", NO_MACROS)


@pytest.mark.parametrize("href", ["http://tracker.example/pixel.png", "file:///etc/passwd", "../secrets.png",
                                  "/etc/passwd", "Pictures/../../outside.png", "\\\\server\\share\\x.png"])
def test_inspect_upload_odt_with_image_outside_package_refused(href):
    assert refusal(with_content(image(href))) == ("external_reference", LINKS_OUTSIDE)


def test_inspect_upload_odt_with_linked_section_refused():
    section = ('<text:section text:name="Chapter"><text:section-source xlink:href="file:///C:/chapter.odt" '
               'xlink:type="simple"/></text:section>')

    assert refusal(with_content(section)) == ("external_reference", LINKS_OUTSIDE)


def test_inspect_upload_odt_with_linked_object_refused():
    linked = ('<text:p><draw:frame><draw:object xlink:href="https://attacker.example/object.odg" '
              'xlink:type="simple"/></draw:frame></text:p>')

    assert refusal(with_content(linked)) == ("external_reference", LINKS_OUTSIDE)


def test_inspect_upload_odt_with_protected_section_refused():
    section = ('<text:section text:name="Locked" text:protected="true" '
               'text:protection-key="vCzNQUDGuo2dTRvTLuV8kFq6pZI="><text:p>Locked</text:p></text:section>')

    assert refusal(with_content(section)) == ("edit_protected", EDIT_PASSWORD)


def test_inspect_upload_odt_with_track_changes_password_refused():
    settings = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-settings {ODF_NAMESPACES}>'
                '<office:settings><config:config-item-set config:name="ooo:configuration-settings">'
                '<config:config-item config:name="RedlineProtectionKey" config:type="base64Binary">'
                "vCzNQUDGuo2dTRvTLuV8kFq6pZI=</config:config-item></config:config-item-set></office:settings>"
                "</office:document-settings>")

    assert refusal(minimal_odt({"settings.xml": settings})) == ("edit_protected", EDIT_PASSWORD)


def test_inspect_upload_odt_with_empty_protection_setting_accepted():
    settings = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-settings {ODF_NAMESPACES}>'
                '<office:settings><config:config-item-set config:name="ooo:configuration-settings">'
                '<config:config-item config:name="RedlineProtectionKey" config:type="base64Binary"/>'
                "</config:config-item-set></office:settings></office:document-settings>")

    assert inspect(minimal_odt({"settings.xml": settings})).file_type == FileType.ODT


def test_inspect_upload_odt_with_ole_object_refused():
    manifest = odf_manifest('<manifest:file-entry manifest:full-path="Object 1" '
                            'manifest:media-type="application/vnd.sun.star.oleobject"/>')

    assert refusal(minimal_odt({"META-INF/manifest.xml": manifest})) == (
        "embedded_object", "The selected file for the chronology must not contain embedded objects"
    )
