from submissions.models.csp import CommunitySafetyPartnership
from submissions.models.documents import Document
from submissions.models.reviews import Review, Submission

__all__ = ["CommunitySafetyPartnership", "Document", "Review", "Submission"]
