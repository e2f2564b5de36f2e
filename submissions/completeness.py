"""What a draft version still needs before it can be sent: the task list's statuses."""

from dataclasses import dataclass

from submissions.enums import REQUIRED_DOCUMENT_KINDS, DOCUMENT_KIND_PHRASES, CaseKind

COMPLETED = "Completed"
INCOMPLETE = "Incomplete"
CANNOT_START = "Cannot start yet"


@dataclass(frozen=True)
class Task:
    name: str
    status: str
    url: str  # where the task is done, or "" when it cannot be started yet

    @property
    def done(self):
        return self.status == COMPLETED


def missing_documents(submission, documents):
    present = {document.kind for document in documents}
    return [kind for kind in REQUIRED_DOCUMENT_KINDS[submission.review.kind] if kind not in present]


def unanswered_issues(issues, responses):
    answered = {response.issue_id for response in responses if response.text.strip()}
    return [issue for issue in issues if issue.pk not in answered]


def problems(submission, *, documents, recommendations, issues, responses):
    """Why the draft cannot be sent yet, as GOV.UK messages; empty when it can."""
    found = [f"Add {DOCUMENT_KIND_PHRASES[kind]}" for kind in missing_documents(submission, documents)]
    if submission.review.kind == CaseKind.REVIEW and not recommendations:
        found.append("Add the review's recommendations")
    if unanswered_issues(issues, responses):
        found.append("Answer every issue raised about the previous version")
    if submission.declaration_at is None:
        found.append("Make the declaration")
    return found
