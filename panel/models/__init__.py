from panel.models.criteria import Criterion
from panel.models.letters import Letter, LetterBundle, LetterTemplate
from panel.models.meetings import AgendaItem, Meeting, MeetingMember
from panel.models.national import RoutedRecommendation, RoutedRecommendationMove
from panel.models.outcomes import Outcome, OutcomeSet
from panel.models.publications import Publication
from panel.models.readers import Assessment, ConflictOfInterest, CriterionJudgement, ReaderAssignment, SuggestedIssue
from panel.models.verdicts import NationalRecommendationResponse, Verdict, VerdictIssue

__all__ = [
    "AgendaItem",
    "Assessment",
    "ConflictOfInterest",
    "Criterion",
    "CriterionJudgement",
    "Letter",
    "LetterBundle",
    "LetterTemplate",
    "Meeting",
    "MeetingMember",
    "NationalRecommendationResponse",
    "Outcome",
    "OutcomeSet",
    "Publication",
    "ReaderAssignment",
    "RoutedRecommendation",
    "RoutedRecommendationMove",
    "SuggestedIssue",
    "Verdict",
    "VerdictIssue",
]
