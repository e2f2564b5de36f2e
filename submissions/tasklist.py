"""What a version's page shows: its contents, the task list of a draft, and what changed since the last version."""

from django.db.models import prefetch_related_objects
from django.urls import reverse

from submissions import completeness, prescreen_summary, review_details
from submissions.completeness import CANNOT_START, COMPLETED, INCOMPLETE, Task
from submissions.enums import CaseKind, DocumentKind
from submissions.models import Document, IssueResponse, RaisedIssue, Recommendation
from submissions.queries import previous_version


# Documents in the order the kinds are declared: the reports first, then the optional ones.
KIND_ORDER = {kind: position for position, kind in enumerate(DocumentKind)}


def version_context(submission, *, preparing):
    """Everything `submissions/version_detail.html` needs, in a fixed number of queries."""
    review = submission.review
    # The summary of particulars reads the people several times: once from the database.
    prefetch_related_objects([review], "people")
    documents = sorted(
        Document.objects.filter(submission=submission).select_related("stored_file"),
        key=lambda document: (KIND_ORDER[document.kind], document.added_at, document.pk),
    )
    recommendations = list(Recommendation.objects.filter(submission=submission).order_by("position"))
    previous = previous_version(submission) if submission.number > 1 else None
    issues = list(RaisedIssue.objects.filter(submission=previous).order_by("source", "position")) if previous else []
    responses = list(IssueResponse.objects.filter(submission=submission))
    answers = {response.issue_id: response for response in responses}
    previous_hashes = (
        set(Document.objects.filter(submission=previous).values_list("stored_file__sha256", flat=True))
        if previous else set()
    )
    problems = completeness.problems(
        submission, documents=documents, recommendations=recommendations, issues=issues, responses=responses,
    )
    prescreen = prescreen_summary.summary(submission) if preparing else None
    return {
        "review": review,
        "prescreen": prescreen,
        # The particulars this version shows: a draft's as it will send them, a sent version's as it was sent.
        "shown": review_details.as_sent(submission),
        "submission": submission,
        "preparing": preparing,
        "documents": [
            (document, previous is not None and document.stored_file.sha256 in previous_hashes)
            for document in documents
        ],
        "recommendations": recommendations,
        "previous": previous,
        "issues": [(issue, answers.get(issue.pk)) for issue in issues],
        "problems": problems,
        "tasks": _tasks(submission, previous, documents, recommendations, issues, responses, prescreen)
        if preparing else [],
        "raised_on_this_version": list(
            RaisedIssue.objects.filter(submission=submission).order_by("source", "position")
        ) if not submission.is_draft else [],
    }


def _tasks(submission, previous, documents, recommendations, issues, responses, prescreen):
    review = submission.review

    def url(name):
        return reverse(f"submissions:{name}", kwargs={"reference": review.reference, "number": submission.number})

    missing = completeness.missing_documents(submission, documents)
    prepare = [
        Task("Review details", COMPLETED, reverse("submissions:review_details", kwargs={"reference": review.reference})),
        Task("Documents", INCOMPLETE if missing else COMPLETED, url("documents")),
    ]
    if review.kind == CaseKind.REVIEW:
        prepare.append(Task("Recommendations", COMPLETED if recommendations else INCOMPLETE, url("recommendations")))
    if issues:
        unanswered = completeness.unanswered_issues(issues, responses)
        prepare.append(Task(f"Answer the issues raised about version {previous.number}",
                            INCOMPLETE if unanswered else COMPLETED, url("issues")))
    ready = all(task.done for task in prepare)
    # The pre-screen informs the CSP; it never stops the version being sent (the Panel decides).
    prepare.append(Task("Pre-screen", prescreen.label, url("prescreen")))
    declared = submission.declaration_at is not None
    send = [
        Task("Declaration", COMPLETED if declared else INCOMPLETE, url("declaration")),
        Task("Check and send", INCOMPLETE if ready and declared else CANNOT_START,
             url("submit") if ready and declared else ""),
    ]
    return [("Prepare the submission", prepare), ("Send it to the Home Office", send)]
