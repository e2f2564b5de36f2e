"""Versions: starting the next one, answering issues, the declaration, sending, freezing and withdrawing."""

import pytest

from dhrqa import clock
from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from dhrqa.transitions import IllegalTransition
from submissions.enums import CaseKind, DocumentKind, IssueSource, SubmissionStatus
from submissions.models import Document, IssueResponse, RaisedIssue, Recommendation, StoredFile, Submission
from submissions.services.documents import remove_document
from submissions.services.intake import accept_submission
from submissions.services.recommendations import (
    add_recommendation,
    change_recommendation,
    remove_recommendation,
    replace_recommendations,
)
from submissions.services.reviews import update_review
from submissions.services.versions import (
    SubmissionIncomplete,
    answer_issues,
    issues_to_answer,
    make_declaration,
    start_next_version,
    submit_submission,
    withdraw_submission,
)
from tests.factories import SubmissionFactory, UserFactory, pdf_bytes
from tests.submissions.journey import (
    DETAILS,
    EVERY_CHECK,
    PEOPLE,
    RECOMMENDATION,
    add_file,
    complete,
    draft_of,
    history,
    register,
    returned,
    sent,
)

pytestmark = pytest.mark.django_db

SENT = "This version has been sent and can no longer be changed"
REASONS = ["Add the terms of reference", "Use pseudonyms throughout"]


@pytest.fixture
def officer():
    return UserFactory(csp_officer=True)


def contents(submission):
    """What a version holds, as comparable values."""
    submission = Submission.objects.get(pk=submission.pk)
    return {
        "status": submission.status,
        "declaration_at": submission.declaration_at,
        "documents": list(submission.documents.order_by("kind", "id").values_list("kind", "stored_file", "original_name")),
        "recommendations": list(submission.recommendations.order_by("position").values_list(
            "position", "number", "text", "scope", "lead_agency")),
        "answers": list(submission.issue_responses.order_by("issue__position").values_list("issue__text", "text")),
    }


# start_next_version


def test_start_next_version_after_return_carries_documents_and_recommendations_forward(
        officer, secretariat, new_document_files):
    first = returned(officer, secretariat, REASONS)
    files_before = new_document_files()

    second = start_next_version(review=first.review, started_by=officer)

    assert (second.number, second.status, second.created_by) == (2, SubmissionStatus.DRAFT, officer)
    assert contents(second)["documents"] == contents(first)["documents"]
    assert set(second.documents.values_list("pk", flat=True)).isdisjoint(first.documents.values_list("pk", flat=True))
    assert contents(second)["recommendations"] == contents(first)["recommendations"]
    assert Recommendation.objects.filter(submission=second).count() == 1
    assert (new_document_files(), StoredFile.objects.count()) == (files_before, 3)
    assert history(first.review)[-1] == (officer, AuditAction.SUBMISSION_STARTED,
                                         {"version": 2, "carried_forward": {"documents": 3, "recommendations": 1}})


@pytest.mark.parametrize("status", [SubmissionStatus.RETURNED, SubmissionStatus.WITHDRAWN,
                                    SubmissionStatus.CHANGES_REQUESTED])
def test_start_next_version_after_an_ending_that_asks_for_one_starts_draft(officer, status):
    ended = SubmissionFactory(status=status, review__csp=officer.csp)

    draft = start_next_version(review=ended.review, started_by=officer)

    assert list(ended.review.submissions.order_by("number").values_list("number", "status")) == [
        (1, status), (2, SubmissionStatus.DRAFT)]
    assert draft.documents.count() == 3


@pytest.mark.parametrize("status", [SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED,
                                    SubmissionStatus.SCHEDULED, SubmissionStatus.DECIDED,
                                    SubmissionStatus.CONCLUDED])
def test_start_next_version_while_open_or_concluded_refused(officer, status):
    latest = SubmissionFactory(status=status, review__csp=officer.csp)

    with pytest.raises(IllegalTransition) as refused:
        start_next_version(review=latest.review, started_by=officer)

    assert str(refused.value) == ("A new version can be started only after a return, a withdrawal or a letter "
                                  "asking for changes")
    assert latest.review.submissions.count() == 1


# issues_to_answer and answer_issues


def test_issues_to_answer_are_the_previous_versions_in_order(officer, secretariat):
    first = returned(officer, secretariat, REASONS)

    second = start_next_version(review=first.review, started_by=officer)

    assert [issue.text for issue in issues_to_answer(second)] == REASONS
    assert list(issues_to_answer(first)) == []


