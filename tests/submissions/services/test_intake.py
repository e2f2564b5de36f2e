"""The secretariat's intake: accept with every checklist item ticked, or return with reasons the CSP answers."""

import pytest

from dhrqa.enums import AuditAction
from dhrqa.transitions import IllegalTransition
from submissions.enums import IntakeCheck, IssueSource, SubmissionStatus
from submissions.models import IntakeDecision, RaisedIssue, Submission
from submissions.services.intake import accept_submission, return_submission
from tests.factories import SubmissionFactory, UserFactory
from tests.submissions.journey import EVERY_CHECK, history, sent

pytestmark = pytest.mark.django_db

REASONS = ["The action plan is missing its target dates", "Paragraph 4.2 names the victim's sister"]


@pytest.fixture
def officer():
    return UserFactory(csp_officer=True)


def queued(callbacks):
    """(template, to, context) of each e-mail queued on commit."""
    return [(call.keywords["template"], call.keywords["to"], call.keywords["context"]) for call in callbacks]


def email_context(submission, **extra):
    review = submission.review
    return {"reference": review.reference, "csp_name": review.csp.name, "version": 1,
            "path": f"/reviews/{review.reference}/", **extra}


# accept_submission


def test_accept_submission_every_item_ticked_accepts_and_tells_the_csp(
        officer, secretariat, django_capture_on_commit_callbacks):
    submission = sent(officer)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        accept_submission(submission=submission, accepted_by=secretariat, ticked=EVERY_CHECK)

    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.ACCEPTED
    decision = IntakeDecision.objects.get(submission=submission)
    assert (decision.accepted, decision.decided_by, decision.checklist) == (
        True, secretariat, {check: True for check in EVERY_CHECK})
    assert history(submission.review)[-1] == (secretariat, AuditAction.SUBMISSION_ACCEPTED, {"version": 1})
    assert queued(callbacks) == [("submission_accepted", officer.email, email_context(submission))]


@pytest.mark.parametrize("left_out", list(IntakeCheck))
def test_accept_submission_item_not_ticked_refused(officer, secretariat, left_out):
    submission = sent(officer)

    with pytest.raises(IllegalTransition) as refused:
        accept_submission(submission=submission, accepted_by=secretariat,
                          ticked=[check for check in EVERY_CHECK if check != left_out])

    assert str(refused.value) == "Tick every item on the checklist before accepting, or return the submission"
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.SUBMITTED
    assert IntakeDecision.objects.count() == 0


def test_accept_submission_item_not_on_the_checklist_refused(officer, secretariat):
    submission = sent(officer)

    with pytest.raises(IllegalTransition) as refused:
        accept_submission(submission=submission, accepted_by=secretariat, ticked=[*EVERY_CHECK, "signed_off"])

    assert str(refused.value) == "Tick only the items on the checklist"
    assert IntakeDecision.objects.count() == 0


@pytest.mark.parametrize("status", [SubmissionStatus.DRAFT, SubmissionStatus.ACCEPTED, SubmissionStatus.RETURNED,
                                    SubmissionStatus.WITHDRAWN, SubmissionStatus.SCHEDULED])
def test_accept_submission_not_waiting_for_intake_refused(secretariat, status):
    submission = SubmissionFactory(status=status)

    with pytest.raises(IllegalTransition) as refused:
        accept_submission(submission=submission, accepted_by=secretariat, ticked=EVERY_CHECK)

    assert str(refused.value) == "Only a version waiting for intake can be accepted"
    assert Submission.objects.get(pk=submission.pk).status == status


# return_submission


def test_return_submission_saves_reasons_as_issues_and_emails_them(
        officer, secretariat, django_capture_on_commit_callbacks):
    submission = sent(officer)
    ticked = [IntakeCheck.REQUIRED_DOCUMENTS, IntakeCheck.DECLARATION]

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        return_submission(submission=submission, returned_by=secretariat, ticked=ticked,
                          reasons=[REASONS[0], "   ", REASONS[1]])

    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.RETURNED
    assert list(RaisedIssue.objects.filter(submission=submission).values_list("source", "position", "text")) == [
        (IssueSource.INTAKE, 1, REASONS[0]), (IssueSource.INTAKE, 2, REASONS[1])]
    decision = IntakeDecision.objects.get(submission=submission)
    assert (decision.accepted, decision.checklist) == (False, {
        "required_documents": True, "action_plan": False, "pseudonyms": False, "declaration": True})
    assert history(submission.review)[-1] == (secretariat, AuditAction.SUBMISSION_RETURNED,
                                              {"version": 1, "reasons": REASONS})
    assert queued(callbacks) == [
        ("submission_returned", officer.email, email_context(submission, reasons=REASONS))]


@pytest.mark.parametrize("reasons", [[], ["", "  \n"]])
def test_return_submission_without_reasons_refused(officer, secretariat, reasons,
                                                   django_capture_on_commit_callbacks):
    submission = sent(officer)

    with django_capture_on_commit_callbacks(execute=False) as callbacks, pytest.raises(IllegalTransition) as refused:
        return_submission(submission=submission, returned_by=secretariat, ticked=[], reasons=reasons)

    assert str(refused.value) == "Enter at least one reason for returning the submission"
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.SUBMITTED
    assert (RaisedIssue.objects.count(), IntakeDecision.objects.count(), callbacks) == (0, 0, [])


def test_return_submission_accepted_version_refused(officer, secretariat):
    submission = sent(officer)
    accept_submission(submission=submission, accepted_by=secretariat, ticked=EVERY_CHECK)

    with pytest.raises(IllegalTransition) as refused:
        return_submission(submission=submission, returned_by=secretariat, ticked=[], reasons=REASONS)

    assert str(refused.value) == "Only a version waiting for intake can be returned"
    assert RaisedIssue.objects.count() == 0
