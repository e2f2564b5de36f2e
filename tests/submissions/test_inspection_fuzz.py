"""Whatever bytes arrive, inspection accepts them or refuses them with UploadRejected: it never crashes."""

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from submissions.enums import DocumentKind
from submissions.inspection import InspectedFile, UploadRejected, inspect_upload
from submissions.inspection.ole import OLE_MAGIC
from tests.submissions.sample_documents import (
    compound_file,
    hand_made_pdf,
    minimal_odt,
    odfpy_bytes,
    openpyxl_bytes,
    pikepdf_pdf,
    python_docx_bytes,
    weasyprint_pdf,
)

# Examples are few and small so that the whole file runs in a few seconds.
FUZZ = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def samples():
    """Valid files of every type, each with the name that lets the deepest checks run on its mutants."""
    return [
        (hand_made_pdf(), "report.pdf"),
        (weasyprint_pdf(pages=2), "report.pdf"),
        (pikepdf_pdf(pages=2, object_stream_mode=pikepdf.ObjectStreamMode.generate), "report.pdf"),
        (python_docx_bytes(), "report.docx"),
        (openpyxl_bytes(), "report.xlsx"),
        (odfpy_bytes(), "report.odt"),
        (minimal_odt(), "report.odt"),
        (compound_file({"WordDocument": b"\xec\xa5" + b"\x00" * 4094}), "report.doc"),
    ]


def outcome(content, name):
    """InspectedFile or UploadRejected; anything else raised fails the test."""
    try:
        return inspect_upload(SimpleUploadedFile(name, content), kind=DocumentKind.OTHER)
    except UploadRejected as rejected:
        assert str(rejected) and rejected.reason
        return rejected


def test_inspect_upload_random_bytes_never_crash():
    @FUZZ
    @given(prefix=st.sampled_from([b"", b"%PDF-1.7\n", b"PK\x03\x04", OLE_MAGIC, b"MZ"]),
           body=st.binary(max_size=2048),
           name=st.sampled_from(["report.pdf", "report.docx", "report.odt", "report.xlsx"]))
    def check(prefix, body, name):
        assert isinstance(outcome(prefix + body, name), (InspectedFile, UploadRejected))

    check()


def test_inspect_upload_bit_flipped_files_never_crash(samples):
    @FUZZ
    @given(index=st.integers(0, len(samples) - 1), flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 7)),
                                                                  min_size=1, max_size=8))
    def check(index, flips):
        content, name = samples[index]
        mutated = bytearray(content)
        for where, bit in flips:
            mutated[min(int(where * len(mutated)), len(mutated) - 1)] ^= 1 << bit
        assert isinstance(outcome(bytes(mutated), name), (InspectedFile, UploadRejected))

    check()


def test_inspect_upload_truncated_files_never_crash(samples):
    @FUZZ
    @given(index=st.integers(0, len(samples) - 1), keep=st.floats(0, 1))
    def check(index, keep):
        content, name = samples[index]
        assert isinstance(outcome(content[: int(keep * len(content))], name), (InspectedFile, UploadRejected))

    check()


def test_inspect_upload_spliced_files_never_crash(samples):
    @FUZZ
    @given(first=st.integers(0, len(samples) - 1), second=st.integers(0, len(samples) - 1),
           cut=st.floats(0, 1), resume=st.floats(0, 1))
    def check(first, second, cut, resume):
        (head, name), (tail, _) = samples[first], samples[second]
        spliced = head[: int(cut * len(head))] + tail[int(resume * len(tail)):]
        assert isinstance(outcome(spliced, name), (InspectedFile, UploadRejected))

    check()
