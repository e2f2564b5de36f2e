"""Answering issues, the declaration, checking and sending, withdrawing and starting the next version, by page."""

import pytest
from django.urls import reverse

from submissions.enums import SubmissionStatus
from submissions.models import IssueResponse, Submission
from submissions.services.versions import issues_to_answer, start_next_version
from tests.dhrqa.govuk_page import (
    error_messages,
    error_summary,
    heading,
    notification_banners,
    parse,
    summary_links_without_target,
)
from tests.factories import SubmissionFactory, UserFactory
from tests.mfa import sign_in
from tests.submissions.journey import accepted, add_required_documents, complete, draft_of, register, returned, sent
from tests.submissions.posted import version_url

pytestmark = pytest.mark.django_db

REASONS = ["Add the terms of reference", "Use pseudonyms throughout"]


@pytest.fixture
def officer():
    return UserFactory(csp_officer=True, full_name="Olive Officer")


@pytest.fixture
def browser(client, officer):
    sign_in(client, officer)
    return client


@pytest.fixture
def second(officer, secretariat):
    return start_next_version(review=returned(officer, secretariat, REASONS).review, started_by=officer)


def review_url(submission):
    return reverse("submissions:review_detail", kwargs={"reference": submission.review.reference})


def answer_fields(submission, *answers):
    return {f"issue_{issue.pk}": answer for issue, answer in zip(issues_to_answer(submission), answers)}


def status_tag(response):
    return parse(response).find(tag="main").find(cls="govuk-tag").text()


# Answering the issues raised about the previous version


def test_issues_answer_shows_each_issue_and_saves_answers(browser, second):
    page = browser.get(version_url("issues", second))

    response = browser.post(version_url("issues", second),
                            answer_fields(second, "Added as appendix A.", "Checked every page."), follow=True)

    assert heading(page) == "Answer the issues raised about version 1"
    assert [element.text() for element in parse(page).find_all(cls="govuk-label")] == [
        "Your answer to issue 1", "Your answer to issue 2"]
    assert [element.text() for element in parse(page).find_all(cls="govuk-hint")] == REASONS
    assert response.redirect_chain == [(version_url("version_detail", second), 302)]
    assert notification_banners(response) == ["Your answers have been saved"]
    assert list(IssueResponse.objects.order_by("issue__position").values_list("text", flat=True)) == [
        "Added as appendix A.", "Checked every page."]
    answers = parse(response).find(cls="govuk-summary-list")
    assert [row.text() for row in answers.find_all(cls="govuk-summary-list__row")] == [
        "1. Add the terms of reference Added as appendix A.", "2. Use pseudonyms throughout Checked every page."]


def test_issues_answer_too_long_refused(browser, second):
    response = browser.post(version_url("issues", second), answer_fields(second, "x" * 10_001, "Done."))

    issue = issues_to_answer(second).first()
    assert error_summary(response) == [(f"#id_issue_{issue.pk}",
                                        "Answer to issue 1 must be 10,000 characters or fewer")]
    assert summary_links_without_target(response) == []
    assert IssueResponse.objects.count() == 0


# The declaration


def test_declaration_unticked_refused(browser, officer):
    draft = draft_of(register(officer))

    response = browser.post(version_url("declaration", draft), {})

    assert error_summary(response) == [("#id_confirm", "Confirm the declaration to send this version")]
    assert list(error_messages(response).values()) == ["Confirm the declaration to send this version"]
    assert Submission.objects.get(pk=draft.pk).declaration_at is None


def test_declaration_ticked_made(browser, officer):
    draft = draft_of(register(officer))

    response = browser.post(version_url("declaration", draft), {"confirm": "on"}, follow=True)

    assert notification_banners(response) == ["You have made the declaration"]
    assert Submission.objects.get(pk=draft.pk).declaration_by == officer


# Check and send


def test_submit_incomplete_draft_lists_every_problem(browser, officer):
    draft = draft_of(register(officer))
    add_required_documents(draft, officer)

    response = browser.post(version_url("submit", draft))

    assert parse(response).find(tag="title").text().startswith("Error: Check and send version 1")
    assert error_summary(response) == [("#main-content", "Add the review's recommendations"),
                                       ("#main-content", "Make the declaration")]
    assert Submission.objects.get(pk=draft.pk).status == SubmissionStatus.DRAFT