def test_answer_issues_saves_changes_and_removes_answers(officer, secretariat):
    second = start_next_version(review=returned(officer, secretariat, REASONS).review, started_by=officer)
    first_issue, second_issue = issues_to_answer(second)
    answer_issues(submission=second, answered_by=officer,
                  answers={first_issue.pk: "Added as appendix A.", second_issue.pk: "Done."})

    answer_issues(submission=second, answered_by=officer,
                  answers={first_issue.pk: "Added as appendix B.", second_issue.pk: ""})

    assert contents(second)["answers"] == [(REASONS[0], "Added as appendix B.")]
    assert [detail for _, action, detail in history(second.review) if action == AuditAction.ISSUES_ANSWERED] == [
        {"answered": 2, "of": 2}, {"answered": 1, "of": 2}]


def test_answer_issues_of_another_version_refused(officer, secretariat):
    second = start_next_version(review=returned(officer, secretariat, REASONS).review, started_by=officer)
    elsewhere = RaisedIssue.objects.create(submission=SubmissionFactory(status=SubmissionStatus.RETURNED),
                                           source=IssueSource.INTAKE, position=1, text="Another review's issue")

    with pytest.raises(IllegalTransition) as refused:
        answer_issues(submission=second, answered_by=officer, answers={elsewhere.pk: "An answer"})

    assert str(refused.value) == "Answer only the issues raised about the previous version"
    assert IssueResponse.objects.count() == 0


# make_declaration


def test_make_declaration_records_who_and_when(officer):
    draft = draft_of(register(officer))

    with clock.at(clock.now()) as moment:
        make_declaration(submission=draft, declared_by=officer)

    draft.refresh_from_db()
    assert (draft.declaration_by, draft.declaration_at) == (officer, moment)
    assert history(draft.review)[-1] == (officer, AuditAction.DECLARATION_MADE, {})


# submit_submission


def test_submit_submission_empty_draft_refused_listing_every_problem(officer):
    draft = draft_of(register(officer))

    with pytest.raises(SubmissionIncomplete) as refused:
        submit_submission(submission=draft, submitted_by=officer)

    assert refused.value.problems == [
        "Add the overview report", "Add the executive summary", "Add the action plan",
        "Add the review's recommendations", "Make the declaration"]
    assert str(refused.value) == "Add the overview report"
    assert contents(draft)["status"] == SubmissionStatus.DRAFT
    assert len(history(draft.review)) == 2


def test_submit_submission_decision_not_to_review_needs_only_its_decision(officer):
    draft = draft_of(register(officer, kind=CaseKind.DECISION_NOT_TO_REVIEW))

    with pytest.raises(SubmissionIncomplete) as refused:
        submit_submission(submission=draft, submitted_by=officer)

    assert refused.value.problems == ["Add the decision not to review", "Make the declaration"]


def test_submit_submission_unanswered_issue_refused(officer, secretariat):
    second = start_next_version(review=returned(officer, secretariat, REASONS).review, started_by=officer)
    first_issue = issues_to_answer(second).first()
    answer_issues(submission=second, answered_by=officer, answers={first_issue.pk: "Added as appendix A."})
    make_declaration(submission=second, declared_by=officer)

    with pytest.raises(SubmissionIncomplete) as refused:
        submit_submission(submission=second, submitted_by=officer)

    assert refused.value.problems == ["Answer every issue raised about the previous version"]


def test_submit_submission_complete_draft_sent_and_audited(officer, secretariat, django_capture_on_commit_callbacks):
    draft = complete(draft_of(register(officer)), officer)

    with django_capture_on_commit_callbacks(execute=False) as callbacks, clock.at(clock.now()) as moment:
        submitted = submit_submission(submission=draft, submitted_by=officer)

    submitted.refresh_from_db()
    assert (submitted.status, submitted.submitted_by, submitted.submitted_at) == (
        SubmissionStatus.SUBMITTED, officer, moment)
    hashes = dict(draft.documents.values_list("kind", "stored_file__sha256"))
    assert history(draft.review)[-1] == (officer, AuditAction.SUBMISSION_SUBMITTED, {
        "version": 1,
        "documents": [{"kind": kind, "sha256": hashes[kind]} for kind in sorted(hashes)],
    })
    assert [(call.keywords["template"], call.keywords["to"]) for call in callbacks] == [
        ("submission_received_csp", officer.email), ("submission_received_secretariat", secretariat.email)]


EDITS = ["add document", "remove document", "add recommendation", "change recommendation", "remove recommendation",
         "replace recommendations", "answer issues", "declaration"]


