"""A draft version's task list: each task's status as the CSP officer works through it."""

import pytest
from django.urls import reverse

from submissions.enums import CaseKind
from submissions.services.recommendations import add_recommendation
from submissions.services.versions import answer_issues, issues_to_answer, make_declaration, start_next_version
from tests.dhrqa.govuk_page import heading, parse
from tests.factories import UserFactory
from tests.mfa import sign_in
from tests.submissions.journey import RECOMMENDATION, add_required_documents, draft_of, register, returned
from tests.submissions.posted import version_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return UserFactory(csp_officer=True)


def tasks(response):
    """(name, status, link) for each task on the page, in order."""
    return [
        (item.find(cls="govuk-task-list__name-and-hint").text(), item.find(cls="govuk-task-list__status").text(),
         (item.find(tag="a") or item).attrs.get("href"))
        for item in parse(response).find_all(cls="govuk-task-list__item")
    ]


def test_version_detail_new_review_tasks_to_do(client, officer):
    draft = draft_of(register(officer))
    sign_in(client, officer)

    response = client.get(version_url("version_detail", draft))

    assert heading(response) == f"Version 1 of {draft.review.reference}"
    assert tasks(response) == [
        ("Review details", "Completed", reverse("submissions:review_details",
                                                kwargs={"reference": draft.review.reference})),
        ("Documents", "Incomplete", version_url("documents", draft)),
        ("Recommendations", "Incomplete", version_url("recommendations", draft)),
        ("Pre-screen", "Not checked yet", version_url("prescreen", draft)),
        ("Declaration", "Incomplete", version_url("declaration", draft)),
        ("Check and send", "Cannot start yet", None),
    ]


def test_version_detail_everything_done_but_declaration_cannot_be_sent_yet(client, officer):
    draft = draft_of(register(officer))
    add_required_documents(draft, officer)
    add_recommendation(submission=draft, row=RECOMMENDATION, changed_by=officer)
    sign_in(client, officer)

    statuses = [status for _, status, _ in tasks(client.get(version_url("version_detail", draft)))]

    # The pre-screen runs in the worker once the documents are in: here it was only asked for.
    assert statuses == ["Completed", "Completed", "Completed", "Checking", "Incomplete", "Cannot start yet"]


def test_version_detail_declared_before_documents_still_cannot_be_sent(client, officer):
    draft = draft_of(register(officer))
    make_declaration(submission=draft, declared_by=officer)
    sign_in(client, officer)

    statuses = [status for _, status, _ in tasks(client.get(version_url("version_detail", draft)))]

    assert statuses == ["Completed", "Incomplete", "Incomplete", "Not checked yet", "Completed", "Cannot start yet"]


def test_version_detail_complete_draft_can_be_checked_and_sent(client, officer):
    draft = draft_of(register(officer))
    add_required_documents(draft, officer)
    add_recommendation(submission=draft, row=RECOMMENDATION, changed_by=officer)
    make_declaration(submission=draft, declared_by=officer)
    sign_in(client, officer)

    assert tasks(client.get(version_url("version_detail", draft)))[-1] == (
        "Check and send", "Incomplete", version_url("submit", draft))


def test_version_detail_decision_not_to_review_has_no_recommendations_task(client, officer):
    draft = draft_of(register(officer, kind=CaseKind.DECISION_NOT_TO_REVIEW))
    sign_in(client, officer)

    names = [name for name, _, _ in tasks(client.get(version_url("version_detail", draft)))]

    assert names == ["Review details", "Documents", "Pre-screen", "Declaration", "Check and send"]


def test_version_detail_second_version_asks_for_answers_until_given(client, officer, secretariat):
    second = start_next_version(review=returned(officer, secretariat).review, started_by=officer)
    sign_in(client, officer)
    before = tasks(client.get(version_url("version_detail", second)))
    first_issue, second_issue = issues_to_answer(second)

    answer_issues(submission=second, answered_by=officer, answers={first_issue.pk: "Added.", second_issue.pk: "Done."})

    after = tasks(client.get(version_url("version_detail", second)))
    assert [task for task in before if task[0].startswith("Answer")] == [
        ("Answer the issues raised about version 1", "Incomplete", version_url("issues", second))]
    assert [(name, status) for name, status, _ in after] == [
        ("Review details", "Completed"), ("Documents", "Completed"), ("Recommendations", "Completed"),
        ("Answer the issues raised about version 1", "Completed"), ("Pre-screen", "Checking"),
        ("Declaration", "Incomplete"),
        ("Check and send", "Cannot start yet")]


def test_version_detail_draft_hidden_from_the_home_office_and_other_csps(client, officer, secretariat):
    draft = draft_of(register(officer))
    statuses = []
    for user in (secretariat, UserFactory(csp_officer=True)):
        sign_in(client, user)
        statuses.append(client.get(version_url("version_detail", draft)).status_code)

    assert statuses == [404, 404]
