"""Word (DOCX) and Excel (XLSX) packages: Office Open XML, as ECMA-376 Part 2 defines them.

A package is a zip whose `[Content_Types].xml` gives each part a content type
and whose `_rels/.rels` points at the main part. Everything that can run code,
hide behind a password or reach outside the file is refused; hyperlinks to web
pages are the one way out that reports need.
"""

import posixpath
import re
from dataclasses import dataclass, field
from xml.sax.handler import ContentHandler

from submissions.enums import FileType
from submissions.inspection.refusals import Refusal
from submissions.inspection.xmlparts import count_from, is_xml_part, scan_xml

CONTENT_TYPES_PART = "[Content_Types].xml"
ROOT_RELATIONSHIPS_PART = "_rels/.rels"
MAX_SMALL_PART_BYTES = 4 * 1024 * 1024
CONTENT_TYPES_NAMESPACE = "http://schemas.openxmlformats.org/package/2006/content-types"
RELATIONSHIPS_NAMESPACE = "http://schemas.openxmlformats.org/package/2006/relationships"
MAIN_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": FileType.DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": FileType.XLSX,
}
# Content types (lower case) that carry code or controls, wherever they appear.
ACTIVE_CONTENT_TYPES = (("macroenabled", "macros"), ("vbaproject", "macros"), ("vbadata", "macros"),
                        ("activex", "activex"), ("oleobject", "embedded_object"),
                        ("externallink", "external_reference"))
# The last segment of a relationship type, and what it means.
RELATIONSHIP_REFUSALS = {
    "vbaProject": "macros",
    "wordVbaData": "macros",
    "control": "activex",
    "activeXControlBinary": "activex",
    "oleObject": "embedded_object",
    "externalLink": "external_reference",
    "externalLinkPath": "external_reference",
}
MACRO_ENABLED_EXTENSIONS = (".docm", ".dotm", ".xlsm", ".xltm", ".xlsb", ".xlam", ".pptm", ".potm", ".ppsm",
                            ".sldm", ".ppam")
# Elements that protect a document or sheet; only a password (a hash) makes them a lock.
PROTECTION_ELEMENTS = frozenset(
    {"documentProtection", "writeProtection", "workbookProtection", "sheetProtection", "fileSharing",
     "protectedRange"}
)
# Word fields that pull in other files or run programs when the document updates.
EXTERNAL_FIELDS = frozenset({"DDE", "DDEAUTO", "INCLUDETEXT", "LINK"})
URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass
class OfficePackage:
    file_type: str
    main_part: str
    defaults: dict = field(default_factory=dict)
    overrides: dict = field(default_factory=dict)
    root_relationships: list = field(default_factory=list)

    def properties_part(self):
        """The extended-properties part (docProps/app.xml), which may state a page count."""
        for relationship_type, target, _mode in self.root_relationships:
            if relationship_type.rsplit("/", 1)[-1] == "extended-properties":
                return _resolve("", target)
        return None


def is_office_package(archive):
    return archive.find(CONTENT_TYPES_PART) is not None


def read_office_package(archive):
    """Identify the package from its content types and main part; raise Refusal if it is none of ours."""
    types = _ContentTypes()
    _scan_member(archive, CONTENT_TYPES_PART, types)
    relationships = _Relationships()
    _scan_member(archive, ROOT_RELATIONSHIPS_PART, relationships)
    main_targets = [target for kind, target, mode in relationships.found
                    if kind.rsplit("/", 1)[-1] == "officeDocument" and mode.lower() != "external"]
    if len(main_targets) != 1:
        raise Refusal("package_incomplete")
    main_part = _resolve("", main_targets[0])
    if main_part is None or archive.find(main_part) is None:
        raise Refusal("package_incomplete")
    content_type = types.of(main_part)
    if "macroenabled" in content_type.lower():
        raise Refusal("macros")
    if content_type not in MAIN_CONTENT_TYPES:
        raise Refusal("unrecognised")
    return OfficePackage(MAIN_CONTENT_TYPES[content_type], main_part, types.defaults, types.overrides,
                         relationships.found)


def inspect_office_package(archive, package):
    """Refuse active content, passwords and outside references; return the stated page count or None."""
    for content_type in [*package.defaults.values(), *package.overrides.values()]:
        _check_content_type(content_type)
    for info in archive.members:
        _check_member_name(info.filename)
    properties_part = package.properties_part()
    pages = None
    for info in archive.members:
        with archive.open(info) as reader:
            if is_xml_part(info.filename):
                scanner = _PartScanner(info.filename, wants_pages=info.filename == properties_part)
                scan_xml(reader, scanner)
                if scanner.pages is not None:
                    pages = scanner.pages
            reader.drain()
    return pages if package.file_type == FileType.DOCX else None


def _scan_member(archive, name, handler):
    info = archive.find(name)
    if info is None:
        raise Refusal("package_incomplete")
    with archive.open(info) as reader:
        scan_xml(reader, handler)
        reader.drain()


def _resolve(folder, target):
    """The member a relationship target names, or None when it points outside the package."""
    if URI_SCHEME.match(target) or target.startswith("\\"):
        return None
    path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
    path = posixpath.normpath(path) if path else ""
    if not path or path == "." or path == ".." or path.startswith("../") or path.startswith("/"):
        return None
    return path


