"""OpenDocument text (ODT) packages, as OASIS ODF 1.3 Part 2 defines them.

The first member is `mimetype`, stored uncompressed, naming the document's type;
`META-INF/manifest.xml` lists the parts and `content.xml` holds the text.
Scripts, encryption, edit passwords and links to files outside are refused.
"""

import posixpath
import re
from xml.sax.handler import ContentHandler

from submissions.enums import FileType
from submissions.inspection.refusals import Refusal
from submissions.inspection.xmlparts import count_from, is_xml_part, scan_xml

MIMETYPE_PART = "mimetype"
MANIFEST_PART = "META-INF/manifest.xml"
CONTENT_PART = "content.xml"
META_PART = "meta.xml"
SETTINGS_PART = "settings.xml"
ODT_MEDIA_TYPE = b"application/vnd.oasis.opendocument.text"
MAX_MIMETYPE_BYTES = 256
MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
SCRIPT = "urn:oasis:names:tc:opendocument:xmlns:script:1.0"
META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
CONFIG = "urn:oasis:names:tc:opendocument:xmlns:config:1.0"
XLINK = "http://www.w3.org/1999/xlink"
SCRIPT_FOLDERS = ("basic/", "scripts/")
OLE_MEDIA_TYPE = "application/vnd.sun.star.oleobject"
# Elements whose xlink:href loads something into the document, so it must stay inside the package.
LOADING_ELEMENTS = frozenset({"image", "object", "object-ole", "section-source", "fill-image", "background-image",
                              "table-source", "plugin", "applet", "floating-frame"})
# Elements that run code or hand the document to a plug-in.
EVENT_ELEMENTS = frozenset({"event-listeners", "event-listener"})
PLUGIN_ELEMENTS = frozenset({"applet", "plugin", "object-ole"})
MACRO_LINK = re.compile(r"^\s*(vnd\.sun\.star\.script|macro|vnd\.sun\.star\.basic)\s*:", re.IGNORECASE)
URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def is_opendocument(archive):
    first = archive.members[0] if archive.members else None
    return (first is not None and first.filename == MIMETYPE_PART) or archive.find(MIMETYPE_PART) is not None


def read_opendocument(archive):
    """Identify the package as ODT from its mimetype member; raise Refusal otherwise."""
    first = archive.members[0]
    if first.filename != MIMETYPE_PART:
        raise Refusal("package_incomplete")
    media_type = archive.read(first, limit=MAX_MIMETYPE_BYTES)
    if media_type != ODT_MEDIA_TYPE:
        # Another OpenDocument type, or a different zip format that borrowed the idea (EPUB).
        raise Refusal("unrecognised")
    if first.compress_type != 0:
        raise Refusal("package_incomplete")
    if archive.find(MANIFEST_PART) is None or archive.find(CONTENT_PART) is None:
        raise Refusal("package_incomplete")
    return FileType.ODT


def inspect_opendocument(archive):
    """Refuse scripts, encryption, edit passwords and outside links; return the stated page count or None."""
    for info in archive.members:
        if info.filename.lower().startswith(SCRIPT_FOLDERS):
            raise Refusal("macros")
    pages = None
    for info in archive.members:
        with archive.open(info) as reader:
            if is_xml_part(info.filename):
                scanner = _PartScanner(info.filename)
                scan_xml(reader, scanner)
                if info.filename == META_PART:
                    pages = scanner.pages
            reader.drain()
    return pages


def _points_outside(href):
    """Whether an xlink:href leaves the package: a URI scheme, an absolute path, or a climb out with ../."""
    href = href.strip()
    if not href or href.startswith("#"):
        return False
    if URI_SCHEME.match(href) or href.startswith(("/", "\\")):
        return True
    return posixpath.normpath(href).startswith("..")


class _PartScanner(ContentHandler):
    def __init__(self, part):
        super().__init__()
        self.part = part
        self.pages = None
        self._config_item = None
        self._config_text = []

    def startElementNS(self, name, qname, attrs):
        namespace, local = name
        if namespace == MANIFEST:
            self._check_manifest(local, attrs)
        if local in EVENT_ELEMENTS or name == (OFFICE, "script"):
            raise Refusal("event_listeners" if local in EVENT_ELEMENTS else "macros")
        if local in PLUGIN_ELEMENTS and namespace != MANIFEST:
            raise Refusal("embedded_object")
        for (attribute_namespace, attribute), value in attrs.items():
            if attribute == "protection-key" and value.strip():
                raise Refusal("edit_protected")
            if attribute_namespace == XLINK and attribute == "href":
                if MACRO_LINK.match(value):
                    raise Refusal("macros")
                if local in LOADING_ELEMENTS and _points_outside(value):
                    raise Refusal("external_reference")
        if name == (META, "document-statistic"):
            self.pages = count_from(attrs.get((META, "page-count")))
        if name == (CONFIG, "config-item"):
            self._config_item = attrs.get((CONFIG, "name"), "")
            self._config_text = []

    def characters(self, content):
        if self._config_item is not None:
            self._config_text.append(content)

    def endElementNS(self, name, qname):
        if name == (CONFIG, "config-item"):
            # LibreOffice keeps edit passwords (as hashes) in settings such as RedlineProtectionKey.
            if self._config_item.endswith("ProtectionKey") and "".join(self._config_text).strip():
                raise Refusal("edit_protected")
            self._config_item = None

    def _check_manifest(self, local, attrs):
        if local in ("encryption-data", "keyinfo", "encrypted-key"):
            raise Refusal("encrypted")
        if local == "file-entry":
            path = attrs.get((MANIFEST, "full-path"), "").lower()
            media_type = attrs.get((MANIFEST, "media-type"), "").lower()
            if path.startswith(SCRIPT_FOLDERS) or "script" in media_type or "basic" in media_type:
                raise Refusal("macros")
            if media_type == OLE_MEDIA_TYPE:
                raise Refusal("embedded_object")
