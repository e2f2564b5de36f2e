"""The archive's layout: its name, its members, the manifest, and reading members back with their SHA-256."""

import datetime
import hashlib
import io
import json
import os
import posixpath
import tarfile
import time
from pathlib import Path

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.dump"
FILES = "files/"
CHUNK = 1024 * 1024
# Owner only, for the archive and anything written on the way to it: the casework is OFFICIAL-SENSITIVE.
PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, and what to do."""


def archive_name(moment):
    """`dhrqa-YYYYMMDD-HHMMSS.tar` for an aware datetime, in UTC so that names sort in time order."""
    return f"dhrqa-{moment.astimezone(datetime.UTC):%Y%m%d-%H%M%S}.tar"


def private_folder(path):
    """Make `path` (and its parents) if missing; a folder we make is readable by its owner alone."""
    path = Path(path)
    if not path.is_dir():
        path.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True)
    return path


def create_private(path):
    """Open a new file at `path` for writing, mode 0600 from the start; refuse if one is there already."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        raise BackupError(f"{path} exists already: nothing was overwritten.") from None
    return os.fdopen(descriptor, "wb")


class _Hashing(io.RawIOBase):
    """A reader that hashes and counts what passes through it."""

    def __init__(self, source):
        self.source = source
        self.digest = hashlib.sha256()
        self.size = 0

    def readable(self):
        return True

    def read(self, size=-1):
        data = self.source.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def add_member(tar, name, source, size):
    """Copy `size` bytes from the file object `source` into `tar` as `name`; return their SHA-256."""
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = PRIVATE_FILE_MODE
    info.mtime = int(time.time())
    reader = _Hashing(source)
    try:
        tar.addfile(info, reader)
    except OSError as error:
        # tarfile's "unexpected end of data": the file shrank while it was being read.
        raise BackupError(f"{name} changed while it was being copied ({error}): run the backup again.") from None
    return reader.digest.hexdigest()


def add_manifest(tar, manifest):
    data = json.dumps(manifest, indent=2, sort_keys=True).encode()
    add_member(tar, MANIFEST, io.BytesIO(data), len(data))


def read_manifest(tar):
    """The manifest of an open archive; BackupError if it has none, or one this version cannot read."""
    try:
        member = tar.getmember(MANIFEST)
        manifest = json.loads(tar.extractfile(member).read())
    except (KeyError, AttributeError, ValueError):
        raise BackupError("It is not a DHR QA backup: it has no readable manifest.json. Nothing was restored.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"Its manifest is not in format {FORMAT}, which this version restores. Nothing was restored.")
    lacking = _lacking(manifest)
    if lacking is not None:
        raise BackupError(f"Its manifest has no {lacking}, which a backup's manifest holds. Nothing was restored.")
    for entry in manifest["files"]:
        if not safe_name(entry["name"]):
            raise BackupError(f"Its manifest names a file outside the storage ({entry['name']!r}). Nothing was restored.")
    return manifest


# What a restore reads from the manifest, by path.
REQUIRED = [("created_at",), ("app", "version"), ("app", "commit"), ("tables",), ("missing_files",),
            ("database", "sha256"), ("database", "pg_dump_major"), ("files",)]


def _lacking(manifest):
    """The first part of REQUIRED (or of a file's entry) that `manifest` lacks, dotted; None if it has them all."""
    for path in REQUIRED:
        value = manifest
        for key in path:
            if not isinstance(value, dict) or key not in value:
                return ".".join(path)
            value = value[key]
    if not isinstance(manifest["files"], list):
        return "files list"
    for entry in manifest["files"]:
        if not isinstance(entry, dict) or not {"name", "size", "sha256"} <= entry.keys():
            return "name, size and SHA-256 for each file"
    return None


def safe_name(name):
    """A stored name as storage gives it: relative, normalised, with no way out of the storage's root."""
    return (isinstance(name, str) and name != "" and not name.startswith("/") and "\\" not in name
            and posixpath.normpath(name) == name and not name.startswith(".."))


def member_sha256(tar, member, copy_to=None):
    """The SHA-256 of a regular member's bytes, copied on to the file object `copy_to` if given."""
    digest = hashlib.sha256()
    source = tar.extractfile(member)
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        if copy_to is not None:
            copy_to.write(chunk)
    return digest.hexdigest()


def file_sha256(source):
    digest = hashlib.sha256()
    while chunk := source.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()
