"""Registering reviews and submitting their documents (submissions/services/)."""

import datetime
import re
import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone

from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from submissions.enums import DocumentKind, FileType, SubmissionStatus
from submissions.models import Document, Review, Submission
from submissions.services.reviews import SubmissionIncomplete, register_review, submit_submission
from submissions.uploads import InspectedFile, inspect_upload
from tests.factories import CSPFactory, ReviewFactory, SubmissionFactory, UserFactory, docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def register(csp, officer, victim="Louise"):
    return register_review(
        csp=csp,
        registered_by=officer,
        victim_pseudonym=victim,
        perpetrator_pseudonym="Neil",
        date_of_death=datetime.date(2024, 3, 27),
        independent_chair_name="Robin Chair",
    )


def inspected_files(contents=None):
    """What the form hands the service: each kind with its upload and inspection."""
    contents = contents or {
        DocumentKind.OVERVIEW_REPORT: ("overview.pdf", pdf_bytes("Overview")),
        DocumentKind.EXECUTIVE_SUMMARY: ("summary.docx", docx_bytes("Summary")),
        DocumentKind.ACTION_PLAN: ("action-plan.pdf", pdf_bytes("Action plan")),
    }
    files = {}
    for kind, (name, content) in contents.items():
        uploaded = SimpleUploadedFile(name, content)
        files[kind] = (uploaded, inspect_upload(uploaded, label="the document"))
    return files


def audit_events(action):
    return list(AuditEvent.objects.filter(action=action).values_list("actor", "object_type", "object_id", "detail"))


def test_register_review_first_reference_for_csp_and_year():
    csp = CSPFactory(code="kent", name="Kent Community Safety Partnership")
    officer = UserFactory(csp_officer=True, csp=csp)

    review = register(csp, officer)

    assert review.reference == f"KENT-{YEAR}-01"
    assert Review.objects.filter(pk=review.pk).values_list(
        "reference", "csp", "victim_pseudonym", "perpetrator_pseudonym", "date_of_death",
        "independent_chair_name", "registered_by",
    ).get() == (
        f"KENT-{YEAR}-01", csp.pk, "Louise", "Neil", datetime.date(2024, 3, 27), "Robin Chair", officer.pk,
    )


def test_register_review_second_reference_follows_first():
    csp = CSPFactory(code="kent")
    officer = UserFactory(csp_officer=True, csp=csp)
    register(csp, officer, victim="Louise")

    second = register(csp, officer, victim="Anna")

    assert second.reference == f"KENT-{YEAR}-02"


def test_register_review_numbers_each_csp_separately():
    kent, surrey = CSPFactory(code="kent"), CSPFactory(code="surrey")
    kent_officer = UserFactory(csp_officer=True, csp=kent)
    surrey_officer = UserFactory(csp_officer=True, csp=surrey)
    register(kent, kent_officer)
    register(kent, kent_officer)

    surrey_review = register(surrey, surrey_officer)

    assert surrey_review.reference == f"SURREY-{YEAR}-01"
    assert sorted(Review.objects.values_list("reference", flat=True)) == [
        f"KENT-{YEAR}-01", f"KENT-{YEAR}-02", f"SURREY-{YEAR}-01",
    ]


def test_register_review_follows_highest_number_not_count():
    csp = CSPFactory(code="kent")
    officer = UserFactory(csp_officer=True, csp=csp)
    ReviewFactory(csp=csp, reference=f"KENT-{YEAR}-07")
    ReviewFactory(csp=csp, reference=f"KENT-{YEAR - 1}-12")

    review = register(csp, officer)

    assert review.reference == f"KENT-{YEAR}-08"


def test_register_review_writes_audit_event():
    csp = CSPFactory(code="kent", name="Kent Community Safety Partnership")
    officer = UserFactory(csp_officer=True, csp=csp)

    review = register(csp, officer)

    assert audit_events(AuditAction.REVIEW_REGISTERED) == [
        (officer.pk, "submissions.Review", str(review.pk), {"csp": "Kent Community Safety Partnership"}),
    ]


