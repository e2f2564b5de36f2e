from submissions.models.documents import Document, ExtractedText, StoredFile
from submissions.models.issues import IssueResponse, RaisedIssue
from submissions.models.prescreen import LexiconEntry, Prescreen, PrescreenFinding
from submissions.models.recommendations import Recommendation
from submissions.models.reviews import Review, ReviewPerson
from submissions.models.submissions import IntakeDecision, Submission

__all__ = [
    "Document",
    "ExtractedText",
    "IntakeDecision",
    "IssueResponse",
    "LexiconEntry",
    "Prescreen",
    "PrescreenFinding",
    "RaisedIssue",
    "Recommendation",
    "Review",
    "ReviewPerson",
    "StoredFile",
    "Submission",
]