def frozen_edits(submission, officer):
    """Every change a CSP can make to a version, each as a call."""
    document = submission.documents.first()
    recommendation = submission.recommendations.first()
    return {
        "add document": lambda: add_file(submission, officer, DocumentKind.CHRONOLOGY),
        "remove document": lambda: remove_document(document=document, removed_by=officer),
        "add recommendation": lambda: add_recommendation(
            submission=submission, row={**RECOMMENDATION, "number": "2"}, changed_by=officer),
        "change recommendation": lambda: change_recommendation(
            recommendation=recommendation, row={**RECOMMENDATION, "text": "Changed"}, changed_by=officer),
        "remove recommendation": lambda: remove_recommendation(recommendation=recommendation, changed_by=officer),
        "replace recommendations": lambda: replace_recommendations(
            submission=submission, rows=[RECOMMENDATION], changed_by=officer),
        "answer issues": lambda: answer_issues(submission=submission, answered_by=officer, answers={}),
        "declaration": lambda: make_declaration(submission=submission, declared_by=officer),
    }


@pytest.mark.parametrize("edit", EDITS)
def test_sent_version_every_edit_refused(officer, edit):
    submission = sent(officer)
    before = contents(submission)
    files = StoredFile.objects.count()

    with pytest.raises(IllegalTransition) as refused:
        frozen_edits(submission, officer)[edit]()

    assert str(refused.value) == SENT
    assert (contents(submission), StoredFile.objects.count()) == (before, files)


def test_sent_version_sent_again_refused(officer):
    submission = sent(officer)

    with pytest.raises(IllegalTransition) as refused:
        submit_submission(submission=submission, submitted_by=officer)

    assert str(refused.value) == "This version has already been sent"


def test_sent_version_review_details_refused(officer):
    submission = sent(officer)

    with pytest.raises(IllegalTransition):
        update_review(review=submission.review, changed_by=officer, details=DETAILS, people=PEOPLE)

    assert AuditEvent.objects.filter(action=AuditAction.REVIEW_CHANGED).count() == 0


def test_next_version_edited_and_sent_leaves_earlier_version_unchanged(officer, secretariat):
    first = returned(officer, secretariat, REASONS)
    before = contents(first)
    second = start_next_version(review=first.review, started_by=officer)

    add_file(second, officer, DocumentKind.OVERVIEW_REPORT, content=pdf_bytes("A rewritten report"))
    remove_document(document=second.documents.get(kind=DocumentKind.ACTION_PLAN), removed_by=officer)
    add_file(second, officer, DocumentKind.ACTION_PLAN, content=pdf_bytes("A new action plan"))
    change_recommendation(recommendation=second.recommendations.get(), row={**RECOMMENDATION, "text": "Changed"},
                          changed_by=officer)
    add_recommendation(submission=second, row={**RECOMMENDATION, "number": "2"}, changed_by=officer)
    submit_submission(submission=complete(second, officer), submitted_by=officer)

    assert contents(first) == before
    assert Document.objects.filter(submission=first).count() == 3
    assert contents(second)["status"] == SubmissionStatus.SUBMITTED


# withdraw_submission


@pytest.mark.parametrize("accept_first", [False, True])
def test_withdraw_submission_before_scheduling_saves_reason(officer, secretariat, accept_first):
    submission = sent(officer)
    if accept_first:
        accept_submission(submission=submission, accepted_by=secretariat, ticked=EVERY_CHECK)

    withdraw_submission(submission=submission, withdrawn_by=officer, reason="The family asked for more time.")

    submission.refresh_from_db()
    assert (submission.status, submission.withdrawal_reason) == (
        SubmissionStatus.WITHDRAWN, "The family asked for more time.")
    assert history(submission.review)[-1] == (officer, AuditAction.SUBMISSION_WITHDRAWN,
                                              {"version": 1, "reason": "The family asked for more time."})


@pytest.mark.parametrize("status", [SubmissionStatus.DRAFT, SubmissionStatus.SCHEDULED, SubmissionStatus.DECIDED,
                                    SubmissionStatus.RETURNED, SubmissionStatus.CONCLUDED])
def test_withdraw_submission_scheduled_or_later_refused(officer, status):
    submission = SubmissionFactory(status=status, review__csp=officer.csp)

    with pytest.raises(IllegalTransition) as refused:
        withdraw_submission(submission=submission, withdrawn_by=officer, reason="We changed our minds.")

    assert str(refused.value) == "Only a version that is not yet on a meeting's agenda can be withdrawn"
    submission.refresh_from_db()
    assert (submission.status, submission.withdrawal_reason) == (status, "")


def test_withdraw_submission_without_reason_refused(officer):
    submission = sent(officer)

    with pytest.raises(IllegalTransition) as refused:
        withdraw_submission(submission=submission, withdrawn_by=officer, reason="  ")

    assert str(refused.value) == "Enter the reason for withdrawing the version"
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.SUBMITTED
