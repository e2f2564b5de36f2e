"""Letter PDFs for the PDF, signing and verification tests: signed through the services, read back with pikepdf."""

import io

import pikepdf
from pikepdf.models.metadata import decode_pdf_date
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from panel.services.letters import send_for_signing, sign_letter
from panel.services.rendering import render_letter


def signed_letter(draft, *, secretariat, chair):
    """`draft` rendered, sent to the chair and signed through the services: a sealed letter with its PDF stored."""
    letter = render_letter(draft.pk)
    send_for_signing(letter=letter, sent_by=secretariat)
    return sign_letter(letter=letter, signed_by=chair)


def stored_pdf(letter):
    with letter.signed_pdf.open("rb") as pdf:
        return pdf.read()


def with_flipped_byte(pdf_bytes):
    """One bit changed inside the first page content stream, well within the signed range."""
    changed = bytearray(pdf_bytes)
    changed[changed.index(b"stream\n") + 20] ^= 0x01
    return bytes(changed)


def with_update_after_signing(pdf_bytes):
    """An incremental update appended after the signature: the document's language changed."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
    writer.root["/Lang"] = generic.pdf_string("fr-FR")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _fonts(pdf):
    """(base font name, embedded?) for every font in the file, Type 0 fonts by their descendants."""
    found = set()
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font":
            continue
        if obj.get("/Subtype") == "/Type0":
            continue  # its descendant font carries the descriptor
        descriptor = obj.get("/FontDescriptor")
        embedded = descriptor is not None and any(key in descriptor for key in ("/FontFile", "/FontFile2",
                                                                              "/FontFile3"))
        found.add((str(obj.get("/BaseFont")), embedded))
    return found


def archival_facts(pdf_bytes):
    """What PDF/A-2b and tagging need, as read by pikepdf (veraPDF is not available here).

    The header's version, encryption, the XMP pdfaid part and conformance,
    the output intent and its ICC profile, whether every font is embedded,
    the tagging (MarkInfo, StructTreeRoot), the language, and whether each
    entry of the document information is in the XMP metadata, the same.
    """
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        root = pdf.Root
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            pdfaid = (xmp.get("pdfaid:part"), xmp.get("pdfaid:conformance"))
            xmp_values = {
                "title": xmp.get("dc:title"),
                "author": (xmp.get("dc:creator") or [None])[0],
                "producer": xmp.get("pdf:Producer"),
                "modified": xmp.get("xmp:ModifyDate"),
            }
        info = pdf.docinfo
        info_values = {
            "title": str(info["/Title"]) if "/Title" in info else None,
            "author": str(info["/Author"]) if "/Author" in info else None,
            "producer": str(info["/Producer"]) if "/Producer" in info else None,
            "modified": decode_pdf_date(str(info["/ModDate"])).isoformat() if "/ModDate" in info else None,
        }
        intents = [(str(intent.get("/S")), "/DestOutputProfile" in intent) for intent in root.get("/OutputIntents", [])]
        fonts = _fonts(pdf)
        return {
            "version": pdf.pdf_version,
            "catalog_version": str(root["/Version"]) if "/Version" in root else None,
            "encrypted": pdf.is_encrypted,
            "pdfaid": pdfaid,
            "output_intents": intents,
            "fonts": len(fonts),
            "fonts_not_embedded": sorted(name for name, embedded in fonts if not embedded),
            "marked": bool(root.get("/MarkInfo", {}).get("/Marked", False)),
            "has_structure_tree": "/StructTreeRoot" in root,
            "lang": str(root.get("/Lang")),
            "title": info_values["title"],
            # PDF/A: every entry the information dictionary has, the XMP metadata has too, with the same value.
            "info_agrees_with_xmp": all(value == xmp_values[key] for key, value in info_values.items()
                                        if value is not None),
        }


def figures(pdf_bytes):
    """The alternative text of every Figure in the structure tree, in file order."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        return [str(obj.get("/Alt")) if "/Alt" in obj else None for obj in pdf.objects
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Figure"]
