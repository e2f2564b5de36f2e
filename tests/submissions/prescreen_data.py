"""Drafts whose documents already have their text, so the pre-screen can run on them in a test."""

from submissions.enums import DocumentKind, SubmissionStatus, TextStatus
from submissions.models import ExtractedText
from submissions.services.prescreen import run_prescreen
from tests.factories import DocumentFactory, RecommendationFactory, SubmissionFactory

REPORT = """1. Introduction
1.1 Louise was killed by Neil in 2024.
2. Background
2.1 Friends called it a volatile relationship.
2.2 Louise failed to engage with the IDVA.
3. Recommendations
Recommendation 1: Police training.
"""
SUMMARY = "Executive summary\nRecommendation 1 is about police training."


def with_text(submission, kind, text, *, name=None, page_starts=()):
    document = DocumentFactory(submission=submission, kind=kind, original_name=name or f"{kind}.pdf",
                               stored_file__text_status=TextStatus.DONE)
    ExtractedText.objects.create(stored_file=document.stored_file, text=text, page_starts=list(page_starts))
    return document


def replace_in_report(submission, old, new):
    """Change the overview report's text, as a new upload of it would."""
    text = ExtractedText.objects.get(stored_file__documents__submission=submission,
                                     stored_file__documents__kind=DocumentKind.OVERVIEW_REPORT)
    text.text = text.text.replace(old, new)
    text.save()


def checked_draft(report=REPORT, *, summary=SUMMARY, numbers=("1",), status=SubmissionStatus.DRAFT, **review):
    """A version with an overview report, executive summary and action plan rows, its pre-screen run."""
    submission = SubmissionFactory(status=status, documents=False, **review)
    with_text(submission, DocumentKind.OVERVIEW_REPORT, report, name="Overview report.pdf",
              page_starts=(0, report.index("2.")) if "2." in report else ())
    with_text(submission, DocumentKind.EXECUTIVE_SUMMARY, summary, name="Executive summary.docx")
    with_text(submission, DocumentKind.ACTION_PLAN, "", name="Action plan.xlsx")
    for position, number in enumerate(numbers, start=1):
        RecommendationFactory(submission=submission, position=position, number=number)
    run_prescreen(submission.pk)
    return submission
