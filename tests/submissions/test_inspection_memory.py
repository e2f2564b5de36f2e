"""A 100MB upload is checked by streaming: the web process grows by at most 30MB while it is."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.submissions.sample_documents import hand_made_pdf, minimal_docx, write_large_docx, write_large_pdf

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("inspection_memory_probe.py")
MAX_GROWTH_KIB = 30 * 1024
HUNDRED_MB = 100 * 1024 * 1024
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    """Inspect a 100MB PDF and a 100MB DOCX in one child process; its findings by file name."""
    folder = tmp_path_factory.mktemp("large")
    write_large_pdf(folder / "report.pdf", pages=100, image_bytes=HUNDRED_MB // 100 + 8192)
    write_large_docx(folder / "report.docx", media_bytes=HUNDRED_MB)
    (folder / "small.pdf").write_bytes(hand_made_pdf())
    (folder / "small.docx").write_bytes(minimal_docx())
    arguments = [str(folder / "report.pdf"), "report.pdf", "application/pdf", str(folder / "small.pdf"),
                 str(folder / "report.docx"), "report.docx", DOCX_MEDIA_TYPE, str(folder / "small.docx")]
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "dhrqa.test_settings", "PYTHONPATH": str(ROOT)}
    finished = subprocess.run([sys.executable, str(PROBE), *arguments], cwd=ROOT, env=environment,
                              capture_output=True, text=True, timeout=120, check=True)
    results = [json.loads(line) for line in finished.stdout.splitlines() if line.startswith("{")]
    return {result["name"]: result for result in results}


def test_inspect_upload_100mb_pdf_grows_process_by_under_30mb(measured):
    result = measured["report.pdf"]

    assert (result["file_type"], result["page_count"]) == ("pdf", 100)
    assert result["size"] > HUNDRED_MB
    assert result["growth_kib"] < MAX_GROWTH_KIB


def test_inspect_upload_100mb_docx_grows_process_by_under_30mb(measured):
    result = measured["report.docx"]

    assert (result["file_type"], result["page_count"]) == ("docx", None)
    assert result["size"] > HUNDRED_MB
    assert result["growth_kib"] < MAX_GROWTH_KIB
