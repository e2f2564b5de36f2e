"""A return and its answer, in Chromium with JavaScript: the secretariat returns version 1 with two reasons,
the CSP officer starts version 2, answers each reason and sends it."""

import pytest
from playwright.sync_api import expect

from dhrqa.celery import app as celery_app
from submissions.enums import IntakeCheck, SubmissionStatus
from submissions.models import Submission
from tests.factories import CSPFactory, UserFactory
from tests.submissions.journey import sent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REASONS = ["Add the terms of reference to the overview report",
           "Use pseudonyms throughout the executive summary"]
ANSWERS = ["The terms of reference are now section 2 of the overview report.",
           "We replaced the two real names on page 3 with the pseudonyms."]


@pytest.fixture
def people():
    csp = CSPFactory(name="Northshire Community Safety Partnership", code="north", area_name="Northshire")
    yield {"officer": UserFactory(csp_officer=True, csp=csp, full_name="Olive Officer"),
           "secretariat": UserFactory(secretariat=True, full_name="Sasha Secretariat")}
    # E-mails were queued on Redis, where no worker runs.
    celery_app.control.purge()


def banner(page):
    return page.locator(".govuk-notification-banner__heading")


def test_returned_version_answered_in_version_two_and_sent(people, pages):
    first = sent(people["officer"])
    reference = first.review.reference

    # The secretariat checks version 1 and returns it with two reasons.
    desk = pages.sign_in(people["secretariat"])
    desk.get_by_role("link", name=reference).click()
    pages.check(desk)
    desk.get_by_role("button", name="Check this version").click()
    pages.check(desk)
    desk.get_by_label(IntakeCheck.REQUIRED_DOCUMENTS.label).check()
    desk.get_by_label("Return it to the CSP").check()
    desk.get_by_label("Reasons for returning it").fill("\n".join(REASONS))
    desk.get_by_role("button", name="Save decision").click()
    expect(banner(desk)).to_have_text(f"{reference} version 1 has been returned to the CSP")
    pages.check(desk)

    # The officer sees the reasons and starts version 2.
    officer = pages.sign_in(people["officer"])
    officer.get_by_role("link", name=reference).click()
    expect(officer.locator("main .govuk-tag").first).to_have_text("Returned to you")
    expect(officer.locator(".moj-timeline__item").first.locator("li")).to_have_text(REASONS)
    pages.check(officer)
    officer.get_by_role("button", name="Start version 2").click()
    expect(banner(officer)).to_have_text("Version 2 has been started from version 1")
    expect(officer.locator("#task-prepare-the-submission-answer-the-issues-raised-about-version-1")).to_have_text(
        "Incomplete")
    pages.check(officer)

    # Each reason is answered on its own.
    officer.get_by_role("link", name="Answer the issues raised about version 1").click()
    pages.check(officer)
    expect(officer.locator(".govuk-hint")).to_have_text(REASONS)
    for number, answer in enumerate(ANSWERS, start=1):
        officer.get_by_label(f"Your answer to issue {number}").fill(answer)
    officer.get_by_role("button", name="Save answers").click()
    expect(banner(officer)).to_have_text("Your answers have been saved")
    expect(officer.locator("#task-prepare-the-submission-answer-the-issues-raised-about-version-1")).to_have_text(
        "Completed")
    pages.check(officer)

    # The declaration, then check and send.
    officer.get_by_role("link", name="Declaration").click()
    pages.check(officer)
    officer.get_by_role("checkbox").check()
    officer.get_by_role("button", name="Make the declaration").click()
    expect(banner(officer)).to_have_text("You have made the declaration")
    officer.get_by_role("link", name="Check and send").click()
    pages.check(officer)
    officer.get_by_role("button", name="Send to the Home Office").click()
    expect(banner(officer)).to_have_text(f"Version 2 of {reference} has been sent to the Home Office")
    expect(officer.locator("main .govuk-tag").first).to_have_text("With the Panel")
    pages.check(officer)

    # The secretariat checks version 2 against the reasons it gave.
    desk.goto(f"{pages.base}/reviews/{reference}/v2/intake/")
    pages.check(desk)
    answers = desk.locator(".govuk-summary-list").last
    expect(answers.locator("dt")).to_have_text([f"{number}. {reason}" for number, reason in enumerate(REASONS, start=1)])
    expect(answers.locator("dd")).to_have_text(ANSWERS)

    versions = {version.number: version for version in Submission.objects.filter(review=first.review)}
    assert (versions[1].status, versions[2].status) == (SubmissionStatus.RETURNED, SubmissionStatus.SUBMITTED)
    assert list(versions[2].issue_responses.order_by("issue__position").values_list("issue__text", "text")) == list(
        zip(REASONS, ANSWERS))
    assert sorted(versions[2].documents.values_list("stored_file", flat=True)) == sorted(
        versions[1].documents.values_list("stored_file", flat=True))
