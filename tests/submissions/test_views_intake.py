"""The secretariat's intake page: the completeness checklist, then accept or return with reasons."""

import pytest

from submissions.enums import CaseKind, IntakeCheck, SubmissionStatus
from submissions.models import IntakeDecision, RaisedIssue, Submission
from submissions.services.versions import submit_submission
from tests.dhrqa.govuk_page import (
    error_messages,
    error_summary,
    heading,
    notification_banners,
    parse,
    summary_links_without_target,
)
from tests.factories import UserFactory
from tests.mfa import sign_in
from tests.submissions.journey import EVERY_CHECK, accepted, complete, draft_of, register, sent
from tests.submissions.posted import version_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return UserFactory(csp_officer=True)


@pytest.fixture
def browser(client, secretariat):
    sign_in(client, secretariat)
    return client


def intake(browser, submission, **data):
    return browser.post(version_url("intake", submission), data, follow=True)


def checklist(response):
    return [label.text() for label in parse(response).find(id="div_id_checks").find_all(cls="govuk-checkboxes__label")]


def test_intake_page_shows_the_checklist(browser, officer):
    submission = sent(officer)

    response = browser.get(version_url("intake", submission))

    assert heading(response) == f"Check {submission.review.reference} version 1"
    assert checklist(response) == [check.label for check in IntakeCheck]


def test_intake_accept_with_every_item_ticked_accepts(browser, officer, secretariat):
    submission = sent(officer)

    response = intake(browser, submission, checks=EVERY_CHECK, decision="accept")

    assert response.redirect_chain == [(version_url("version_detail", submission), 302)]
    assert notification_banners(response) == [
        f"{submission.review.reference} version 1 has been accepted for a Panel meeting"]
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.ACCEPTED
    assert IntakeDecision.objects.get().decided_by == secretariat


def test_intake_accept_decision_not_to_review_needs_no_action_plan_tick(browser, officer):
    draft = complete(draft_of(register(officer, kind=CaseKind.DECISION_NOT_TO_REVIEW)), officer)
    submission = submit_submission(submission=draft, submitted_by=officer)
    page = browser.get(version_url("intake", submission))

    intake(browser, submission, checks=["required_documents", "pseudonyms", "declaration"], decision="accept")

    assert checklist(page) == [check.label for check in IntakeCheck if check != IntakeCheck.ACTION_PLAN]
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.ACCEPTED


def test_intake_return_saves_each_line_as_a_reason(browser, officer, django_capture_on_commit_callbacks):
    submission = sent(officer)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = intake(browser, submission, checks=["declaration"], decision="return",
                          reasons="The action plan has no target dates\r\n\r\n  Paragraph 4.2 names the victim's sister  ")

    assert notification_banners(response) == [f"{submission.review.reference} version 1 has been returned to the CSP"]
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.RETURNED
    assert list(RaisedIssue.objects.values_list("position", "text")) == [
        (1, "The action plan has no target dates"), (2, "Paragraph 4.2 names the victim's sister")]
    assert [(call.keywords["template"], call.keywords["to"]) for call in callbacks] == [
        ("submission_returned", officer.email)]


@pytest.mark.parametrize(("data", "errors"), [
    ({}, [("#id_decision_1", "Select whether to accept or return the submission")]),
    ({"decision": "publish"}, [("#id_decision_1", "Select whether to accept or return the submission")]),
    ({"decision": "accept", "checks": ["declaration"]},
     [("#id_checks_1", "Tick every item on the checklist to accept the submission, or return it")]),
    ({"decision": "accept", "checks": [*EVERY_CHECK, "signed"]}, [("#id_checks_1", "Tick only the items on the checklist")]),
    ({"decision": "return", "reasons": " \r\n "}, [("#id_reasons", "Enter the reasons for returning the submission")]),
    ({"decision": "return", "reasons": "\n".join(f"Reason {n}" for n in range(21))},
     [("#id_reasons", "Enter 20 reasons or fewer")]),
    ({"decision": "return", "reasons": "x" * 10_001},
     [("#id_reasons", "Reasons for returning it must be 10,000 characters or fewer")]),
])
def test_intake_incomplete_or_wrong_answers_refused(browser, officer, data, errors):
    submission = sent(officer)

    response = browser.post(version_url("intake", submission), data)

    assert error_summary(response) == errors
    assert sorted(error_messages(response).values()) == sorted(message for _, message in errors)
    assert summary_links_without_target(response) == []
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.SUBMITTED
    assert (IntakeDecision.objects.count(), RaisedIssue.objects.count()) == (0, 0)


def test_intake_already_checked_version_sends_the_secretariat_back(browser, officer, secretariat):
    submission = accepted(officer, secretariat)

    response = intake(browser, submission, checks=EVERY_CHECK, decision="return", reasons="Changed my mind")

    assert response.redirect_chain == [(version_url("version_detail", submission), 302)]
    assert notification_banners(response) == [f"{submission.review.reference} version 1 has already been checked"]
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.ACCEPTED


@pytest.mark.parametrize(("role", "answer"), [("csp_officer", 403), ("panel_member", 404), ("chair", 404)])
def test_intake_by_anyone_but_the_secretariat_refused(client, officer, role, answer):
    # The CSP sees its version but may not check it; to the Panel the submissions pages show nothing.
    submission = sent(officer)
    sign_in(client, officer if role == "csp_officer" else UserFactory(**{role: True}))

    response = client.post(version_url("intake", submission), {"decision": "accept", "checks": EVERY_CHECK})

    assert response.status_code == answer
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.SUBMITTED
