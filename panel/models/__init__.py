from panel.models.letters import Letter, LetterTemplate
from panel.models.meetings import AgendaItem, Meeting
from panel.models.verdicts import NationalRecommendationResponse, Verdict, VerdictIssue

__all__ = [
    "AgendaItem",
    "Letter",
    "LetterTemplate",
    "Meeting",
    "NationalRecommendationResponse",
    "Verdict",
    "VerdictIssue",
]
