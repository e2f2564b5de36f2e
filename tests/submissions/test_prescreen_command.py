"""`manage.py prescreen`: the pre-screen on real files outside the application, one JSON object a finding."""

import io
import json

import docx
import openpyxl
import pytest
import weasyprint
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db

SECTIONS = ["Introduction", "Timescales", "Confidentiality", "Terms of reference", "Methodology",
            "Involvement of family and friends", "Contributors to the review", "Review panel members",
            "Chair and author", "Parallel reviews", "Dissemination", "Background information", "Chronology",
            "Overview", "Analysis", "Conclusions", "Lessons learned"]


def report_pdf(path):
    """Two pages: every model section but equality and diversity, numbered paragraphs, planted faults."""
    first = "".join(f"<h2>{n}. {title}</h2><p>{n}.1 Text about {title.lower()}.</p>"
                    for n, title in enumerate(SECTIONS[:8], start=1))
    second = "".join(f"<h2>{n}. {title}</h2><p>{n}.1 Text about {title.lower()}.</p>"
                     for n, title in enumerate(SECTIONS[8:], start=9))
    second += ("<p>17.2 Officers called it a volatile relationship.</p>"
               "<p>17.3 They lived at 14 Mill Road, Westshire WS4 7QT.</p>"
               "<h2>18. Recommendations</h2><p>Recommendation 1: train officers.</p>"
               "<p>Recommendation 2: audit MARAC referrals.</p>")
    html = f'<div style="page-break-after: always">{first}</div><div>{second}</div>'
    weasyprint.HTML(string=html).write_pdf(path)


def summary_docx(path):
    document = docx.Document()
    document.add_paragraph("Executive summary")
    document.add_paragraph("The review makes Recommendations 1 and 2.")
    document.save(path)


def plan_xlsx(path, numbers):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Number", "Recommendation", "Lead"])
    for number in numbers:
        sheet.append([number, "Do something", "Police"])
    workbook.save(path)


def run(*args):
    out = io.StringIO()
    try:
        call_command("prescreen", *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def test_prescreen_json_lines_for_each_finding(tmp_path):
    report_pdf(tmp_path / "Westshire overview report.pdf")
    summary_docx(tmp_path / "executive summary.docx")
    plan_xlsx(tmp_path / "action plan.xlsx", ["1", "2", "3"])

    code, out = run("--json", "--pseudonym", "Louise", *(str(tmp_path / name) for name in (
        "Westshire overview report.pdf", "executive summary.docx", "action plan.xlsx")))

    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [(line["check"], line["page"], line["paragraph"], line["quote"]) for line in lines[:2]] == [
        ("language", 2, "17.2", "17.2 Officers called it a volatile relationship."),
        ("identifiers", 2, "17.3", "17.3 They lived at 14 Mill Road, Westshire WS4 7QT."),
    ]
    assert lines[0]["document"] == {"kind": "overview_report", "kind_label": "Overview report",
                                    "name": "Westshire overview report.pdf"}
    assert [(line["check"], line["document"]["kind"], line["message"].split(":")[0]) for line in lines[2:]] == [
        ("sections", "overview_report",
         "The model overview report has a section “Equality and diversity”, and this report has no heading for it"),
        ("recommendations", "action_plan",
         "Recommendation 3 is in the action plan but the overview report does not name it. Number the "
         "recommendations in the report as the action plan does."),
    ]


def test_prescreen_clean_report_exits_0_and_prints_nothing(tmp_path):
    document = docx.Document()
    document.add_paragraph("Recommendation 1: train staff.")
    document.save(tmp_path / "notes.docx")

    assert run("--summary", str(tmp_path / "notes.docx")) == (0, "")


def test_prescreen_text_output_names_the_check_and_place(tmp_path):
    document = docx.Document()
    document.add_paragraph("She failed to engage.")
    document.save(tmp_path / "summary.docx")

    code, out = run("--summary", str(tmp_path / "summary.docx"))

    assert (code, out.splitlines()[0].split("“")[0]) == (1, "Language: summary.docx: ")


def test_prescreen_unusable_files_exit_2_with_a_reason(tmp_path):
    (tmp_path / "one.docx").write_bytes(b"not a document")
    (tmp_path / "two.docx").write_bytes(b"not a document")

    with pytest.raises(CommandError, match="There is no file at") as missing:
        call_command("prescreen", str(tmp_path / "absent.pdf"))
    with pytest.raises(CommandError, match="Cannot tell what kind of document") as unknown:
        call_command("prescreen", str(tmp_path / "one.docx"), str(tmp_path / "two.docx"))
    with pytest.raises(CommandError, match="was refused") as refused:
        call_command("prescreen", "--report", str(tmp_path / "one.docx"))

    assert (missing.value.returncode, unknown.value.returncode, refused.value.returncode) == (2, 2, 2)
