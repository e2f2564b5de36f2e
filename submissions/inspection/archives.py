"""Zip packages (DOCX, XLSX, ODT) opened without trusting what they say about themselves.

Before `zipfile` sees the archive, its central directory is walked here by
hand: that bounds the work and memory of opening it, and refuses member names
that could be used as paths, encrypted members and compression methods the
Office formats do not use. Every byte inflated afterwards is counted for real,
so a bomb that lies in its headers about its sizes still stops at the cap.
"""

import re
import struct
import zipfile
import zlib

from submissions.inspection.refusals import Refusal

ZIP_MAGIC = b"PK\x03\x04"
MAX_MEMBERS = 10_000
# Generous for 10,000 members with long names; bounds what zipfile holds in memory.
MAX_DIRECTORY_BYTES = 4 * 1024 * 1024
MAX_MEMBER_NAME_BYTES = 1024
# What every member may unpack to in total: a multiple of the upload limit,
# and never more than an absolute ceiling however high that limit is set.
UNPACK_MULTIPLE = 20
UNPACK_CEILING = 1024 * 1024 * 1024
READ_CHUNK = 64 * 1024

EOCD = struct.Struct("<4s4H2LH")
EOCD_SIGNATURE = b"PK\x05\x06"
ZIP64_LOCATOR = struct.Struct("<4sLQL")
ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")
CENTRAL_RECORD = struct.Struct("<4s6H3L5H2L")
CENTRAL_SIGNATURE = b"PK\x01\x02"
LOCAL_HEADER_SIZE = 30
STORED_OR_DEFLATED = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
FLAG_ENCRYPTED = 0x1
FLAG_DATA_DESCRIPTOR = 0x8
FLAG_UTF8_NAME = 0x800
DATA_DESCRIPTOR_SIZES = (12, 16, 20, 24)
DRIVE_LETTER = re.compile(r"^[A-Za-z]:")
# What zipfile raises on a damaged member; the directory walk catches the rest first.
READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError)


def contains_zip_directory(file, size):
    """Whether a lenient unzip tool would find an archive in this file.

    Used to catch a zip appended to another format. Like such tools, it takes
    any end-of-directory record in the last 64KB whose directory it can find,
    either where the record says or just before the record.
    """
    tail_start = max(0, size - EOCD.size - 0xFFFF)
    file.seek(tail_start)
    tail = file.read(size - tail_start)
    position = tail.rfind(EOCD_SIGNATURE)
    while position >= 0:
        if position + EOCD.size <= len(tail):
            *_, entries, directory_size, directory_offset, _comment = EOCD.unpack_from(tail, position)
            record_at = tail_start + position
            for candidate in (directory_offset, record_at - directory_size):
                if entries and 0 <= candidate < size and _read_at(file, candidate, 4) == CENTRAL_SIGNATURE:
                    return True
        position = tail.rfind(EOCD_SIGNATURE, 0, position)
    return False


def open_archive(file, size, *, max_bytes):
    """Check the archive's directory and return it as an `Archive`, or raise Refusal."""
    directory_offset, member_count = _central_directory(file, size)
    try:
        opened = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, ValueError, struct.error) as error:
        raise Refusal("zip_damaged") from error
    members = sorted(opened.infolist(), key=lambda info: info.header_offset)
    if len(members) != member_count:
        raise Refusal("zip_damaged")
    _check_layout(file, members, directory_offset)
    return Archive(opened, members, unpack_limit=min(UNPACK_MULTIPLE * max_bytes, UNPACK_CEILING))


