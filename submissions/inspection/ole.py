"""OLE compound files (the CFB container): never accepted, but refused with the right message.

Word and Excel save a document encrypted with a password as a compound file
holding an EncryptedPackage stream, not as a zip. The same container also holds
the old binary .doc and .xls formats, which are simply not a type we take.
"""

import struct

import olefile

from submissions.inspection.refusals import Refusal

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAMS = frozenset({"encryptedpackage", "encryptioninfo"})
# The Word 97-2003 File Information Block keeps "fEncrypted" in the flags at offset 10.
WORD_FLAGS = struct.Struct("<10xH")
WORD_ENCRYPTED = 0x0100
# In an Excel 97-2003 workbook, a FILEPASS record straight after BOF means it is encrypted.
BIFF_RECORD = struct.Struct("<HH")
BIFF_FILEPASS = 0x002F
# olefile raises OSError subclasses for most damage, but ValueError, IndexError or
# struct.error for some malformed sector tables; every outcome here is a refusal.
OLE_ERRORS = (OSError, ValueError, IndexError, struct.error)


def inspect_compound_file(file):
    """Raise Refusal: "encrypted" for a password-protected Office file, else a wrong-type reason."""
    try:
        with olefile.OleFileIO(file) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=False)}
            encrypted = bool(streams & ENCRYPTED_STREAMS) or _legacy_encrypted(ole, streams)
    except OLE_ERRORS as error:
        raise Refusal("unrecognised") from error
    if encrypted:
        raise Refusal("encrypted")
    if streams & {"worddocument", "workbook", "book", "powerpoint document"}:
        raise Refusal("old_office_format")
    raise Refusal("unrecognised")


def _legacy_encrypted(ole, streams):
    if "worddocument" in streams:
        header = ole.openstream("WordDocument").read(WORD_FLAGS.size)
        return len(header) == WORD_FLAGS.size and bool(WORD_FLAGS.unpack(header)[0] & WORD_ENCRYPTED)
    if "workbook" in streams:
        with ole.openstream("Workbook") as stream:
            first = stream.read(BIFF_RECORD.size)
            if len(first) < BIFF_RECORD.size:
                return False
            stream.read(BIFF_RECORD.unpack(first)[1])
            second = stream.read(BIFF_RECORD.size)
            return len(second) == BIFF_RECORD.size and BIFF_RECORD.unpack(second)[0] == BIFF_FILEPASS
    return False
