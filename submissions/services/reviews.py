"""Registering a review and keeping its particulars up to date."""

from django.db import transaction

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.models import CommunitySafetyPartnership
from dhrqa.transitions import IllegalTransition
from submissions import review_details
from submissions.enums import SubmissionStatus
from submissions.models import Review, Submission
from submissions.references import format_reference
from submissions.services.versions import draft_changed


def register_review(*, officer, kind, details, people):
    """Register a new review (or decision not to review) for the officer's CSP, with its first draft.

    `details` and `people` are as `submissions.review_details.snapshot` takes
    them: the details form's fields, and dicts for the victims and perpetrators
    in the order typed.

    1. Lock the CSP row so two officers cannot take the same reference.
    2. Number the review for the CSP and year, and format its reference.
    3. Save the review, its people and a draft version 1.
    4. Write the audit events.
    """
    taken = review_details.snapshot(details, people)
    with transaction.atomic():
        csp = CommunitySafetyPartnership.objects.select_for_update().get(pk=officer.csp_id)
        year = clock.today().year
        last = (
            Review.objects.filter(csp=csp, reference_year=year)
            .order_by("-reference_number").values_list("reference_number", flat=True).first()
        )
        number = (last or 0) + 1
        review = Review.objects.create(
            reference=format_reference(csp_code=csp.code, year=year, number=number),
            reference_year=year, reference_number=number, kind=kind, csp=csp,
            registered_by=officer, **review_details.field_values(taken),
        )
        review_details.save_people(review, taken)
        submission = Submission.objects.create(review=review, number=1, created_by=officer)
        record(officer, AuditAction.REVIEW_REGISTERED, review, review=review, csp=csp.name, kind=kind)
        record(officer, AuditAction.SUBMISSION_STARTED, submission, review=review, version=1)
    return review


def update_review(*, review, changed_by, details, people):
    """Change a review's particulars while its CSP is preparing a version.

    1. Lock the review and its draft; refuse without a draft.
    2. Before any version has been sent, change the review itself. Once one
       has, what it was sent with stays as the Home Office read it: keep the
       changes on the draft, to take effect when the draft is sent.
    3. Undo the draft's declaration (what was declared has changed) and
       write one audit event naming the fields that changed.
    """
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        draft = review.submissions.select_for_update().filter(status=SubmissionStatus.DRAFT).first()
        if draft is None:
            raise IllegalTransition("The review's details can be changed only while a version is being prepared")
        current = review_details.pending_or_current(draft, review)
        wanted = review_details.snapshot(details, people)
        changed = review_details.changed_fields(current, wanted)
        if not changed:
            return review
        if review.submissions.exclude(status=SubmissionStatus.DRAFT).exists():
            draft.details = wanted
            draft.save(update_fields=["details"])
        else:
            review_details.apply_snapshot(review, wanted)
        draft_changed(draft)
        record(changed_by, AuditAction.REVIEW_CHANGED, review, review=review, fields=changed,
               version=draft.number)
    return review
