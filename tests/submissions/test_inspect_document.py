"""`manage.py inspect_document`: the same verdict as an upload, as output and an exit code."""

import hashlib
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pikepdf
import pytest
from django.core.management import CommandError, call_command

from tests.submissions.sample_documents import openpyxl_bytes, pikepdf_pdf, weasyprint_pdf

ROOT = Path(__file__).resolve().parents[2]


def run(*arguments):
    out = StringIO()
    call_command("inspect_document", *[str(argument) for argument in arguments], stdout=out)
    return out.getvalue()


def test_inspect_document_accepted_pdf_prints_type_pages_and_hash(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(weasyprint_pdf(pages=3))

    output = run(path, "--kind", "overview_report")

    assert output == f"Accepted: PDF\nPages: 3\nSHA-256: {hashlib.sha256(path.read_bytes()).hexdigest()}\n"


def test_inspect_document_workbook_says_pages_not_known(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(openpyxl_bytes())

    assert run(path).splitlines()[:2] == ["Accepted: Excel spreadsheet (XLSX)", "Pages: not known"]


def test_inspect_document_refused_file_prints_message_and_exits_1(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(openpyxl_bytes())
    out = StringIO()

    with pytest.raises(SystemExit) as exited:
        call_command("inspect_document", str(path), "--kind", "overview_report", stdout=out)

    assert (exited.value.code, out.getvalue()) == (1, (
        "Refused: The selected file for the overview report must be a PDF, Word document (DOCX) or "
        "OpenDocument text (ODT)\nReason: type_not_allowed\n"
    ))


def test_inspect_document_missing_path_is_an_error_with_exit_code_2(tmp_path):
    with pytest.raises(CommandError) as failed:
        run(tmp_path / "missing.pdf")

    assert (str(failed.value), failed.value.returncode) == (f"There is no file at {tmp_path / 'missing.pdf'}", 2)


def test_inspect_document_as_a_process_exits_0_then_1(tmp_path):
    accepted, refused = tmp_path / "report.pdf", tmp_path / "encrypted.pdf"
    accepted.write_bytes(weasyprint_pdf(pages=1))
    refused.write_bytes(pikepdf_pdf(encryption=pikepdf.Encryption(user="secret", owner="secret")))
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "dhrqa.test_settings"}

    results = [
        subprocess.run([sys.executable, "manage.py", "inspect_document", str(path)], cwd=ROOT, env=environment,
                       capture_output=True, text=True, timeout=60)
        for path in (accepted, refused)
    ]

    assert [(result.returncode, result.stdout.splitlines()[0]) for result in results] == [
        (0, "Accepted: PDF"),
        (1, "Refused: The selected file for the document is password protected"),
    ]
