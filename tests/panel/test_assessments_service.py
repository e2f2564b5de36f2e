"""panel.services.assessments: a reader saves drafts, then submits once; every refusal with a real case."""

import pytest

from dhrqa.enums import AuditAction
from panel.enums import AssessmentStatus, MeetingStatus, VerdictStatus
from panel.models import Assessment, CriterionJudgement, SuggestedIssue
from panel.outcomes import criteria_for
from panel.refusals import (
    AssessmentChangedMeanwhile,
    AssessmentClosed,
    AssessmentIncomplete,
    AssessmentRefused,
    OutcomeNotInForce,
    PapersNotReleased,
)
from panel.services.assessments import Judgement, Suggestion, save_assessment
from panel.services.criteria import change_criterion
from tests.factories import AgendaItemFactory, MeetingFactory, UserFactory, VerdictFactory, outcome
from tests.panel.assessing import reader_of
from tests.panel.crossing import race
from tests.panel.scenario import audit_trail

pytestmark = pytest.mark.django_db

ISSUE = Suggestion("Paragraph 5.12 could read as blaming the victim", "Executive Summary 5.12")


@pytest.fixture
def item():
    """A review on the agenda of a meeting whose papers are out (9 December 2026: Publish, ... or Resubmit)."""
    return AgendaItemFactory(meeting=MeetingFactory(released=True), submission__documents=False)


@pytest.fixture
def reading(item):
    return reader_of(item)


def every_criterion(item, judgement="Adequate"):
    return [Judgement(criterion.pk, judgement, f"On {criterion.heading}.")
            for criterion in criteria_for(item.submission.review.kind)]


def save(reading, *, submit=False, saved_by=None, outcome_code="publish", judgements=None, suggestions=(ISSUE,),
         strengths="  Good family involvement.  "):
    return save_assessment(
        assignment=reading, saved_by=saved_by or reading.reader, strengths=strengths,
        recommended_outcome=outcome_code, judgements=every_criterion(reading.agenda_item)
        if judgements is None else judgements, suggestions=suggestions, submit=submit,
    )


def stored(assessment):
    """What the database holds for an assessment: its fields, judgements and issues."""
    assessment.refresh_from_db()
    return {
        "status": assessment.status,
        "strengths": assessment.strengths,
        "outcome": assessment.recommended_outcome.code if assessment.recommended_outcome else "",
        "judgements": list(CriterionJudgement.objects.filter(assessment=assessment)
                           .values_list("criterion__heading", "judgement", "comment")),
        "issues": list(SuggestedIssue.objects.filter(assessment=assessment).values_list("position", "text",
                                                                                          "citation")),
    }


def test_save_assessment_draft_stores_answers_and_audit_event(reading):
    timescales = criteria_for("review").get(heading="Timescales")

    assessment = save(reading, outcome_code="", judgements=[Judgement(timescales.pk, "Inadequate", " Late. ")],
                      suggestions=[ISSUE, Suggestion("   ", "ignored: no issue")])

    assert stored(assessment) == {
        "status": AssessmentStatus.DRAFT, "strengths": "Good family involvement.", "outcome": "",
        "judgements": [("Timescales", "Inadequate", "Late.")],
        "issues": [(1, ISSUE.text, ISSUE.citation)],
    }
    assert assessment.submitted_at is None
    assert audit_trail(assessment) == [(reading.reader.pk, AuditAction.ASSESSMENT_SAVED,
                                        {"outcome": "", "judged": 1, "suggestions": 1})]


