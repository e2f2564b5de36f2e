"""Verdicts: recorded pending at a held meeting, revised, confirmed, and changed only by the chair with a reason."""

import pytest

from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from panel.enums import AgendaItemStatus, LetterStatus, MeetingStatus, VerdictStatus
from panel.models import NationalRecommendationResponse, Verdict
from panel.refusals import (
    LetterAlreadySigned,
    MeetingNotHeld,
    NationalRecommendationsUnanswered,
    NotThisSubmissionsRecommendation,
    OutcomeNotInForce,
    ReasonRequired,
    VerdictChangedMeanwhile,
    VerdictRefused,
)
from panel.services.letters import issue_letter
from panel.services.verdicts import (
    IssueDraft,
    ResponseDraft,
    change_verdict,
    confirm_verdict,
    record_verdict,
    revise_verdict,
)
from submissions.enums import IssueSource, SubmissionStatus
from submissions.models import RaisedIssue
from tests.dhrqa.letters import make_letter
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    ReaderAssignmentFactory,
    RecommendationFactory,
    UserFactory,
)
from tests.panel.crossing import race
from tests.panel.scenario import COMMENDATION, ISSUES, NATIONAL_RESPONSES, action_plan, audit_trail, responses

pytestmark = pytest.mark.django_db


def record(item, chair, **changes):
    fields = {"outcome": "adequate", "commendation": COMMENDATION, "issues": ISSUES, **changes}
    if "national_responses" not in fields:
        fields["national_responses"] = responses(item.submission)
    return record_verdict(agenda_item=item, recorded_by=chair, **fields)


def contents(verdict):
    verdict.refresh_from_db()
    return {
        "outcome": verdict.outcome.code,
        "commendation": verdict.commendation,
        "issues": list(verdict.issues.values_list("text", flat=True)),
        "responses": [(response.recommendation_numbers(), response.routed_to, response.text)
                      for response in verdict.national_responses.prefetch_related("recommendations")],
    }


# record_verdict


def test_record_verdict_saves_pending_verdict_in_letter_order(agenda_item, chair):
    verdict = record(agenda_item, chair, commendation=f"  {COMMENDATION}\n")

    assert (verdict.status, verdict.recorded_by, verdict.revision) == (VerdictStatus.PENDING, chair, 1)
    assert contents(verdict) == {
        "outcome": "adequate",
        "commendation": COMMENDATION,
        "issues": ISSUES,
        "responses": [(["3"], "home_office", NATIONAL_RESPONSES[0][1]),
                      (["5", "6", "8"], "home_office", NATIONAL_RESPONSES[1][1])],
    }
    agenda_item.refresh_from_db()
    agenda_item.submission.refresh_from_db()
    # The CSP's version waits for the chair to confirm.
    assert (agenda_item.status, agenda_item.submission.status) == (AgendaItemStatus.DISCUSSED,
                                                                    SubmissionStatus.SCHEDULED)
    assert audit_trail(verdict) == [
        (chair.pk, AuditAction.VERDICT_RECORDED, {"outcome": "adequate", "issues": 2, "national_responses": 2}),
    ]


@pytest.mark.parametrize("status", [MeetingStatus.PLANNED, MeetingStatus.PAPERS_RELEASED, MeetingStatus.CLOSED])
def test_record_verdict_meeting_not_being_held_refused(status, chair):
    meeting = MeetingFactory(chair=chair, status=status,
                             papers_released_at=None if status == MeetingStatus.PLANNED else "2026-11-01T10:00Z")
    item = AgendaItemFactory(meeting=meeting, submission__documents=False)

    with pytest.raises(MeetingNotHeld):
        record(item, chair, national_responses=[])

    assert Verdict.objects.count() == 0
    item.refresh_from_db()
    assert item.status == AgendaItemStatus.SCHEDULED


