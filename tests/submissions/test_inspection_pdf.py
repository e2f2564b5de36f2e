"""PDFs: genuine ones pass with their page counts; damaged, encrypted and active ones are refused."""

import hashlib

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from submissions.enums import DocumentKind, FileType
from submissions.inspection import InspectedFile, UploadRejected, inspect_upload
from tests.submissions.sample_documents import (
    annotate,
    assemble_pdf,
    hand_made_pdf,
    javascript_action,
    pikepdf_pdf,
    weasyprint_pdf,
)

KIND = DocumentKind.OVERVIEW_REPORT
DAMAGED = "The selected file for the overview report is damaged or incomplete"
PASSWORD_PROTECTED = "The selected file for the overview report is password protected"
NO_JAVASCRIPT = "The selected file for the overview report must not contain JavaScript"
NO_ATTACHMENTS = "The selected file for the overview report must not contain attached files"
NO_OUTSIDE_ACTIONS = (
    "The selected file for the overview report must not contain actions that open other files or send data"
)


def inspect(content, name="report.pdf"):
    return inspect_upload(SimpleUploadedFile(name, content), kind=KIND)


def refusal(content):
    with pytest.raises(UploadRejected) as rejected:
        inspect(content)
    return rejected.value.reason, str(rejected.value)


def set_root(key, value):
    def change(pdf):
        pdf.Root[key] = value(pdf) if callable(value) else value

    return change


def test_inspect_upload_weasyprint_pdf_accepted_with_page_count():
    content = weasyprint_pdf(pages=3)

    inspected = inspect(content)

    assert inspected == InspectedFile(file_type=FileType.PDF, size=len(content),
                                      sha256=hashlib.sha256(content).hexdigest(), page_count=3)


def test_inspect_upload_hand_written_pdf_accepted():
    assert inspect(hand_made_pdf()).page_count == 1


def test_inspect_upload_pdf_with_object_streams_accepted():
    # Word and Acrobat write compressed object and cross-reference streams (PDF 1.5).
    content = pikepdf_pdf(pages=4, object_stream_mode=pikepdf.ObjectStreamMode.generate)

    assert inspect(content).page_count == 4


def test_inspect_upload_pdf_with_web_link_accepted():
    link = annotate({"Subtype": pikepdf.Name.Link,
                     "A": pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://www.gov.uk/"))})

    assert inspect(pikepdf_pdf(link)).file_type == FileType.PDF


def test_inspect_upload_pdf_opening_at_a_page_accepted():
    # An /OpenAction that is a destination, not a script, is what Word writes.
    opening = set_root("/OpenAction", lambda pdf: pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit]))

    assert inspect(pikepdf_pdf(opening)).page_count == 1


def test_inspect_upload_pdf_cut_before_end_marker_refused():
    content = hand_made_pdf()

    assert refusal(content[: content.rindex(b"%%EOF")]) == ("pdf_truncated", DAMAGED)


def test_inspect_upload_pdf_cut_in_half_refused():
    content = weasyprint_pdf()

    assert refusal(content[: len(content) // 2]) == ("pdf_truncated", DAMAGED)


def test_inspect_upload_pdf_without_xref_refused():
    content = hand_made_pdf()
    without_xref = content[: content.index(b"xref")] + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"

    assert refusal(without_xref) == ("pdf_damaged", DAMAGED)


def test_inspect_upload_pdf_with_wrong_startxref_refused():
    # qpdf would reconstruct the table by scanning; a reader could then see other objects than we did.
    content = hand_made_pdf()
    head, _, offset_and_end = content.rpartition(b"startxref\n")
    offset = int(offset_and_end.split(b"\n")[0])

    assert refusal(head + b"startxref\n%d\n%%%%EOF\n" % (offset + 3)) == ("pdf_damaged", DAMAGED)


def test_inspect_upload_pdf_with_wrong_object_offset_refused():
    content = hand_made_pdf()

    assert refusal(content.replace(b"0000000009 00000 n", b"0000000011 00000 n")) == ("pdf_damaged", DAMAGED)


def test_inspect_upload_pdf_with_wrong_stream_length_refused():
    stream = b"BT /F1 12 Tf 72 720 Td (x) Tj ET"
    content = assemble_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % (len(stream) + 7) + stream + b"\nendstream",
    ])

    assert refusal(content) == ("pdf_repaired", DAMAGED)