def test_save_assessment_draft_again_replaces_the_draft(reading):
    first = save(reading, suggestions=[ISSUE, Suggestion("Second issue")])
    timescales = criteria_for("review").get(heading="Timescales")

    again = save(reading, outcome_code="resubmit", judgements=[Judgement(timescales.pk, "Adequate")],
                 suggestions=[Suggestion("Only this one")], strengths="")

    assert again.pk == first.pk
    assert Assessment.objects.count() == 1
    assert stored(again) == {
        "status": AssessmentStatus.DRAFT, "strengths": "", "outcome": "resubmit",
        "judgements": [("Timescales", "Adequate", "")], "issues": [(1, "Only this one", "")],
    }
    assert [action for _, action, _ in audit_trail(again)] == [AuditAction.ASSESSMENT_SAVED] * 2


def test_save_assessment_submit_complete_submits(reading):
    assessment = save(reading, submit=True, outcome_code="publish_after_changes")

    assert stored(assessment)["status"] == AssessmentStatus.SUBMITTED
    assert stored(assessment)["outcome"] == "publish_after_changes"
    assert len(stored(assessment)["judgements"]) == criteria_for("review").count() == 12
    assert assessment.submitted_at is not None
    assert audit_trail(assessment) == [(reading.reader.pk, AuditAction.ASSESSMENT_SUBMITTED,
                                        {"outcome": "publish_after_changes", "judged": 12, "suggestions": 1})]


def test_save_assessment_submit_after_a_draft_submits_it(reading):
    draft = save(reading, outcome_code="")

    submitted = save(reading, submit=True)

    assert submitted.pk == draft.pk
    assert stored(submitted)["status"] == AssessmentStatus.SUBMITTED


def test_save_assessment_by_another_reader_refused(item, reading):
    other = reader_of(item)

    with pytest.raises(AssessmentRefused, match="Only the reader can change their assessment"):
        save(reading, saved_by=other.reader)

    assert Assessment.objects.count() == 0


def test_save_assessment_by_the_chair_refused(item, reading):
    with pytest.raises(AssessmentRefused):
        save(reading, saved_by=item.meeting.chair)

    assert Assessment.objects.count() == 0


def test_save_assessment_before_papers_released_refused():
    item = AgendaItemFactory(meeting=MeetingFactory(), submission__documents=False)
    reading = reader_of(item)

    with pytest.raises(PapersNotReleased, match="The papers for this meeting have not been released yet"):
        save(reading)

    assert Assessment.objects.count() == 0


def test_save_assessment_after_verdict_refused():
    item = AgendaItemFactory(meeting=MeetingFactory(held=True), submission__documents=False)
    reading = reader_of(item)
    save(reading, outcome_code="")
    VerdictFactory(agenda_item=item, outcome=outcome("publish", "publication-2016"), status=VerdictStatus.PENDING,
                   confirmed_by=None, confirmed_at=None)

    with pytest.raises(AssessmentClosed, match="The Panel has recorded its verdict on this report"):
        save(reading, submit=True)

    assert stored(reading.assessment)["status"] == AssessmentStatus.DRAFT
    assert stored(reading.assessment)["outcome"] == ""


def test_save_assessment_at_a_closed_meeting_refused(item, reading):
    item.meeting.status = MeetingStatus.CLOSED
    item.meeting.save()

    with pytest.raises(AssessmentClosed):
        save(reading)

    assert Assessment.objects.count() == 0


def test_save_assessment_submitted_twice_refused(reading):
    assessment = save(reading, submit=True, outcome_code="publish")

    with pytest.raises(AssessmentRefused, match="You have already submitted your assessment of this report"):
        save(reading, submit=True, outcome_code="resubmit")
    with pytest.raises(AssessmentRefused):
        save(reading, outcome_code="resubmit")

    assert stored(assessment)["outcome"] == "publish"
    assert len(audit_trail(assessment)) == 1


def test_save_assessment_judgement_not_offered_refused(reading):
    judgements = every_criterion(reading.agenda_item)
    judgements[0] = Judgement(judgements[0].criterion_id, "Excellent")

    with pytest.raises(AssessmentRefused, match="For Timescales, choose one of: Adequate, Inadequate"):
        save(reading, judgements=judgements)

    assert Assessment.objects.count() == 0