def test_record_verdict_outcome_of_another_set_refused(agenda_item, chair):
    # The meeting is in the adequate / inadequate years: "publish" came later.
    with pytest.raises(OutcomeNotInForce, match="^Choose one of the outcomes the Panel uses for this case: "
                                                "Adequate, Inadequate$"):
        record(agenda_item, chair, outcome="publish")

    assert Verdict.objects.count() == 0


def test_record_verdict_current_meeting_takes_publication_outcomes(chair):
    item = AgendaItemFactory(meeting=MeetingFactory(chair=chair, held=True), submission__documents=False)

    verdict = record(item, chair, outcome="publish_after_changes", national_responses=[])

    assert (verdict.outcome.outcome_set.code, verdict.outcome.label) == ("publication-2016", "Publish after changes")
    with pytest.raises(OutcomeNotInForce):
        record(AgendaItemFactory(meeting=item.meeting, submission__documents=False), chair, outcome="adequate",
               national_responses=[])


def test_record_verdict_by_someone_not_chairing_the_meeting_refused(agenda_item):
    with pytest.raises(VerdictRefused, match="^Only the chair of the meeting can record, confirm or change its "
                                             "verdicts$"):
        record(agenda_item, UserFactory(chair=True))

    assert Verdict.objects.count() == 0


def test_confirm_verdict_by_someone_not_chairing_the_meeting_refused(pending_verdict):
    with pytest.raises(VerdictRefused):
        confirm_verdict(verdict=pending_verdict, confirmed_by=UserFactory(chair=True))

    pending_verdict.refresh_from_db()
    assert pending_verdict.status == VerdictStatus.PENDING


def test_record_verdict_second_verdict_refused(pending_verdict, chair):
    with pytest.raises(VerdictRefused, match="^A verdict has already been recorded for this review: change it instead$"):
        record(pending_verdict.agenda_item, chair, outcome="inadequate")

    assert list(Verdict.objects.values_list("pk", "outcome__code")) == [(pending_verdict.pk, "adequate")]
    assert AuditEvent.objects.filter(action=AuditAction.VERDICT_RECORDED).count() == 1


def test_record_verdict_recommendation_of_another_version_refused(agenda_item, chair):
    elsewhere = RecommendationFactory(scope="national", national_body="home_office")

    with pytest.raises(NotThisSubmissionsRecommendation):
        record(agenda_item, chair, national_responses=[
            ResponseDraft(recommendation_ids=(elsewhere.pk,), routed_to="home_office", text="A response.")])

    assert Verdict.objects.count() == 0
    assert NationalRecommendationResponse.objects.count() == 0


def test_record_verdict_local_recommendation_refused(agenda_item, chair):
    local = agenda_item.submission.recommendations.get(number="1")

    with pytest.raises(NotThisSubmissionsRecommendation):
        record(agenda_item, chair, national_responses=[
            ResponseDraft(recommendation_ids=(local.pk,), routed_to="home_office", text="A response.")])

    assert Verdict.objects.count() == 0


def test_record_verdict_recommendation_answered_twice_refused(agenda_item, chair):
    with pytest.raises(NotThisSubmissionsRecommendation, match="^Recommendation 5 is answered twice: answer it once$"):
        record(agenda_item, chair, national_responses=responses(
            agenda_item.submission, [([5, 6], "First."), ([5, 8], "Second.")]))

    assert Verdict.objects.count() == 0


def test_record_verdict_other_body_without_its_name_refused(agenda_item, chair):
    three = agenda_item.submission.recommendations.get(number="3")

    with pytest.raises(NotThisSubmissionsRecommendation, match="^Choose the body each response is routed to$"):
        record(agenda_item, chair, national_responses=[
            ResponseDraft(recommendation_ids=(three.pk,), routed_to="other", text="A response.")])

    assert Verdict.objects.count() == 0


