"""Streaming, defused parsing of the XML parts inside Office and OpenDocument packages.

SAX keeps memory flat however large a part is. The parser refuses any DTD:
neither format allows one, and refusing it stops entity-expansion bombs and
external entities before they start.
"""

import xml.sax

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from submissions.inspection.refusals import Refusal


def scan_xml(stream, handler):
    """Parse `stream` to the end, calling `handler` (a SAX ContentHandler) with namespaces resolved.

    Raises Refusal for XML that is not well-formed or declares a DTD; a Refusal
    raised by the handler or the stream passes through unchanged.
    """
    parser = DefusedExpatParser(namespaceHandling=1, forbid_dtd=True)
    parser.setContentHandler(handler)
    try:
        parser.parse(stream)
    except xml.sax.SAXParseException as error:
        raise Refusal("xml_invalid") from error
    except DefusedXmlException as error:
        raise Refusal("xml_dtd") from error


def is_xml_part(name):
    return name.lower().endswith((".xml", ".rels"))


def count_from(text):
    """A page count stated in the file, or None when it is missing or not a plain number."""
    text = (text or "").strip()
    if text.isascii() and text.isdigit() and len(text) <= 9:
        return int(text)
    return None