def test_submit_complete_draft_sent_and_shown_with_the_panel(browser, officer):
    draft = complete(draft_of(register(officer)), officer)

    response = browser.post(version_url("submit", draft), follow=True)

    assert response.redirect_chain == [(review_url(draft), 302)]
    assert notification_banners(response) == [
        f"Version 1 of {draft.review.reference} has been sent to the Home Office"]
    assert status_tag(response) == "With the Panel"
    assert Submission.objects.get(pk=draft.pk).status == SubmissionStatus.SUBMITTED


def test_submit_sent_twice_says_it_was_sent(browser, officer):
    submission = sent(officer)

    response = browser.post(version_url("submit", submission), follow=True)

    assert response.redirect_chain == [(version_url("version_detail", submission), 302)]
    assert notification_banners(response) == ["This version has been sent and can no longer be changed"]


# Withdrawing


def test_withdraw_with_reason_withdraws_and_offers_a_new_version(browser, officer):
    submission = sent(officer)
    review_page = browser.get(review_url(submission))

    response = browser.post(version_url("withdraw", submission), {"reason": "The family asked for more time."},
                            follow=True)

    assert "Withdraw version 1" in [link.text() for link in parse(review_page).find_all(tag="a")]
    assert response.redirect_chain == [(review_url(submission), 302)]
    assert notification_banners(response) == ["Version 1 has been withdrawn"]
    assert status_tag(response) == "Withdrawn"
    assert [button.text() for button in parse(response).find(tag="main").find_all(tag="button")][-1] == (
        "Start version 2")
    assert Submission.objects.get(pk=submission.pk).withdrawal_reason == "The family asked for more time."


def test_withdraw_without_reason_refused(browser, officer):
    submission = sent(officer)

    response = browser.post(version_url("withdraw", submission), {"reason": "   "})

    assert error_summary(response) == [("#id_reason", "Enter the reason for withdrawing")]
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.SUBMITTED


def test_withdraw_scheduled_version_refused_with_message(browser, officer):
    submission = SubmissionFactory(status=SubmissionStatus.SCHEDULED, review__csp=officer.csp)

    response = browser.post(version_url("withdraw", submission), {"reason": "Too late"}, follow=True)

    assert notification_banners(response) == [
        "Only a version that is not yet on a meeting's agenda can be withdrawn"]
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.SCHEDULED


def test_withdraw_accepted_version_offered(browser, officer, secretariat):
    submission = accepted(officer, secretariat)

    links = [link.text() for link in parse(browser.get(review_url(submission))).find_all(tag="a")]

    assert "Withdraw version 1" in links


def test_withdraw_another_csps_version_not_found(client, officer):
    submission = sent(officer)
    sign_in(client, UserFactory(csp_officer=True))

    assert client.get(version_url("withdraw", submission)).status_code == 404


# The next version


def test_review_detail_returned_version_shows_reasons_and_offers_next_version(browser, officer, secretariat):
    submission = returned(officer, secretariat, REASONS)

    response = browser.get(review_url(submission))

    assert status_tag(response) == "Returned to you"
    assert "The Home Office returned version 1. Send a new version that answers each reason it gave." in [
        paragraph.text() for paragraph in parse(response).find_all(tag="p")]
    moment = parse(response).find(cls="moj-timeline__item")
    assert moment.find(cls="moj-timeline__title").text() == "Version 1 returned to the CSP"
    assert [item.text() for item in moment.find_all(tag="li")] == REASONS


def test_version_start_after_return_starts_version_two(browser, officer, secretariat):
    submission = returned(officer, secretariat, REASONS)

    response = browser.post(reverse("submissions:version_start", kwargs={"reference": submission.review.reference}),
                            follow=True)

    second = submission.review.submissions.get(number=2)
    assert response.redirect_chain == [(version_url("version_detail", second), 302)]
    assert notification_banners(response) == ["Version 2 has been started from version 1"]
    assert second.documents.count() == 3


def test_version_start_while_with_the_panel_refused(browser, officer):
    submission = sent(officer)

    response = browser.post(reverse("submissions:version_start", kwargs={"reference": submission.review.reference}),
                            follow=True)

    assert notification_banners(response) == [
        "A new version can be started only after a return, a withdrawal or a letter asking for changes"]
    assert submission.review.submissions.count() == 1


def test_version_start_by_get_not_allowed(browser, officer, secretariat):
    submission = returned(officer, secretariat, REASONS)

    response = browser.get(reverse("submissions:version_start", kwargs={"reference": submission.review.reference}))

    assert response.status_code == 405
    assert submission.review.submissions.count() == 1