def test_submit_submission_stores_three_documents(new_document_files):
    review = ReviewFactory()
    files = inspected_files()

    submission = submit_submission(review=review, submitted_by=review.registered_by, files=files)

    documents = list(submission.documents.order_by("kind"))
    assert [
        (d.kind, d.file_type, d.original_name, d.size, d.sha256) for d in documents
    ] == [
        (DocumentKind.ACTION_PLAN, FileType.PDF, "action-plan.pdf", len(pdf_bytes("Action plan")),
         hashlib.sha256(pdf_bytes("Action plan")).hexdigest()),
        (DocumentKind.EXECUTIVE_SUMMARY, FileType.DOCX, "summary.docx", len(docx_bytes("Summary")),
         hashlib.sha256(docx_bytes("Summary")).hexdigest()),
        (DocumentKind.OVERVIEW_REPORT, FileType.PDF, "overview.pdf", len(pdf_bytes("Overview")),
         hashlib.sha256(pdf_bytes("Overview")).hexdigest()),
    ]
    assert {Path(settings.PRIVATE_STORAGE_ROOT, d.file.name).read_bytes() for d in documents} == {
        pdf_bytes("Action plan"), docx_bytes("Summary"), pdf_bytes("Overview"),
    }
    assert new_document_files() == {Path(d.file.name).name for d in documents}


def test_submit_submission_names_files_randomly_never_by_upload_name():
    review = ReviewFactory()
    files = inspected_files({
        DocumentKind.OVERVIEW_REPORT: ("..\\..\\passwd.pdf", pdf_bytes()),
        DocumentKind.EXECUTIVE_SUMMARY: ("summary.pdf", pdf_bytes()),
        DocumentKind.ACTION_PLAN: ("plan\x00.pdf", pdf_bytes()),
    })

    submission = submit_submission(review=review, submitted_by=review.registered_by, files=files)

    documents = {d.kind: d for d in submission.documents.all()}
    overview = documents[DocumentKind.OVERVIEW_REPORT]
    assert re.fullmatch(r"documents/[0-9a-f]{32}\.pdf", overview.file.name)
    assert overview.original_name == "....passwd.pdf"
    assert documents[DocumentKind.ACTION_PLAN].original_name == "plan.pdf"


def test_submit_submission_first_is_number_one_and_submitted():
    review = ReviewFactory()

    submission = submit_submission(review=review, submitted_by=review.registered_by, files=inspected_files())

    assert (submission.number, submission.status, submission.submitted_by) == (
        1, SubmissionStatus.SUBMITTED, review.registered_by,
    )


def test_submit_submission_resubmission_numbered_next():
    review = ReviewFactory()
    SubmissionFactory(review=review, number=1, status=SubmissionStatus.DECIDED)

    submission = submit_submission(review=review, submitted_by=review.registered_by, files=inspected_files())

    assert list(review.submissions.order_by("number").values_list("number", "status")) == [
        (1, SubmissionStatus.DECIDED), (2, SubmissionStatus.SUBMITTED),
    ]
    assert submission.number == 2


def test_submit_submission_writes_audit_event_with_fingerprints():
    review = ReviewFactory()
    files = inspected_files()

    submission = submit_submission(review=review, submitted_by=review.registered_by, files=files)

    assert audit_events(AuditAction.SUBMISSION_SUBMITTED) == [(
        review.registered_by.pk, "submissions.Submission", str(submission.pk),
        {"documents": {
            "overview_report": hashlib.sha256(pdf_bytes("Overview")).hexdigest(),
            "executive_summary": hashlib.sha256(docx_bytes("Summary")).hexdigest(),
            "action_plan": hashlib.sha256(pdf_bytes("Action plan")).hexdigest(),
        }},
    )]


def test_submit_submission_missing_kind_raises_and_stores_nothing(new_document_files):
    review = ReviewFactory()
    files = inspected_files()
    del files[DocumentKind.ACTION_PLAN]

    with pytest.raises(SubmissionIncomplete) as incomplete:
        submit_submission(review=review, submitted_by=review.registered_by, files=files)

    assert str(incomplete.value) == "Missing documents: action_plan"
    assert Submission.objects.count() == 0
    assert Document.objects.count() == 0
    assert AuditEvent.objects.filter(action=AuditAction.SUBMISSION_SUBMITTED).count() == 0
    assert new_document_files() == set()


def test_submit_submission_failure_on_last_document_removes_stored_files(new_document_files):
    review = ReviewFactory()
    files = inspected_files()
    uploaded, inspected = files[DocumentKind.ACTION_PLAN]
    # A negative size breaks the column's CHECK constraint after the first two
    # documents, and this one's file, are already on disk.
    files[DocumentKind.ACTION_PLAN] = (uploaded, InspectedFile(
        file_type=inspected.file_type, size=-1, sha256=inspected.sha256,
    ))

    with pytest.raises(IntegrityError):
        submit_submission(review=review, submitted_by=review.registered_by, files=files)

    assert Submission.objects.count() == 0
    assert Document.objects.count() == 0
    assert AuditEvent.objects.filter(action=AuditAction.SUBMISSION_SUBMITTED).count() == 0
    assert new_document_files() == set()
