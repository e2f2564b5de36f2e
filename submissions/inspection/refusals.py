"""Every reason an upload is refused, and the GOV.UK message shown for it.

Format checks raise `Refusal` with a reason code alone: they do not know how the
page names the document. `inspect_upload` turns it into `UploadRejected`, whose
text is the message shown next to the field and whose `reason` goes to the audit.
"""

from submissions.enums import FileType

SELECTED = "The selected file for {label}"
NAMED = "The file name for {label}"
DAMAGED = f"{SELECTED} is damaged or incomplete"
PASSWORD_PROTECTED = f"{SELECTED} is password protected"
MACROS = f"{SELECTED} must not contain macros"
EMBEDDED_OBJECTS = f"{SELECTED} must not contain embedded objects"
LINKS_OUTSIDE = f"{SELECTED} must not link to other files or load content from outside itself"
WRONG_TYPE = f"{SELECTED} must be {{types}}"

MESSAGES = {
    # The file name, checked before the content.
    "name_missing": f"{SELECTED} must have a file name",
    "name_path": f"{NAMED} must be a file name, not a folder or path",
    "name_control": f"{NAMED} must not contain control characters",
    "name_bidi": f"{NAMED} must not contain characters that change the direction of text",
    "name_invisible": f"{NAMED} must not contain invisible characters",
    "name_encoding": f"{NAMED} must only contain characters that can be written as UTF-8",
    "name_reserved": f"{NAMED} must not be a name that Windows reserves, such as CON, NUL or COM1",
    "name_trailing": f"{NAMED} must not end in a dot or a space",
    "name_too_long": f"{NAMED} must be 255 bytes or fewer",
    "name_no_extension": f"{NAMED} must end in {{extensions}}",
    "name_extension_mismatch": f"{NAMED} must end in {{extension}}, as the file is {{type_phrase}}",
    # Type and size.
    "empty": f"{SELECTED} is empty",
    "too_large": f"{SELECTED} must be smaller than {{limit}}",
    "unrecognised": WRONG_TYPE,
    "type_not_allowed": WRONG_TYPE,
    "old_office_format": WRONG_TYPE,
    "polyglot": f"{SELECTED} is more than one type of file",
    # Damage.
    "pdf_damaged": DAMAGED,
    "pdf_repaired": DAMAGED,
    "pdf_truncated": DAMAGED,
    "pdf_no_pages": f"{SELECTED} has no pages",
    "zip_damaged": DAMAGED,
    "package_incomplete": DAMAGED,
    "xml_invalid": DAMAGED,
    "xml_dtd": DAMAGED,
    # Archives.
    "archive_member_name": f"{SELECTED} contains parts with names that are not allowed",
    "archive_duplicate": f"{SELECTED} contains 2 parts with the same name",
    "archive_too_many": f"{SELECTED} contains more than {{limit}} parts",
    "archive_bomb": f"{SELECTED} is too large when unpacked",
    # Passwords.
    "encrypted": PASSWORD_PROTECTED,
    "edit_protected": f"{SELECTED} must not be protected from editing with a password",
    # Active content.
    "javascript": f"{SELECTED} must not contain JavaScript",
    "launch": f"{SELECTED} must not contain actions that open other programs",
    "embedded_file": f"{SELECTED} must not contain attached files",
    "rich_media": f"{SELECTED} must not contain embedded media such as Flash",
    "xfa": f"{SELECTED} must not be an XFA form",
    "macros": MACROS,
    "event_listeners": MACROS,
    "activex": f"{SELECTED} must not contain ActiveX controls",
    "embedded_object": EMBEDDED_OBJECTS,
    # Referring outside itself.
    "external_action": f"{SELECTED} must not contain actions that open other files or send data",
    "external_reference": LINKS_OUTSIDE,
    "external_field": LINKS_OUTSIDE,
}


class UploadRejected(Exception):
    """The file is not acceptable. `str(exc)` is the message shown next to the field."""

    def __init__(self, message, *, reason):
        super().__init__(message)
        self.reason = reason


class Refusal(Exception):
    """Raised inside the checks, before the document's label is known."""

    def __init__(self, reason, **details):
        if reason not in MESSAGES:
            raise ValueError(f"No message for the refusal reason {reason!r}")
        super().__init__(reason)
        self.reason = reason
        self.details = details

    def rejection(self, label, **context):
        """The `UploadRejected` to show for the document called `label`.

        `context` fills what the check that refused could not know, such as the
        file types allowed for this kind of document.
        """
        message = MESSAGES[self.reason].format(label=label, **{**context, **self.details})
        return UploadRejected(message, reason=self.reason)


ARTICLES = {FileType.PDF: "a", FileType.DOCX: "a", FileType.ODT: "an", FileType.XLSX: "an"}


def describe_file_type(file_type):
    """"a PDF", "an OpenDocument text (ODT)": a FileType as a message names it."""
    return f"{ARTICLES[file_type]} {FileType(file_type).label}"


def describe_file_types(file_types):
    """"a PDF, Word document (DOCX) or OpenDocument text (ODT)"."""
    labels = [FileType(file_type).label for file_type in file_types]
    listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]
    return f"{ARTICLES[file_types[0]]} {listed}"