def test_inspect_upload_pdf_without_pages_refused():
    assert refusal(pikepdf_pdf(pages=0)) == ("pdf_no_pages", "The selected file for the overview report has no pages")


def test_inspect_upload_pdf_with_user_password_refused():
    content = pikepdf_pdf(encryption=pikepdf.Encryption(user="open-sesame", owner="owner-secret"))

    assert refusal(content) == ("encrypted", PASSWORD_PROTECTED)


def test_inspect_upload_pdf_with_owner_password_only_refused():
    # Opens without a password, but printing and copying are restricted.
    permissions = pikepdf.Permissions(extract=False, print_highres=False)
    content = pikepdf_pdf(encryption=pikepdf.Encryption(user="", owner="owner-secret", allow=permissions))

    assert refusal(content) == ("encrypted", PASSWORD_PROTECTED)


@pytest.mark.parametrize("change", [
    set_root("/OpenAction", javascript_action()),
    set_root("/OpenAction", lambda pdf: pdf.make_indirect(javascript_action())),
    set_root("/AA", pikepdf.Dictionary(WC=javascript_action())),
    set_root("/Names", pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(
        Names=pikepdf.Array([pikepdf.String("start"), javascript_action()])))),
    lambda pdf: setattr(pdf.pages[0].obj, "AA", pikepdf.Dictionary(O=javascript_action())),
    annotate({"Subtype": pikepdf.Name.Link, "A": javascript_action()}),
    annotate({"Subtype": pikepdf.Name.Square, "AA": pikepdf.Dictionary(E=javascript_action())}),
    # A script hidden at the end of a chain of harmless actions.
    set_root("/OpenAction", pikepdf.Dictionary(S=pikepdf.Name.Named, N=pikepdf.Name.NextPage,
                                               Next=pikepdf.Array([javascript_action()]))),
], ids=["open-action", "indirect-open-action", "document-aa", "name-tree", "page-aa", "link", "annotation-aa",
        "next-chain"])
def test_inspect_upload_pdf_with_javascript_refused(change):
    assert refusal(pikepdf_pdf(change)) == ("javascript", NO_JAVASCRIPT)


def test_inspect_upload_pdf_with_javascript_in_object_stream_refused():
    change = set_root("/OpenAction", lambda pdf: pdf.make_indirect(javascript_action()))
    content = pikepdf_pdf(change, object_stream_mode=pikepdf.ObjectStreamMode.generate)

    assert refusal(content) == ("javascript", NO_JAVASCRIPT)


def test_inspect_upload_pdf_with_launch_action_refused():
    launch = set_root("/OpenAction", pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe")))

    assert refusal(pikepdf_pdf(launch)) == (
        "launch", "The selected file for the overview report must not contain actions that open other programs"
    )


def test_inspect_upload_pdf_with_attached_file_refused():
    def attach(pdf):
        pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(pdf, b"Notes that are not in the report")

    assert refusal(pikepdf_pdf(attach)) == ("embedded_file", NO_ATTACHMENTS)


def test_inspect_upload_pdf_with_file_attachment_annotation_refused():
    attachment = annotate({"Subtype": pikepdf.Name.FileAttachment, "FS": pikepdf.String("notes.txt")})

    assert refusal(pikepdf_pdf(attachment)) == ("embedded_file", NO_ATTACHMENTS)


def test_inspect_upload_pdf_with_rich_media_refused():
    media = annotate({"Subtype": pikepdf.Name.RichMedia})

    assert refusal(pikepdf_pdf(media)) == (
        "rich_media", "The selected file for the overview report must not contain embedded media such as Flash"
    )


def test_inspect_upload_pdf_with_xfa_form_refused():
    def xfa(pdf):
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(),
                                               XFA=pdf.make_stream(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'/>"))

    assert refusal(pikepdf_pdf(xfa)) == ("xfa", "The selected file for the overview report must not be an XFA form")


@pytest.mark.parametrize("action", ["GoToR", "GoToE", "ImportData", "SubmitForm"])
def test_inspect_upload_pdf_with_action_reaching_outside_refused(action):
    outside = annotate({"Subtype": pikepdf.Name.Link, "A": pikepdf.Dictionary(
        S=pikepdf.Name("/" + action), F=pikepdf.String("//server/share/other.pdf"))})

    assert refusal(pikepdf_pdf(outside)) == ("external_action", NO_OUTSIDE_ACTIONS)
