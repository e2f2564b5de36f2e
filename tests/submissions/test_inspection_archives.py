"""Zip containers: unsafe member names, duplicates, too many members, bombs and damage are refused."""

import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from submissions.enums import DocumentKind, FileType
from submissions.inspection import UploadRejected, inspect_upload
from tests.submissions.sample_documents import minimal_docx, python_docx_bytes, rename_member, streamed_zip

DAMAGED = "The selected file for the executive summary is damaged or incomplete"
BAD_NAMES = "The selected file for the executive summary contains parts with names that are not allowed"
TOO_LARGE_UNPACKED = "The selected file for the executive summary is too large when unpacked"


def inspect(content, name="summary.docx", max_bytes=None):
    return inspect_upload(SimpleUploadedFile(name, content), kind=DocumentKind.EXECUTIVE_SUMMARY,
                          max_bytes=max_bytes)


def refusal(content, max_bytes=None):
    with pytest.raises(UploadRejected) as rejected:
        inspect(content, max_bytes=max_bytes)
    return rejected.value.reason, str(rejected.value)


@pytest.mark.parametrize("hostile", ["/word/evil.xml", "C:word/evil.xm", "../word/evil.x", "word/../../e.xml",
                                     "word\\evil..xml", "word/ev\x00l.xml"])
def test_inspect_upload_member_with_unsafe_name_refused(hostile):
    placeholder = "word/" + "p" * (len(hostile.encode()) - 5)
    content = rename_member(minimal_docx({placeholder: "<x/>"}), placeholder, hostile)

    assert refusal(content) == ("archive_member_name", BAD_NAMES)


def test_inspect_upload_duplicate_member_refused():
    out = io.BytesIO(minimal_docx())
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(out, "a") as archive:
        archive.writestr("word/document.xml", "<w:document/>")

    assert refusal(out.getvalue()) == (
        "archive_duplicate", "The selected file for the executive summary contains 2 parts with the same name"
    )


def test_inspect_upload_members_differing_only_in_case_refused():
    # Office part names ignore case, so two readers could pick different parts.
    content = minimal_docx({"WORD/DOCUMENT.XML": "<w:document/>"})

    assert refusal(content)[0] == "archive_duplicate"


def test_inspect_upload_more_than_ten_thousand_members_refused():
    out = io.BytesIO(minimal_docx())
    with zipfile.ZipFile(out, "a", zipfile.ZIP_STORED) as archive:
        for number in range(10_000):
            archive.writestr(f"customXml/i{number}", "")

    assert refusal(out.getvalue()) == (
        "archive_too_many", "The selected file for the executive summary contains more than 10,000 parts"
    )


def test_inspect_upload_member_unpacking_past_twenty_times_limit_refused():
    # 250,000 zero bytes deflate to a few hundred: small on the wire, 25 times the limit unpacked.
    bomb = minimal_docx({"word/media/padding.bin": b"\x00" * 250_000})
    assert len(bomb) < 10_000

    assert refusal(bomb, max_bytes=10_000) == ("archive_bomb", TOO_LARGE_UNPACKED)


def test_inspect_upload_many_members_adding_up_past_cap_refused():
    # No member is large: only the total across the archive gives the bomb away.
    bomb = minimal_docx({f"word/media/pad{number}.bin": b"\x00" * 9_000 for number in range(25)})

    assert refusal(bomb, max_bytes=10_000) == ("archive_bomb", TOO_LARGE_UNPACKED)


def test_inspect_upload_member_unpacking_within_twenty_times_limit_accepted():
    content = minimal_docx({"word/media/padding.bin": b"\x00" * 190_000})

    assert inspect(content, max_bytes=10_000).file_type == FileType.DOCX


def test_inspect_upload_member_lying_about_its_size_refused():
    # The headers claim 10 bytes for a member that inflates to 250,000: a checker trusting them would pass it.
    content = bytearray(minimal_docx({"word/media/padding.bin": b"\x00" * 250_000}))
    declared = struct.pack("<L", 250_000)
    assert content.count(declared) == 2
    content = bytes(content).replace(declared, struct.pack("<L", 10))

    assert refusal(bytes(content), max_bytes=10_000) == ("zip_damaged", DAMAGED)


def test_inspect_upload_cut_in_half_refused():
    content = python_docx_bytes()

    assert refusal(content[: len(content) // 2]) == ("zip_damaged", DAMAGED)


def test_inspect_upload_corrupt_deflate_stream_refused():
    content = bytearray(minimal_docx())
    start = content.index(b"[Content_Types].xml") + len("[Content_Types].xml")
    content[start:start + 40] = b"\xff" * 40  # the compressed bytes of the first member

    assert refusal(bytes(content))[1] == DAMAGED


def test_inspect_upload_member_with_wrong_crc_refused():
    content = bytearray(minimal_docx({"word/styles.xml": "<styles/>"}))
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as archive:
        crc = struct.pack("<L", archive.getinfo("word/styles.xml").CRC)
    assert content.count(crc) == 2
    content = bytes(content).replace(crc, struct.pack("<L", 0xDEADBEEF))

    assert refusal(content) == ("zip_damaged", DAMAGED)


def test_inspect_upload_zip_with_bytes_appended_refused():
    assert refusal(minimal_docx() + b"trailing payload") == ("zip_damaged", DAMAGED)


def test_inspect_upload_zip_with_gap_before_directory_refused():
    content = minimal_docx()
    directory_at = content.index(b"PK\x01\x02")
    end_at = content.index(b"PK\x05\x06")
    gap = b"hidden" * 10
    end_record = bytearray(content[end_at:])
    struct.pack_into("<L", end_record, 16, directory_at + len(gap))
    shifted = content[:directory_at] + gap + content[directory_at:end_at] + bytes(end_record)

    assert refusal(shifted) == ("zip_damaged", DAMAGED)


def test_inspect_upload_members_overlapping_refused():
    # Two directory entries pointing at the same data: the shape of a non-recursive zip bomb.
    content = bytearray(minimal_docx({"word/a.xml": "<a/>", "word/b.xml": "<b/>"}))
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as archive:
        first, second = archive.getinfo("word/a.xml"), archive.getinfo("word/b.xml")
    record = content.index(b"PK\x01\x02")
    while content[record + 46:record + 46 + len("word/b.xml")] != b"word/b.xml":
        record = content.index(b"PK\x01\x02", record + 1)
    struct.pack_into("<L", content, record + 42, first.header_offset)
    assert second.header_offset != first.header_offset

    assert refusal(bytes(content))[1] == DAMAGED


def test_inspect_upload_member_marked_encrypted_refused():
    content = bytearray(minimal_docx())
    directory_at = content.index(b"PK\x01\x02")
    flags = struct.unpack_from("<H", content, directory_at + 8)[0]
    struct.pack_into("<H", content, directory_at + 8, flags | 0x1)

    assert refusal(bytes(content)) == ("encrypted", "The selected file for the executive summary is password protected")


def test_inspect_upload_member_compressed_with_bzip2_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(minimal_docx())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_BZIP2) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))

    assert refusal(out.getvalue()) == ("zip_damaged", DAMAGED)


def test_inspect_upload_zip_with_data_descriptors_accepted():
    content = streamed_zip(python_docx_bytes())
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert {info.flag_bits & 0x8 for info in archive.infolist()} == {0x8}

    assert inspect(content).file_type == FileType.DOCX