def _source_folder(relationships_part):
    """"word" for "word/_rels/document.xml.rels"; "" for the package's own "_rels/.rels"."""
    return posixpath.dirname(posixpath.dirname(relationships_part))


def _check_content_type(content_type):
    lowered = content_type.lower()
    for marker, reason in ACTIVE_CONTENT_TYPES:
        if marker in lowered:
            raise Refusal(reason)


def _check_member_name(name):
    lowered = name.lower()
    base = posixpath.basename(lowered)
    folders = lowered.split("/")[:-1]
    if base in ("vbaproject.bin", "vbadata.xml") or base.endswith(MACRO_ENABLED_EXTENSIONS):
        raise Refusal("macros")
    if "activex" in folders:
        raise Refusal("activex")
    if "embeddings" in folders and base.endswith(".bin"):
        raise Refusal("embedded_object")
    if "externallinks" in folders:
        raise Refusal("external_reference")


def _check_relationship(relationships_part, relationship_type, target, mode):
    kind = relationship_type.rsplit("/", 1)[-1]
    external = mode.lower() == "external"
    if external and kind != "hyperlink":
        raise Refusal("external_reference")
    if kind in RELATIONSHIP_REFUSALS:
        raise Refusal(RELATIONSHIP_REFUSALS[kind])
    if not external and kind != "hyperlink" and _resolve(_source_folder(relationships_part), target) is None:
        # An "internal" target with a scheme or a ../ that climbs out is an outside reference too.
        raise Refusal("external_reference")


class _ContentTypes(ContentHandler):
    def __init__(self):
        super().__init__()
        self.defaults = {}
        self.overrides = {}

    def startElementNS(self, name, qname, attrs):
        namespace, local = name
        if namespace != CONTENT_TYPES_NAMESPACE:
            return
        content_type = attrs.get((None, "ContentType"), "")
        if local == "Default":
            self.defaults[attrs.get((None, "Extension"), "").lower()] = content_type
        elif local == "Override":
            self.overrides[attrs.get((None, "PartName"), "").lstrip("/").casefold()] = content_type

    def of(self, part):
        extension = part.rpartition(".")[2].lower() if "." in part else ""
        return self.overrides.get(part.casefold()) or self.defaults.get(extension, "")


class _Relationships(ContentHandler):
    def __init__(self):
        super().__init__()
        self.found = []

    def startElementNS(self, name, qname, attrs):
        if name == (RELATIONSHIPS_NAMESPACE, "Relationship"):
            self.found.append((attrs.get((None, "Type"), ""), attrs.get((None, "Target"), ""),
                               attrs.get((None, "TargetMode"), "Internal")))


class _PartScanner(ContentHandler):
    """Every rule that looks inside a part, in one pass over its XML."""

    def __init__(self, part, *, wants_pages):
        super().__init__()
        self.part = part
        self.is_relationships = part.lower().endswith(".rels")
        self.wants_pages = wants_pages
        self.pages = None
        self._in_pages = False
        self._page_text = []
        # One entry per Word field being read: [its code so far, checked yet].
        self._fields = []
        self._in_instruction = False

    def startElementNS(self, name, qname, attrs):
        namespace, local = name
        if self.is_relationships and name == (RELATIONSHIPS_NAMESPACE, "Relationship"):
            _check_relationship(self.part, attrs.get((None, "Type"), ""), attrs.get((None, "Target"), ""),
                                attrs.get((None, "TargetMode"), "Internal"))
        elif local in PROTECTION_ELEMENTS:
            _check_protection(attrs)
        elif local == "fldSimple":
            _check_field_code(_attribute(attrs, "instr"))
        elif local == "fldChar":
            self._field_boundary(_attribute(attrs, "fldCharType"))
        elif local == "instrText":
            self._in_instruction = True
        elif self.wants_pages and local == "Pages":
            self._in_pages = True

    def endElementNS(self, name, qname):
        local = name[1]
        if local == "instrText":
            self._in_instruction = False
        elif local == "Pages" and self._in_pages:
            self._in_pages = False
            self.pages = count_from("".join(self._page_text))

    def characters(self, content):
        if self._in_instruction and self._fields:
            self._fields[-1][0] += content
        elif self._in_instruction:
            _check_field_code(content)
        if self._in_pages:
            self._page_text.append(content)

    def _field_boundary(self, boundary):
        if boundary == "begin":
            self._fields.append(["", False])
        elif boundary == "separate" and self._fields:
            _check_field_code(self._fields[-1][0])
            self._fields[-1][1] = True
        elif boundary == "end" and self._fields:
            code, checked = self._fields.pop()
            if not checked:
                _check_field_code(code)

    def endDocument(self):
        for code, checked in self._fields:
            if not checked:
                _check_field_code(code)


def _attribute(attrs, local):
    """An attribute by its local name, whatever namespace prefix it carries."""
    for (_namespace, name), value in attrs.items():
        if name == local:
            return value
    return ""


def _check_protection(attrs):
    for (_namespace, name), value in attrs.items():
        lowered = name.lower()
        if ("password" in lowered or "hash" in lowered) and value.strip():
            raise Refusal("edit_protected")


def _check_field_code(code):
    words = code.split()
    if words and words[0].upper() in EXTERNAL_FIELDS:
        raise Refusal("external_field")
