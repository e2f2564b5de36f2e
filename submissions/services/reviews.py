"""Registering a review and submitting its documents to the Panel."""

from django.db import transaction
from django.utils import timezone

from dhrqa.audit import record
from dhrqa.enums import AuditAction
from submissions.enums import REQUIRED_DOCUMENT_KINDS, SubmissionStatus
from submissions.models import CommunitySafetyPartnership, Document, Review, Submission


class SubmissionIncomplete(Exception):
    """A submission must carry every required document."""


def register_review(*, csp, registered_by, victim_pseudonym, perpetrator_pseudonym,
                    date_of_death, independent_chair_name):
    """Register a new review for `csp`.

    1. Lock the CSP row so two officers cannot take the same reference.
    2. Give the review the next reference for the CSP and year: KENT-2026-03.
    3. Save it and write the audit event.
    """
    with transaction.atomic():
        csp = CommunitySafetyPartnership.objects.select_for_update().get(pk=csp.pk)
        review = Review.objects.create(
            reference=_next_reference(csp),
            csp=csp,
            victim_pseudonym=victim_pseudonym,
            perpetrator_pseudonym=perpetrator_pseudonym,
            date_of_death=date_of_death,
            independent_chair_name=independent_chair_name,
            registered_by=registered_by,
        )
        record(registered_by, AuditAction.REVIEW_REGISTERED, review, csp=csp.name)
    return review


def _next_reference(csp):
    year = timezone.localdate().year
    prefix = f"{csp.code.upper()}-{year}-"
    taken = Review.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    numbers = [int(ref.removeprefix(prefix)) for ref in taken if ref.removeprefix(prefix).isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:02d}"


def submit_submission(*, review, submitted_by, files):
    """Send the review's documents to the Panel as its next submission.

    `files` maps each required DocumentKind to an (uploaded file, InspectedFile)
    pair that has already passed `inspect_upload`.

    1. Check every required document is there.
    2. In one transaction: number the submission, store each file under a
       random name, save the documents and write the audit event.
    3. If anything fails, remove the files already written, so nothing of
       the submission is left behind.
    """
    missing = [kind for kind in REQUIRED_DOCUMENT_KINDS if kind not in files]
    if missing:
        raise SubmissionIncomplete(f"Missing documents: {', '.join(missing)}")
    stored = []
    try:
        with transaction.atomic():
            review = Review.objects.select_for_update().get(pk=review.pk)
            submission = Submission.objects.create(
                review=review,
                number=review.submissions.count() + 1,
                status=SubmissionStatus.SUBMITTED,
                submitted_by=submitted_by,
                submitted_at=timezone.now(),
            )
            for kind in REQUIRED_DOCUMENT_KINDS:
                uploaded, inspected = files[kind]
                document = Document(
                    submission=submission,
                    kind=kind,
                    file_type=inspected.file_type,
                    original_name=_safe_name(uploaded.name),
                    size=inspected.size,
                    sha256=inspected.sha256,
                )
                document.file.save(uploaded.name, uploaded, save=False)
                stored.append(document.file.name)
                document.save()
            record(submitted_by, AuditAction.SUBMISSION_SUBMITTED, submission,
                   documents={kind: files[kind][1].sha256 for kind in REQUIRED_DOCUMENT_KINDS})
    except BaseException:
        for name in stored:
            Document.file.field.storage.delete(name)
        raise
    return submission


def submit_new_review(*, officer, details, files):
    """Register a review for the officer's CSP and submit its documents, all or nothing.

    `details` holds register_review's fields; `files` is as for submit_submission.
    """
    with transaction.atomic():
        review = register_review(csp=officer.csp, registered_by=officer, **details)
        submit_submission(review=review, submitted_by=officer, files=files)
    return review


def _safe_name(name):
    # Shown back to people, never used as a path: keep it printable and short.
    cleaned = "".join(ch for ch in (name or "") if ch.isprintable() and ch not in "/\\")
    return cleaned.strip()[:255] or "unnamed"
