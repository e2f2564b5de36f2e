"""Readers and their assessments for the assessment and meeting mode tests, made as the services would leave them."""

import factory
from django.utils import timezone

from panel.enums import AssessmentStatus
from panel.models import Assessment, CriterionJudgement, MeetingMember, SuggestedIssue
from panel.outcomes import criteria_for
from tests.factories import ReaderAssignmentFactory, UserFactory


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A submitted assessment recommending `recommended_outcome`; pass status=draft for a draft."""

    class Meta:
        model = Assessment

    assignment = factory.SubFactory(ReaderAssignmentFactory)
    status = AssessmentStatus.SUBMITTED
    strengths = "A clear account of the victim's life."
    submitted_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == AssessmentStatus.SUBMITTED else None)


def reader_of(item, reader=None, **kwargs):
    """A panel member invited to the item's meeting and made its reader, as assign_reader leaves them."""
    reader = reader or UserFactory(panel_member=True)
    MeetingMember.objects.get_or_create(meeting=item.meeting, member=reader,
                                        defaults={"invited_by": item.meeting.created_by})
    return ReaderAssignmentFactory(agenda_item=item, reader=reader, **kwargs)


def assessed(reading, outcome, *, judgement="Adequate", comment="", status=AssessmentStatus.SUBMITTED,
             issues=(), strengths="A clear account of the victim's life."):
    """`reading`'s assessment: `judgement` on every criterion in force, the given issues as (text, citation)."""
    assessment = AssessmentFactory(assignment=reading, status=status, recommended_outcome=outcome,
                                   strengths=strengths)
    criteria = criteria_for(reading.agenda_item.submission.review.kind)
    CriterionJudgement.objects.bulk_create(
        CriterionJudgement(assessment=assessment, criterion=criterion, judgement=judgement,
                           comment=comment or f"{reading.reader.full_name} on {criterion.heading}.")
        for criterion in criteria
    )
    SuggestedIssue.objects.bulk_create(
        SuggestedIssue(assessment=assessment, position=position, text=text, citation=citation)
        for position, (text, citation) in enumerate(issues, start=1)
    )
    return assessment
