"""A reader's assessment of one report: saved as a draft as often as they like, then submitted once."""

from dataclasses import dataclass

from django.db import transaction

from dhrqa import clock
from dhrqa.audit import record
from dhrqa.enums import AuditAction
from dhrqa.transitions import check_move
from panel.enums import ASSESSING, ASSESSMENT_MOVES, MeetingStatus
from panel.models import AgendaItem, Assessment, CriterionJudgement, ReaderAssignment, SuggestedIssue, Verdict
from panel.outcomes import criteria_for, outcome_in_set, outcome_set_for_item
from panel.refusals import (
    AssessmentChangedMeanwhile,
    AssessmentClosed,
    AssessmentIncomplete,
    AssessmentRefused,
    PapersNotReleased,
)


@dataclass(frozen=True)
class Judgement:
    """A reader's judgement of the report against one criterion, and their comment."""

    criterion_id: int
    judgement: str = ""
    comment: str = ""


@dataclass(frozen=True)
class Suggestion:
    """An issue a reader suggests the letter raises, and where in the report, if they say."""

    text: str
    citation: str = ""


def save_assessment(*, assignment, saved_by, strengths, recommended_outcome, judgements, suggestions, submit,
                    based_on=None):
    """Save a reader's assessment as a draft, or submit it.

    `recommended_outcome` is an outcome code of the set in force, or "";
    `judgements` a list of Judgement; `suggestions` a list of Suggestion;
    `based_on` the revision the form was filled in from, 0 for none saved yet
    (None: not checked).

    1. Lock the agenda item (as record_verdict does, so a verdict recorded
       meanwhile closes the assessment first), then the assignment; check the
       reader is the one saving it.
    2. Check the meeting's papers are out and the Panel has not recorded its
       verdict on the item, that the move is allowed (ASSESSMENT_MOVES), and
       that the assessment is still at revision `based_on` (a save from another
       tab meanwhile is AssessmentChangedMeanwhile; the assignment's lock makes
       two saves from the same revision wait for each other, so one is refused).
    3. Check every judgement is one the criterion offers and the outcome is in
       the set in force; to submit, every criterion judged and an outcome chosen.
    4. Save the assessment, one revision on, with its judgements and
       suggestions (replacing the draft's), and write the audit event.
    """
    with transaction.atomic():
        # The item before the assignment: moving an item locks them in that order too.
        list(AgendaItem.objects.select_for_update(of=("self",)).filter(readers=assignment.pk).values_list("pk"))
        assignment = (
            ReaderAssignment.objects.select_for_update(of=("self",))
            .select_related("agenda_item__meeting", "agenda_item__submission__review", "reader")
            .filter(pk=assignment.pk).first()
        )
        if assignment is None:
            raise AssessmentRefused("You are no longer a reader of this report")
        if assignment.reader_id != saved_by.pk:
            raise AssessmentRefused("Only the reader can change their assessment")
        item = assignment.agenda_item
        _check_open(item)
        status = check_move(ASSESSMENT_MOVES, assignment.assessment_status, "submit" if submit else "save",
                            "You have already submitted your assessment of this report", error=AssessmentRefused)
        saved = assignment.assessment_or_none
        if based_on is not None and based_on != (saved.revision if saved else 0):
            raise AssessmentChangedMeanwhile("Your assessment was saved again after you opened this page",
                                             saved_by=assignment.reader, saved_at=saved.saved_at if saved else None)
        criteria = {criterion.pk: criterion for criterion in criteria_for(item.submission.review.kind)}
        judgements = _checked_judgements(judgements, criteria)
        outcome = outcome_in_set(outcome_set_for_item(item), recommended_outcome) if recommended_outcome else None
        suggestions = [Suggestion(s.text.strip(), s.citation.strip()) for s in suggestions if s.text.strip()]
        if submit:
            _check_complete(judgements, criteria, outcome)
        now = clock.now()
        assessment = saved or Assessment(assignment=assignment, started_at=now, revision=0)
        assessment.revision += 1
        assessment.status = status
        assessment.strengths = strengths.strip()
        assessment.recommended_outcome = outcome
        assessment.saved_at = now
        assessment.submitted_at = now if submit else None
        assessment.save()
        assessment.judgements.all().delete()
        CriterionJudgement.objects.bulk_create(
            CriterionJudgement(assessment=assessment, criterion_id=j.criterion_id, judgement=j.judgement,
                               comment=j.comment) for j in judgements
        )
        assessment.suggested_issues.all().delete()
        SuggestedIssue.objects.bulk_create(
            SuggestedIssue(assessment=assessment, position=position, text=s.text, citation=s.citation)
            for position, s in enumerate(suggestions, start=1)
        )
        record(saved_by, AuditAction.ASSESSMENT_SUBMITTED if submit else AuditAction.ASSESSMENT_SAVED, assessment,
               review=item.submission.review, outcome=outcome.code if outcome else "",
               judged=sum(1 for j in judgements if j.judgement), suggestions=len(suggestions))
    return assessment


def _check_open(item):
    if item.meeting.status == MeetingStatus.PLANNED:
        raise PapersNotReleased("The papers for this meeting have not been released yet")
    if item.meeting.status not in ASSESSING or Verdict.objects.filter(agenda_item=item).exists():
        raise AssessmentClosed("The Panel has recorded its verdict on this report: assessments are closed")


def _checked_judgements(judgements, criteria):
    checked = {}
    for judgement in judgements:
        criterion = criteria.get(judgement.criterion_id)
        if criterion is None:
            raise AssessmentRefused("Judge the report only against the criteria listed")
        value, comment = judgement.judgement.strip(), judgement.comment.strip()
        if value and value not in criterion.judgement_options:
            raise AssessmentRefused(f"For {criterion.heading}, choose one of: {', '.join(criterion.judgement_options)}")
        if value or comment:
            checked[criterion.pk] = Judgement(criterion.pk, value, comment)
    return list(checked.values())


def _check_complete(judgements, criteria, outcome):
    judged = {j.criterion_id for j in judgements if j.judgement}
    missing = [criterion.heading for pk, criterion in criteria.items() if pk not in judged]
    if missing:
        raise AssessmentIncomplete(f"Give a judgement for every criterion before submitting: {', '.join(missing)}")
    if outcome is None:
        raise AssessmentIncomplete("Choose the outcome you recommend before submitting")