class Archive:
    """An opened, checked archive whose reads all count towards one unpacking cap."""

    def __init__(self, opened, members, *, unpack_limit):
        self.zip = opened
        self.members = members
        self.unpacked = 0
        self.unpack_limit = unpack_limit
        self._by_name = {info.filename: info for info in members}
        self._by_folded_name = {info.filename.casefold(): info for info in members}

    def find(self, name):
        """The member called `name`; Office part names ignore case, so fall back to that."""
        return self._by_name.get(name) or self._by_folded_name.get(name.casefold())

    def open(self, info):
        """A reader for one member that counts every byte it inflates."""
        try:
            return MemberReader(self, self.zip.open(info))
        except READ_ERRORS as error:
            raise Refusal("zip_damaged") from error

    def read(self, info, *, limit):
        """The whole of a small member, refusing it as damaged if it is larger than `limit`."""
        with self.open(info) as reader:
            data = reader.read(limit + 1)
            if len(data) > limit:
                raise Refusal("package_incomplete")
            reader.drain()
        return data

    def count(self, produced):
        self.unpacked += produced
        if self.unpacked > self.unpack_limit:
            raise Refusal("archive_bomb")


class MemberReader:
    """A file-like view of one member: reads are capped, counted and checked."""

    def __init__(self, archive, stream):
        self.archive = archive
        self.stream = stream

    def read(self, size=-1):
        if size is None or size < 0:
            chunks = []
            while chunk := self.read(READ_CHUNK):
                chunks.append(chunk)
            return b"".join(chunks)
        try:
            # zipfile inflates at most `size` bytes for a read of `size`.
            data = self.stream.read(min(size, READ_CHUNK))
        except READ_ERRORS as error:
            raise Refusal("zip_damaged") from error
        self.archive.count(len(data))
        return data

    def drain(self):
        """Read to the end, so that zipfile checks the member's CRC."""
        while self.read(READ_CHUNK):
            pass

    def close(self):
        # SAX closes its source when it finishes; the member stays open until
        # the `with` block ends, so that drain() can still check its CRC.
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stream.close()


def _read_at(file, offset, length):
    file.seek(offset)
    return file.read(length)


def _central_directory(file, size):
    """Walk the central directory by hand, checking every record; return (its offset, member count)."""
    directory_offset, directory_size, declared_entries = _directory_location(file, size)
    if declared_entries > MAX_MEMBERS or directory_size > MAX_DIRECTORY_BYTES:
        raise Refusal("archive_too_many", limit=f"{MAX_MEMBERS:,}")
    directory = _read_at(file, directory_offset, directory_size)
    records = []
    position = 0
    while position < len(directory):
        if len(records) >= MAX_MEMBERS:
            raise Refusal("archive_too_many", limit=f"{MAX_MEMBERS:,}")
        if position + CENTRAL_RECORD.size > len(directory):
            raise Refusal("zip_damaged")
        fields = CENTRAL_RECORD.unpack_from(directory, position)
        signature, flags, method = fields[0], fields[3], fields[4]
        name_length, extra_length, comment_length = fields[10], fields[11], fields[12]
        if signature != CENTRAL_SIGNATURE:
            raise Refusal("zip_damaged")
        start = position + CENTRAL_RECORD.size
        raw_name = directory[start:start + name_length]
        position = start + name_length + extra_length + comment_length
        if position > len(directory):
            raise Refusal("zip_damaged")
        if flags & FLAG_ENCRYPTED:
            raise Refusal("encrypted")
        if method not in STORED_OR_DEFLATED:
            raise Refusal("zip_damaged")
        _check_member_name(raw_name, utf8=bool(flags & FLAG_UTF8_NAME))
        records.append(raw_name)
    if len(records) != declared_entries:
        raise Refusal("zip_damaged")
    return directory_offset, len(records)


