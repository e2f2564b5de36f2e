"""The rules for the name a browser sent with a file.

The name is only ever shown and stored as text, never used as a path; these
rules refuse names that would mislead a person reading it (text that runs
backwards, invisible characters) or break the tools that the Home Office and
the CSP save it with (Windows device names, trailing dots).
"""

import unicodedata

from submissions.enums import FileType
from submissions.inspection.refusals import Refusal, describe_file_type

MAX_NAME_BYTES = 255
EXTENSIONS = {
    FileType.PDF: ".pdf",
    FileType.DOCX: ".docx",
    FileType.ODT: ".odt",
    FileType.XLSX: ".xlsx",
}
BIDI_CONTROLS = frozenset(
    [chr(code) for code in range(0x202A, 0x202F)]
    + [chr(code) for code in range(0x2066, 0x206A)]
    + ["\u200e", "\u200f", "\u061c"]
)
# Windows treats these as devices whatever follows the first dot ("nul.pdf").
# Microsoft's list includes COM0, LPT0 and the superscript digits too.
RESERVED_STEMS = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{device}{digit}" for device in ("COM", "LPT") for digit in "0123456789\u00b9\u00b2\u00b3"]
)


def check_file_name(name, *, label, file_type=None):
    """Refuse a file name that is unsafe to show or save, raising UploadRejected.

    `label` names the document in the message ("the overview report").
    Without `file_type` the name only needs an extension; with it, the
    extension must be the one for that type (case does not matter).
    """
    try:
        _check(name, file_type)
    except Refusal as refusal:
        raise refusal.rejection(label) from None


def _check(name, file_type):
    if not name:
        raise Refusal("name_missing")
    if "/" in name or "\\" in name or name in (".", ".."):
        raise Refusal("name_path")
    _check_characters(name)
    if name.split(".", 1)[0].rstrip(" ").upper() in RESERVED_STEMS:
        raise Refusal("name_reserved")
    if name.endswith((".", " ")):
        raise Refusal("name_trailing")
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise Refusal("name_too_long")
    check_extension(name, file_type)


def _check_characters(name):
    # Bidirectional controls are format characters too: look for them first,
    # so that the message says what they do.
    for character in name:
        if character in BIDI_CONTROLS:
            raise Refusal("name_bidi")
    for character in name:
        category = unicodedata.category(character)
        if category == "Cc":
            raise Refusal("name_control")
        if category == "Cf":
            raise Refusal("name_invisible")
        if category == "Cs":
            # A lone surrogate: what is left of bytes that were not UTF-8.
            raise Refusal("name_encoding")


def check_extension(name, file_type=None):
    """Raise Refusal unless `name` ends in an extension, and in `file_type`'s when it is given."""
    _, dot, extension = name.rpartition(".")
    if not dot or not extension:
        expected = EXTENSIONS[file_type] if file_type else _listed(EXTENSIONS.values())
        raise Refusal("name_no_extension", extensions=expected)
    if file_type and f".{extension.lower()}" != EXTENSIONS[file_type]:
        raise Refusal(
            "name_extension_mismatch",
            extension=EXTENSIONS[file_type],
            type_phrase=describe_file_type(file_type),
        )


def _listed(extensions):
    extensions = list(extensions)
    return ", ".join(extensions[:-1]) + " or " + extensions[-1]
