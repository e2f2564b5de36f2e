"""Documents built inside the tests: genuine ones from the libraries that write them, and tampered copies.

Nothing binary is committed. Genuine files come from WeasyPrint, pikepdf,
python-docx, openpyxl and odfpy; tampered ones are those files rezipped with a
part changed, or PDFs given one hostile object with pikepdf.
"""

import functools
import io
import struct
import zipfile

import docx
import openpyxl
import pikepdf
import weasyprint
from odf.opendocument import OpenDocumentText
from odf.text import H, P

from tests.factories import assemble_pdf, pdf_bytes  # noqa: F401 - assemble_pdf is also for the inspection tests

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ODT_MEDIA_TYPE = "application/vnd.oasis.opendocument.text"


# PDF ---------------------------------------------------------------------------------------------

@functools.cache
def weasyprint_pdf(pages=3):
    """A PDF as the application's own letters are made, one paragraph a page, with a web link."""
    html = "".join(
        f'<p style="page-break-after: always">Page {number} of the overview report. '
        f'<a href="https://www.gov.uk/">GOV.UK</a></p>'
        for number in range(1, pages + 1)
    )
    return weasyprint.HTML(string=html).write_pdf()


# A small PDF written byte by byte, and the writer behind it, as the factories make them.
hand_made_pdf = pdf_bytes


def pikepdf_pdf(change=None, *, pages=1, **save_options):
    """A PDF of blank pages made with pikepdf, after `change(pdf)` has altered it."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    if change:
        change(pdf)
    out = io.BytesIO()
    pdf.save(out, **save_options)
    return out.getvalue()


def annotate(annotation):
    """A change for `pikepdf_pdf` that puts one annotation on the first page."""

    def change(pdf):
        fields = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Rect=pikepdf.Array([0, 0, 100, 100]), **annotation)
        pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([fields]))

    return change


def javascript_action(code="app.alert(1)"):
    return pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String(code))


# Office Open XML ---------------------------------------------------------------------------------

@functools.cache
def python_docx_bytes(paragraphs=("Overview report", "Terms of reference")):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Agency"
    table.cell(0, 1).text = "Contact"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@functools.cache
def openpyxl_bytes():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Action plan"
    sheet.append(["Recommendation", "Owner"])
    sheet.append(["Train staff on coercive control", "Police"])
    workbook.create_sheet("Notes")["A1"] = "Reviewed"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def content_types(*, main_type=WORD_MAIN, extra=""):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main_type}"/>{extra}</Types>'
    )


def relationships(*entries):
    """A .rels part; each entry is (Id, Type's last segment or a full URI, Target, TargetMode or None)."""
    body = ""
    for identifier, kind, target, mode in entries:
        kind = kind if "://" in kind else f"{RELATIONSHIPS}/{kind}"
        mode_attribute = f' TargetMode="{mode}"' if mode else ""
        body += f'<Relationship Id="{identifier}" Type="{kind}" Target="{target}"{mode_attribute}/>'
    declaration = '<?xml version="1.0" encoding="UTF-8"?>'
    return f'{declaration}<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">{body}</Relationships>'


def word_document(body="<w:p><w:r><w:t>A test report</w:t></w:r></w:p>"):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<w:document xmlns:w="{WORD}" xmlns:r="{RELATIONSHIPS}"><w:body>{body}</w:body></w:document>'
    )


def minimal_docx(parts=None, *, main_type=WORD_MAIN):
    """A DOCX with only the three parts a package needs, plus `parts` ({name: text or bytes or None})."""
    members = {
        "[Content_Types].xml": content_types(main_type=main_type),
        "_rels/.rels": relationships(("rId1", "officeDocument", "word/document.xml", None)),
        "word/document.xml": word_document(),
    }
    members.update(parts or {})
    return zip_of(members)


def zip_of(members, *, compression=zipfile.ZIP_DEFLATED):
    """A zip of `members` in order; a member whose content is None is left out."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in members.items():
            if content is not None:
                archive.writestr(name, content)
    return out.getvalue()


def rezip(original, changes):
    """`original` with members replaced, added or (for None) removed, keeping the order and compression."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename in changes:
                content = changes[info.filename]
                if content is not None:
                    target.writestr(info, content)
            else:
                target.writestr(info, source.read(info))
        for name, content in changes.items():
            if content is not None and name not in source.namelist():
                target.writestr(name, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def read_member(archive_bytes, name):
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as archive:
        return archive.read(name).decode()


def rename_member(archive_bytes, old, new):
    """Rename a member in both its local header and the central directory; names must be the same length.

    zipfile cleans some names as it writes them (it cuts a name at a NUL), so
    hostile names are put in afterwards, byte for byte.
    """
    old_bytes, new_bytes = old.encode(), new.encode()
    assert len(old_bytes) == len(new_bytes)
    assert archive_bytes.count(old_bytes) == 2
    return archive_bytes.replace(old_bytes, new_bytes)


# OpenDocument --------------------------------------------------------------------------------------

@functools.cache
def odfpy_bytes():
    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Overview report"))
    document.text.addElement(P(text="The review began in March."))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


ODF_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
)


def odf_content(body="<text:p>The review began in March.</text:p>", *, before_body=""):
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NAMESPACES} office:version="1.3">'
        f"{before_body}<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )


def odf_manifest(extra=""):
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest {ODF_NAMESPACES} manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODT_MEDIA_TYPE}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        f"{extra}</manifest:manifest>"
    )


def minimal_odt(parts=None, *, mimetype=ODT_MEDIA_TYPE, mimetype_compression=zipfile.ZIP_STORED):
    """An ODT with its mimetype first and stored, a manifest and a content part, plus `parts`."""
    members = {"META-INF/manifest.xml": odf_manifest(), "content.xml": odf_content()}
    members.update(parts or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if mimetype is not None:
            archive.writestr("mimetype", mimetype, mimetype_compression)
        for name, content in members.items():
            if content is not None:
                archive.writestr(name, content)
    return out.getvalue()


# OLE compound files --------------------------------------------------------------------------------

def compound_file(streams):
    """A version 3 compound file holding `streams` ({name: bytes of 4096 or more}) in the root storage.

    Streams of 4096 bytes or more live in ordinary 512-byte sectors, so no
    mini stream is needed. Sector 0 is the FAT, sector 1 the directory.
    """
    end_of_chain, free, fat_sector, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    assert len(streams) <= 3 and all(len(data) >= 4096 for data in streams.values())
    fat = [fat_sector, end_of_chain]
    data_sectors = b""
    entries = [_directory_entry("Root Entry", 5, child=1 if streams else no_stream, start=end_of_chain, size=0)]
    next_sector = 2
    for index, (name, data) in enumerate(streams.items(), start=1):
        count = -(-len(data) // 512)
        fat.extend(range(next_sector + 1, next_sector + count))
        fat.append(end_of_chain)
        entries.append(_directory_entry(name, 2, right=index + 1 if index < len(streams) else no_stream,
                                        start=next_sector, size=len(data)))
        data_sectors += data.ljust(count * 512, b"\x00")
        next_sector += count
    assert len(fat) <= 128
    while len(entries) < 4:
        entries.append(b"\x00" * 64 + struct.pack("<HBBIII", 0, 0, 0, no_stream, no_stream, no_stream)
                       + b"\x00" * 36 + struct.pack("<II", 0, 0) + b"\x00" * 4)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end_of_chain, 0, end_of_chain, 0)
        + struct.pack("<109I", 0, *([free] * 108))
    )
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat) + struct.pack("<I", free) * (128 - len(fat))
    return header + fat_bytes + b"".join(entries) + data_sectors


def _directory_entry(name, kind, *, left=0xFFFFFFFF, right=0xFFFFFFFF, child=0xFFFFFFFF, start, size):
    encoded = (name + "\x00").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\x00") + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", left, right, child) + b"\x00" * 16 + b"\x00" * 4 + b"\x00" * 16
        + struct.pack("<II", start, size) + b"\x00" * 4
    )


class _WriteOnly(io.RawIOBase):
    """A stream zipfile cannot seek in, so that it writes a data descriptor after each member."""

    def __init__(self):
        self.buffer = io.BytesIO()

    def writable(self):
        return True

    def write(self, data):
        return self.buffer.write(data)


def streamed_zip(original):
    """`original` rewritten as streaming writers (LibreOffice, Java tools) write zips: with data descriptors."""
    out = _WriteOnly()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            with source.open(info) as member, target.open(info.filename, "w") as written:
                written.write(member.read())
    return out.buffer.getvalue()


def write_large_pdf(path, *, pages, image_bytes):
    """Write, straight to `path`, a PDF of `pages` pages each showing an uncompressed image of `image_bytes`.

    The shape of a scanned report: few objects, most of the bytes in image streams.
    """
    block = bytes(range(256)) * (image_bytes // 256 + 1)
    offsets = []
    with open(path, "wb") as out:
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

        def write_object(body):
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n" % len(offsets) + body + b"\nendobj\n")

        kids = b" ".join(b"%d 0 R" % (3 + 3 * page) for page in range(pages))
        write_object(b"<< /Type /Catalog /Pages 2 0 R >>")
        write_object(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages))
        for page in range(pages):
            number = 3 + 3 * page
            write_object(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                         b"/Resources << /XObject << /Im0 %d 0 R >> >> >>" % (number + 1, number + 2))
            drawing = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
            write_object(b"<< /Length %d >>\nstream\n" % len(drawing) + drawing + b"\nendstream")
            side = int((image_bytes // 3) ** 0.5)
            write_object(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
                         b"/BitsPerComponent 8 /Length %d >>\nstream\n" % (side, side, side * side * 3)
                         + block[: side * side * 3] + b"\nendstream")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
        for offset in offsets:
            out.write(b"%010d 00000 n \n" % offset)
        out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref))


def write_large_docx(path, *, media_bytes):
    """Write a DOCX whose one picture is `media_bytes` long, stored uncompressed as photos usually are."""
    block = bytes(range(256)) * 4096
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types(
            extra='<Default Extension="jpeg" ContentType="image/jpeg"/>'))
        archive.writestr("_rels/.rels", relationships(("rId1", "officeDocument", "word/document.xml", None)))
        archive.writestr("word/document.xml", word_document())
        archive.writestr("word/_rels/document.xml.rels", relationships(("rId5", "image", "media/photo.jpeg", None)))
        with archive.open(zipfile.ZipInfo("word/media/photo.jpeg"), "w", force_zip64=True) as photo:
            for start in range(0, media_bytes, len(block)):
                photo.write(block[: min(len(block), media_bytes - start)])