def test_record_verdict_issue_from_readers_suggestion_keeps_its_source(agenda_item, chair):
    reading = ReaderAssignmentFactory(agenda_item=agenda_item)
    suggestion = reading_suggestion(reading, "Paragraph 5.12 reads as victim blaming.", "Executive Summary 5.12")
    other_item_suggestion = reading_suggestion(ReaderAssignmentFactory(), "Elsewhere.", "")

    verdict = record(agenda_item, chair, issues=[
        IssueDraft("Executive Summary 5.12: paragraph 5.12 reads as victim blaming.", suggestion.pk),
        IssueDraft("Typed by the chair."),
        IssueDraft("Claims another item's suggestion.", other_item_suggestion.pk),
        IssueDraft("   "),
    ])

    assert list(verdict.issues.values_list("position", "text", "suggestion")) == [
        (1, "Executive Summary 5.12: paragraph 5.12 reads as victim blaming.", suggestion.pk),
        (2, "Typed by the chair.", None),
        (3, "Claims another item's suggestion.", None),
    ]


def reading_suggestion(reading, text, citation):
    from panel.models import Assessment, SuggestedIssue

    assessment = Assessment.objects.create(assignment=reading, status="draft")
    return SuggestedIssue.objects.create(assessment=assessment, position=1, text=text, citation=citation)


# revise_verdict


def test_revise_verdict_replaces_contents_and_audits(pending_verdict, chair):
    revise_verdict(verdict=pending_verdict, revised_by=chair, outcome="inadequate", commendation="",
                   issues=["Only one issue now."],
                   national_responses=responses(pending_verdict.agenda_item.submission, [([3, 5, 6, 8], "All.")]))

    assert contents(pending_verdict) == {
        "outcome": "inadequate", "commendation": "", "issues": ["Only one issue now."],
        "responses": [(["3", "5", "6", "8"], "home_office", "All.")],
    }
    assert (pending_verdict.status, pending_verdict.revision) == (VerdictStatus.PENDING, 2)
    assert audit_trail(pending_verdict)[-1] == (chair.pk, AuditAction.VERDICT_REVISED, {
        "outcome": "inadequate", "issues": 1, "national_responses": 1, "revision": 2})


def test_revise_verdict_confirmed_refused(verdict, chair):
    with pytest.raises(VerdictRefused, match="^This verdict has been confirmed: change it with a reason$"):
        revise_verdict(verdict=verdict, revised_by=chair, outcome="inadequate", commendation="", issues=[],
                       national_responses=[])

    assert contents(verdict)["outcome"] == "adequate"


# confirm_verdict


def test_confirm_verdict_marks_version_decided_and_audits(pending_verdict, chair):
    confirm_verdict(verdict=pending_verdict, confirmed_by=chair)

    pending_verdict.refresh_from_db()
    submission = pending_verdict.agenda_item.submission
    submission.refresh_from_db()
    assert (pending_verdict.status, pending_verdict.confirmed_by) == (VerdictStatus.CONFIRMED, chair)
    assert submission.status == SubmissionStatus.DECIDED
    assert audit_trail(pending_verdict)[-1] == (chair.pk, AuditAction.VERDICT_CONFIRMED,
                                                {"outcome": "adequate", "revision": 1})


def test_confirm_verdict_national_recommendation_unanswered_refused(agenda_item, chair):
    pending = record(agenda_item, chair, national_responses=responses(agenda_item.submission, [([3, 5], "Some.")]))

    with pytest.raises(NationalRecommendationsUnanswered,
                       match="^Respond to national recommendations 6, 8 before confirming the verdict$"):
        confirm_verdict(verdict=pending, confirmed_by=chair)

    pending.refresh_from_db()
    agenda_item.submission.refresh_from_db()
    assert (pending.status, agenda_item.submission.status) == (VerdictStatus.PENDING, SubmissionStatus.SCHEDULED)


def test_confirm_verdict_twice_refused(verdict, chair):
    with pytest.raises(VerdictRefused, match="^This verdict has already been confirmed$"):
        confirm_verdict(verdict=verdict, confirmed_by=chair)

    assert AuditEvent.objects.filter(action=AuditAction.VERDICT_CONFIRMED).count() == 1


