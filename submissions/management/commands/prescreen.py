"""Run the pre-screen on files outside the application: `manage.py prescreen [--json] FILE [FILE ...]`."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from submissions.enums import DocumentKind
from submissions.inspection import UploadRejected, inspect_path
from submissions.inspection.text import TextExtractionFailed, extract_text_and_pages
from submissions.prescreen import CHECK_LABELS, Source, run_checks
from submissions.services.prescreen import active_lexicon

FINDINGS_EXIT_CODE = 1
UNUSABLE_EXIT_CODE = 2
# The kinds a file's name suggests, tried in this order: "Kent action plan v2.xlsx" is an action plan.
NAME_HINTS = [
    (DocumentKind.ACTION_PLAN, ("action plan", "action-plan", "action_plan", "actionplan")),
    (DocumentKind.EXECUTIVE_SUMMARY, ("summary", "exec")),
    (DocumentKind.OVERVIEW_REPORT, ("overview", "report")),
]
KIND_OPTIONS = {"report": DocumentKind.OVERVIEW_REPORT, "summary": DocumentKind.EXECUTIVE_SUMMARY,
                "plan": DocumentKind.ACTION_PLAN}


def kind_from_name(path):
    name = Path(path).name.lower()
    for kind, hints in NAME_HINTS:
        if any(hint in name for hint in hints):
            return kind
    return None


class Command(BaseCommand):
    help = (
        "Run the pre-screen checks (language, identifiers outside the pseudonym key, model sections, "
        "recommendations) on an overview report, executive summary and action plan given as PDF, DOCX, ODT or "
        "XLSX files. Each file's kind comes from --report, --summary or --plan, or else from its name: one "
        "containing 'action plan' is the action plan, 'summary' or 'exec' the executive summary, "
        "'overview' or 'report' the overview report; a single file with no such name is taken as the overview "
        "report. With --json, prints one JSON object a line for each finding, with the keys check, document "
        "(kind, kind_label, name), page, paragraph, quote and message; without, a line of text for each. "
        "Exit status: 0 when nothing was found, 1 when there are findings, 2 when a file is missing, refused "
        "by the upload checks, unreadable, or of a kind that cannot be told."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", metavar="FILE", help="Files whose kind comes from their names.")
        parser.add_argument("--report", action="append", default=[], metavar="FILE",
                            help="The overview report.")
        parser.add_argument("--summary", action="append", default=[], metavar="FILE",
                            help="The executive summary.")
        parser.add_argument("--plan", action="append", default=[], metavar="FILE", help="The action plan.")
        parser.add_argument("--pseudonym", action="append", default=[], metavar="NAME",
                            help="A name of the pseudonym key, never flagged (repeat for each).")
        parser.add_argument("--json", dest="as_json", action="store_true",
                            help="One JSON object a line for each finding.")

    def handle(self, *args, files, report, summary, plan, pseudonym, as_json, **options):
        kinds = [(path, KIND_OPTIONS[option]) for option, paths in
                 (("report", report), ("summary", summary), ("plan", plan)) for path in paths]
        for path in files:
            kind = kind_from_name(path) or (DocumentKind.OVERVIEW_REPORT if len(files) + len(kinds) == 1 else None)
            if kind is None:
                raise CommandError(f"Cannot tell what kind of document {path} is: name it with --report, "
                                   "--summary or --plan", returncode=UNUSABLE_EXIT_CODE)
            kinds.append((path, kind))
        if not kinds:
            raise CommandError("Name at least one file", returncode=UNUSABLE_EXIT_CODE)
        sources = [self._source(path, kind) for path, kind in kinds]
        findings = run_checks(sources, lexicon=active_lexicon(), pseudonyms=pseudonym)
        for finding in findings:
            self.stdout.write(_json_line(finding) if as_json else _text_line(finding))
        if findings:
            raise SystemExit(FINDINGS_EXIT_CODE)

    def _source(self, path, kind):
        if not Path(path).is_file():
            raise CommandError(f"There is no file at {path}", returncode=UNUSABLE_EXIT_CODE)
        try:
            inspected = inspect_path(path, kind=kind)
            text, page_starts = extract_text_and_pages(path, inspected.file_type)
        except UploadRejected as rejected:
            raise CommandError(f"{path} was refused: {rejected}", returncode=UNUSABLE_EXIT_CODE) from rejected
        except TextExtractionFailed as failed:
            raise CommandError(f"{path}: {failed}", returncode=UNUSABLE_EXIT_CODE) from failed
        except OSError as error:
            raise CommandError(f"The file at {path} cannot be read: {error.strerror}",
                               returncode=UNUSABLE_EXIT_CODE) from error
        return Source(kind=kind, name=Path(path).name, text=text, page_starts=tuple(page_starts))


def _json_line(finding):
    return json.dumps(finding.as_json(), ensure_ascii=False)


def _text_line(finding):
    where = ", ".join(part for part in (
        finding.document_name, f"page {finding.page}" if finding.page else "",
        f"paragraph {finding.paragraph}" if finding.paragraph else "") if part)
    quote = f" “{finding.quote}”" if finding.quote else ""
    return f"{CHECK_LABELS[finding.check]}: {where}:{quote} {finding.message}"
