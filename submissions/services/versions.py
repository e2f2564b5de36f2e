"""A CSP preparing, sending and withdrawing versions of its review."""

from django.db import transaction

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.transitions import IllegalTransition
from submissions import completeness, review_details
from submissions.enums import NEXT_VERSION_AFTER, SubmissionStatus
from submissions.models import Document, IssueResponse, RaisedIssue, Recommendation, Review, Submission
from submissions.services import notices
from submissions.queries import previous_version
from submissions.services.status import locked, move


class SubmissionIncomplete(IllegalTransition):
    """The draft lacks something it must carry; `problems` says what, one message each."""

    def __init__(self, problems):
        super().__init__(problems[0])
        self.problems = problems


def locked_draft(submission, message="This version has been sent and can no longer be changed"):
    """Lock a submission and check it is still a draft."""
    submission = locked(submission)
    if not submission.is_draft:
        raise IllegalTransition(message)
    return submission


def issues_to_answer(submission):
    """The issues raised about the version this one follows on from, in the order they were raised."""
    previous = previous_version(submission)
    if previous is None:
        return RaisedIssue.objects.none()
    return RaisedIssue.objects.filter(submission=previous).order_by("source", "position")


def draft_changed(submission):
    """A change to a (locked) draft undoes its declaration: the officer declares what is sent, as it is sent.

    It also asks for the draft's pre-screen again, which runs once the change is committed.
    """
    from submissions.services.prescreen import request_prescreen

    request_prescreen(submission)
    if submission.declaration_at is not None:
        submission.declaration_by = submission.declaration_at = None
        submission.save(update_fields=["declaration_by", "declaration_at"])


def start_next_version(*, review, started_by):
    """Start the next version of a review after a return, a withdrawal or a request for changes.

    1. Lock the review; check its newest version ended in a way that asks
       for another.
    2. Create the draft with the next number.
    3. Carry forward the previous version's documents (new rows pointing at
       the same stored files: no bytes are copied) and its recommendations,
       so the officer edits rather than starts again.
    4. Write the audit event.
    """
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        latest = review.submissions.order_by("-number").first()
        if latest is None or latest.status not in NEXT_VERSION_AFTER:
            raise IllegalTransition("A new version can be started only after a return, a withdrawal or a "
                                    "letter asking for changes")
        draft = Submission.objects.create(review=review, number=latest.number + 1, created_by=started_by)
        documents = list(latest.documents.all())
        Document.objects.bulk_create(
            Document(submission=draft, kind=document.kind, stored_file_id=document.stored_file_id,
                     original_name=document.original_name, added_by_id=document.added_by_id,
                     added_at=document.added_at)
            for document in documents
        )
        recommendations = list(latest.recommendations.all())
        for recommendation in recommendations:
            recommendation.pk = None
            recommendation.submission = draft
        Recommendation.objects.bulk_create(recommendations)
        record(started_by, AuditAction.SUBMISSION_STARTED, draft, review=review, version=draft.number,
               carried_forward={"documents": len(documents), "recommendations": len(recommendations)})
        draft_changed(draft)
    return draft


def answer_issues(*, submission, answered_by, answers):
    """Save the officer's answers to the issues raised about the previous version.

    `answers` maps RaisedIssue ids to text; an empty text removes an answer.

    1. Lock the draft; refuse ids that are not this version's issues.
    2. Save, change or remove each answer, and write one audit event.
    """
    with transaction.atomic():
        submission = locked_draft(submission)
        issues = {issue.pk: issue for issue in issues_to_answer(submission)}
        if set(answers) - set(issues):
            raise IllegalTransition("Answer only the issues raised about the previous version")
        existing = {response.issue_id: response for response in submission.issue_responses.all()}
        changed = False
        for issue_id, text in answers.items():
            response = existing.get(issue_id)
            if not text:
                if response is not None:
                    response.delete()
                    changed = True
            elif response is None:
                IssueResponse.objects.create(issue=issues[issue_id], submission=submission, text=text,
                                             answered_by=answered_by)
                changed = True
            elif response.text != text:
                response.text, response.answered_by, response.answered_at = text, answered_by, clock.now()
                response.save(update_fields=["text", "answered_by", "answered_at"])
                changed = True
        if changed:
            draft_changed(submission)
        record(answered_by, AuditAction.ISSUES_ANSWERED, submission, review=submission.review,
               answered=sum(1 for text in answers.values() if text), of=len(issues))
    return submission


def make_declaration(*, submission, declared_by):
    """Record that the officer made the declaration for this version (see the declaration page)."""
    with transaction.atomic():
        submission = locked_draft(submission)
        submission.declaration_by, submission.declaration_at = declared_by, clock.now()
        submission.save(update_fields=["declaration_by", "declaration_at"])
        record(declared_by, AuditAction.DECLARATION_MADE, submission, review=submission.review)
    return submission


def submission_problems(submission):
    """What the draft still lacks, as messages (see submissions.completeness)."""
    return completeness.problems(
        submission,
        documents=list(submission.documents.all()),
        recommendations=list(submission.recommendations.all()),
        issues=list(issues_to_answer(submission)),
        responses=list(submission.issue_responses.all()),
    )


def submit_submission(*, submission, submitted_by):
    """Send a complete draft to the Home Office.

    1. Lock the draft and check it is complete: required documents,
       recommendations (for a review), answers to every raised issue and
       the declaration. Otherwise raise SubmissionIncomplete.
    2. Give the review the particulars the draft changed (until now the
       Home Office saw them as last sent), and keep on the version the
       particulars it is sent with.
    3. Move it to "submitted" with who sent it and when; from now on it is
       frozen.
    4. Write the audit event (with every document's SHA-256) and, once the
       transaction commits, e-mail the CSP and the secretariat.
    """
    with transaction.atomic():
        # The review first, as update_review locks them, so the two cannot deadlock.
        review = Review.objects.select_for_update().get(pk=submission.review_id)
        submission = locked_draft(submission, "This version has already been sent")
        problems = submission_problems(submission)
        if problems:
            raise SubmissionIncomplete(problems)
        if submission.details is not None:
            review_details.apply_snapshot(review, submission.details)
        move(submission, SubmissionStatus.SUBMITTED, "This version has already been sent",
             submitted_by=submitted_by, submitted_at=clock.now(), details=review_details.snapshot_of(review))
        documents = submission.documents.select_related("stored_file")
        record(submitted_by, AuditAction.SUBMISSION_SUBMITTED, submission, review=submission.review,
               version=submission.number,
               documents=[{"kind": d.kind, "sha256": d.stored_file.sha256} for d in documents])
        notices.submission_received(submission)
    return submission


def withdraw_submission(*, submission, withdrawn_by, reason):
    """Withdraw a sent version that is not yet on a meeting's agenda.

    1. Check there is a reason: the Home Office reads it.
    2. Lock it and check it is submitted or accepted (not scheduled).
    3. Move it to "withdrawn" with the reason; write the audit event.
    """
    reason = reason.strip()
    if not reason:
        raise IllegalTransition("Enter the reason for withdrawing the version")
    with transaction.atomic():
        submission = locked(submission)
        move(submission, SubmissionStatus.WITHDRAWN,
             "Only a version that is not yet on a meeting's agenda can be withdrawn", withdrawal_reason=reason)
        record(withdrawn_by, AuditAction.SUBMISSION_WITHDRAWN, submission, review=submission.review,
               version=submission.number, reason=reason)
    return submission