def test_confirm_verdict_after_meeting_closed_refused(pending_verdict, chair):
    pending_verdict.agenda_item.meeting.__class__.objects.filter(pk=pending_verdict.agenda_item.meeting_id).update(
        status=MeetingStatus.CLOSED)

    with pytest.raises(MeetingNotHeld, match="^This meeting has been closed$"):
        confirm_verdict(verdict=pending_verdict, confirmed_by=chair)


# change_verdict


def change(verdict, by, reason="The Panel misread section 4.", **changes):
    fields = {"outcome": "inadequate", "commendation": "", "issues": ["Rewrite section 4."], **changes}
    if "national_responses" not in fields:
        fields["national_responses"] = responses(verdict.agenda_item.submission)
    return change_verdict(verdict=verdict, changed_by=by, reason=reason, **fields)


def test_change_verdict_with_reason_keeps_before_and_after_in_audit(verdict, chair):
    before = contents(verdict)

    change(verdict, chair)

    assert contents(verdict)["outcome"] == "inadequate"
    assert verdict.status == VerdictStatus.CONFIRMED
    actor, action, detail = audit_trail(verdict)[-1]
    assert (actor, action, detail["reason"], detail["revision"]) == (
        chair.pk, AuditAction.VERDICT_CHANGED, "The Panel misread section 4.", 2)
    assert detail["before"] == {
        "outcome": "adequate", "commendation": before["commendation"], "issues": before["issues"],
        "national_responses": [{"recommendations": numbers, "routed_to": body, "text": text}
                               for numbers, body, text in before["responses"]],
    }
    assert (detail["after"]["outcome"], detail["after"]["issues"]) == ("inadequate", ["Rewrite section 4."])


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_change_verdict_without_reason_refused(reason, verdict, chair):
    with pytest.raises(ReasonRequired, match="^Enter the reason for changing the confirmed verdict$"):
        change(verdict, chair, reason=reason)

    assert contents(verdict)["outcome"] == "adequate"
    assert AuditEvent.objects.filter(action=AuditAction.VERDICT_CHANGED).count() == 0


def test_change_verdict_by_someone_not_chairing_refused(verdict):
    with pytest.raises(VerdictRefused, match="^Only the chair of the meeting can record, confirm or change its verdicts$"):
        change(verdict, UserFactory(chair=True))

    assert contents(verdict)["outcome"] == "adequate"


def test_change_verdict_pending_refused(pending_verdict, chair):
    with pytest.raises(VerdictRefused, match="^This verdict is pending: the chair can still revise it$"):
        change(pending_verdict, chair)


@pytest.mark.parametrize("status", [LetterStatus.SIGNED, LetterStatus.ISSUED])
def test_change_verdict_after_letter_signed_refused(status, verdict, chair):
    make_letter(verdict, status)

    with pytest.raises(LetterAlreadySigned):
        change(verdict, chair)

    assert contents(verdict)["outcome"] == "adequate"


def test_change_verdict_leaving_a_national_recommendation_unanswered_refused(verdict, chair):
    with pytest.raises(NationalRecommendationsUnanswered):
        change(verdict, chair, national_responses=responses(verdict.agenda_item.submission, [([3], "Only three.")]))

    assert len(contents(verdict)["responses"]) == 2


def test_change_verdict_on_closed_meeting_allowed(verdict, chair):
    type(verdict.agenda_item.meeting).objects.filter(pk=verdict.agenda_item.meeting_id).update(
        status=MeetingStatus.CLOSED)

    change(verdict, chair)

    assert contents(verdict)["outcome"] == "inadequate"


# The verdict reaches the CSP only when the letter is issued