def _directory_location(file, size):
    """(offset, size, entries) of the central directory, from a record that ends the file exactly."""
    tail_start = max(0, size - EOCD.size - 0xFFFF)
    tail = _read_at(file, tail_start, size - tail_start)
    # The last record, as zipfile picks it; its comment must run exactly to the end.
    position = tail.rfind(EOCD_SIGNATURE)
    if position < 0 or position + EOCD.size + _comment_length(tail, position) != len(tail):
        raise Refusal("zip_damaged")
    _, disk, directory_disk, disk_entries, entries, directory_size, directory_offset, _ = EOCD.unpack_from(
        tail, position
    )
    directory_end = tail_start + position
    if 0xFFFF in (entries, disk_entries) or 0xFFFFFFFF in (directory_size, directory_offset):
        directory_end, entries, directory_size, directory_offset = _zip64_location(file, directory_end)
    elif disk or directory_disk or disk_entries != entries:
        raise Refusal("zip_damaged")
    # Nothing may sit between the directory and its end record: no appended payloads.
    if directory_offset + directory_size != directory_end:
        raise Refusal("zip_damaged")
    return directory_offset, directory_size, entries


def _comment_length(tail, position):
    if position + EOCD.size > len(tail):
        return 0x10000  # never matches: the record itself runs past the end
    return EOCD.unpack_from(tail, position)[-1]


def _zip64_location(file, record_at):
    if record_at < ZIP64_LOCATOR.size:
        raise Refusal("zip_damaged")
    signature, _, zip64_at, disks = ZIP64_LOCATOR.unpack(_read_at(file, record_at - ZIP64_LOCATOR.size,
                                                                  ZIP64_LOCATOR.size))
    if signature != b"PK\x06\x07" or disks != 1 or zip64_at + ZIP64_EOCD.size > record_at - ZIP64_LOCATOR.size:
        raise Refusal("zip_damaged")
    fields = ZIP64_EOCD.unpack(_read_at(file, zip64_at, ZIP64_EOCD.size))
    signature, disk, directory_disk, disk_entries, entries, directory_size, directory_offset = (
        fields[0], fields[4], fields[5], fields[6], fields[7], fields[8], fields[9]
    )
    if signature != b"PK\x06\x06" or disk or directory_disk or disk_entries != entries:
        raise Refusal("zip_damaged")
    return zip64_at, entries, directory_size, directory_offset


def _check_member_name(raw_name, *, utf8):
    try:
        name = raw_name.decode("utf-8" if utf8 else "cp437")
    except UnicodeDecodeError as error:
        raise Refusal("archive_member_name") from error
    unsafe = (
        not name
        or len(raw_name) > MAX_MEMBER_NAME_BYTES
        or "\x00" in name
        or "\\" in name
        or name.startswith("/")
        or DRIVE_LETTER.match(name)
        or ".." in name.split("/")
    )
    if unsafe:
        raise Refusal("archive_member_name")


def _check_layout(file, members, directory_offset):
    """No duplicate names, and the members laid end to end from the first byte to the directory.

    Bytes in a gap or before the first member belong to no member: they are
    where a second format would hide. Overlapping members are how bombs
    reuse one compressed stream many times.
    """
    seen = set()
    for info in members:
        folded = info.filename.casefold()
        if folded in seen:
            raise Refusal("archive_duplicate")
        seen.add(folded)
    expected_at = 0
    following_offsets = [info.header_offset for info in members[1:]] + [directory_offset]
    for info, following in zip(members, following_offsets, strict=True):
        if info.header_offset != expected_at:
            raise Refusal("zip_damaged")
        expected_at = _member_end(file, info)
        if info.flag_bits & FLAG_DATA_DESCRIPTOR:
            # The descriptor after the data is 12 to 24 bytes, with or without
            # its optional signature and with 4- or 8-byte sizes.
            if following - expected_at not in DATA_DESCRIPTOR_SIZES:
                raise Refusal("zip_damaged")
            expected_at = following
    if expected_at != directory_offset:
        raise Refusal("zip_damaged")


def _member_end(file, info):
    header = _read_at(file, info.header_offset, LOCAL_HEADER_SIZE)
    if len(header) != LOCAL_HEADER_SIZE or not header.startswith(ZIP_MAGIC):
        raise Refusal("zip_damaged")
    name_length, extra_length = struct.unpack_from("<HH", header, 26)
    return info.header_offset + LOCAL_HEADER_SIZE + name_length + extra_length + info.compress_size