def test_save_assessment_retired_criterion_refused(reading, secretariat):
    timescales = criteria_for("review").get(heading="Timescales")
    change_criterion(criterion=timescales, changed_by=secretariat, is_active=False)

    with pytest.raises(AssessmentRefused, match="Judge the report only against the criteria listed"):
        save(reading, judgements=[Judgement(timescales.pk, "Adequate")])

    assert Assessment.objects.count() == 0


def test_save_assessment_outcome_of_another_set_refused(reading):
    # "Adequate" is the 2011 set's: this meeting, in 2026, uses Publish, Publish after changes or Resubmit.
    with pytest.raises(OutcomeNotInForce, match="Publish, Publish after changes, Resubmit"):
        save(reading, outcome_code="adequate")

    assert Assessment.objects.count() == 0


def test_save_assessment_submit_without_every_judgement_refused(reading):
    judgements = every_criterion(reading.agenda_item)
    judgements[-1] = Judgement(judgements[-1].criterion_id, "", "A comment but no judgement")

    with pytest.raises(AssessmentIncomplete, match="Give a judgement for every criterion before submitting: "
                                                   "Anonymisation"):
        save(reading, submit=True, judgements=judgements)

    assert Assessment.objects.count() == 0


def test_save_assessment_submit_without_outcome_refused(reading):
    with pytest.raises(AssessmentIncomplete, match="Choose the outcome you recommend before submitting"):
        save(reading, submit=True, outcome_code="")

    assert Assessment.objects.count() == 0


def test_save_assessment_retired_criterion_not_needed_to_submit(reading, secretariat):
    anonymisation = criteria_for("review").get(heading="Anonymisation")
    change_criterion(criterion=anonymisation, changed_by=secretariat, is_active=False)

    assessment = save(reading, submit=True)

    assert stored(assessment)["status"] == AssessmentStatus.SUBMITTED
    assert len(stored(assessment)["judgements"]) == 11


def test_save_assessment_not_a_panel_member_refused(reading):
    officer = UserFactory(csp_officer=True)

    with pytest.raises(AssessmentRefused):
        save(reading, saved_by=officer)

    assert Assessment.objects.count() == 0



def saved_from(reading, based_on, strengths):
    return save_assessment(assignment=reading, saved_by=reading.reader, strengths=strengths, recommended_outcome="",
                           judgements=[], suggestions=[], submit=False, based_on=based_on)


def test_save_assessment_from_a_stale_revision_refused_and_saves_nothing(reading):
    saved_from(reading, 0, "First tab.")

    with pytest.raises(AssessmentChangedMeanwhile,
                       match="^Your assessment was saved again after you opened this page$") as crossed:
        saved_from(reading, 0, "Second tab.")

    assessment = Assessment.objects.get(assignment=reading)
    assert (crossed.value.saved_by, crossed.value.saved_at) == (reading.reader, assessment.saved_at)
    assert (assessment.strengths, assessment.revision) == ("First tab.", 1)
    assert [action for _, action, _ in audit_trail(assessment)] == [AuditAction.ASSESSMENT_SAVED]


def test_save_assessment_each_save_moves_the_revision_on(reading):
    saved_from(reading, 0, "One.")
    saved_from(reading, 1, "Two.")

    assessment = saved_from(reading, 2, "Three.")

    assert (assessment.strengths, assessment.revision) == ("Three.", 3)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_save_assessment_two_saves_at_once_from_one_revision_one_is_refused(reading):
    saved_from(reading, 0, "Opened in two tabs.")

    first, second, waited = race(lambda: saved_from(reading, 1, "First save."),
                                 lambda: saved_from(reading, 1, "Second save."))

    assert waited is True
    assert isinstance(first, Assessment)
    assert isinstance(second, AssessmentChangedMeanwhile)
    assessment = Assessment.objects.get(assignment=reading)
    assert (assessment.strengths, assessment.revision) == ("First save.", 2)