def test_publish_after_changes_letter_issued_opens_next_version_with_the_issues(chair, secretariat):
    item = AgendaItemFactory(meeting=MeetingFactory(chair=chair, held=True), submission__documents=False)
    action_plan(item.submission)
    pending = record(item, chair, outcome="publish_after_changes",
                     issues=["Bring the terms of reference forward.", "Define coercive control."])
    verdict = confirm_verdict(verdict=pending, confirmed_by=chair)
    letter = make_letter(verdict, LetterStatus.SIGNED)

    issue_letter(letter=letter, issued_by=secretariat)

    item.submission.refresh_from_db()
    assert item.submission.status == SubmissionStatus.CHANGES_REQUESTED
    assert list(RaisedIssue.objects.filter(submission=item.submission).values_list("source", "position", "text")) == [
        (IssueSource.PANEL, 1, "Bring the terms of reference forward."),
        (IssueSource.PANEL, 2, "Define coercive control."),
    ]


def test_publish_letter_issued_concludes_the_version(chair, secretariat):
    item = AgendaItemFactory(meeting=MeetingFactory(chair=chair, held=True), submission__documents=False)
    verdict = confirm_verdict(verdict=record(item, chair, outcome="publish", national_responses=[]),
                              confirmed_by=chair)

    issue_letter(letter=make_letter(verdict, LetterStatus.SIGNED), issued_by=secretariat)

    item.submission.refresh_from_db()
    assert item.submission.status == SubmissionStatus.CONCLUDED
    assert RaisedIssue.objects.count() == 0


def revised(verdict, person, commendation, based_on):
    return revise_verdict(verdict=verdict, revised_by=person, outcome="adequate", commendation=commendation,
                          issues=ISSUES, national_responses=responses(verdict.agenda_item.submission),
                          based_on=based_on)


def test_revise_verdict_from_a_stale_revision_refused_and_saves_nothing(pending_verdict, chair):
    revised(pending_verdict, chair, "First tab.", based_on=1)

    with pytest.raises(VerdictChangedMeanwhile,
                       match="^This verdict was changed after you opened the page$") as crossed:
        revised(pending_verdict, chair, "Second tab.", based_on=1)

    assert (crossed.value.saved_by, crossed.value.saved_at) == (
        chair, AuditEvent.objects.filter(action=AuditAction.VERDICT_REVISED).get().at)
    pending_verdict.refresh_from_db()
    assert (pending_verdict.commendation, pending_verdict.revision) == ("First tab.", 2)
    assert [action for _, action, _ in audit_trail(pending_verdict)] == [AuditAction.VERDICT_RECORDED,
                                                                         AuditAction.VERDICT_REVISED]


def test_change_verdict_from_a_stale_revision_refused(verdict, chair):
    change_verdict(verdict=verdict, changed_by=chair, reason="Second thoughts.", outcome="adequate",
                   commendation="Changed once.", issues=ISSUES,
                   national_responses=responses(verdict.agenda_item.submission),
                   based_on=1)

    with pytest.raises(VerdictChangedMeanwhile):
        change_verdict(verdict=verdict, changed_by=chair, reason="Other thoughts.", outcome="inadequate",
                       commendation="Changed twice.", issues=ISSUES,
                       national_responses=responses(verdict.agenda_item.submission), based_on=1)

    verdict.refresh_from_db()
    assert (verdict.outcome.code, verdict.commendation, verdict.revision) == ("adequate", "Changed once.", 2)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_revise_verdict_two_saves_at_once_from_one_revision_one_is_refused(pending_verdict, chair):
    first, second, waited = race(lambda: revised(pending_verdict, chair, "First save.", based_on=1),
                                 lambda: revised(pending_verdict, chair, "Second save.", based_on=1))

    assert waited is True
    assert isinstance(first, Verdict)
    assert isinstance(second, VerdictChangedMeanwhile)
    pending_verdict.refresh_from_db()
    assert (pending_verdict.commendation, pending_verdict.revision) == ("First save.", 2)
