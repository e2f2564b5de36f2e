"""The pre-screen in Chromium: a CSP sees its findings on the task list and marks one as considered."""

import pytest
from playwright.sync_api import expect

from submissions.models import PrescreenFinding
from tests.submissions.prescreen_data import checked_draft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REASON = "The passage quotes the GP record, and the report says so."


def test_prescreen_csp_sees_findings_and_marks_one_considered(pages):
    draft = checked_draft()
    total = PrescreenFinding.objects.filter(submission=draft).count()
    page = pages.sign_in(draft.review.registered_by)
    page.goto(f"{pages.base}/reviews/{draft.review.reference}/v{draft.number}/")
    pages.check(page)

    task = page.locator(".govuk-task-list__item", has_text="Pre-screen")
    expect(task.locator(".govuk-task-list__status")).to_have_text(f"{total} open findings")
    task.get_by_role("link", name="Pre-screen", exact=True).click()
    pages.check(page)
    card = page.locator(".govuk-summary-card", has_text="failed to engage")
    expect(card.locator(".govuk-summary-card__title")).to_contain_text("Overview report, page 2, paragraph 2.2")
    card.get_by_role("link", name="Mark as considered").click()
    pages.check(page)
    page.get_by_role("button", name="Mark as considered, no change").click()
    pages.check(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why no change is needed")
    page.get_by_label("Why is no change needed?").fill(REASON)
    page.get_by_role("button", name="Mark as considered, no change").click()
    pages.check(page)

    card = page.locator(".govuk-summary-card", has_text="failed to engage")
    expect(card.locator(".govuk-tag")).to_have_text("Considered, no change")
    expect(card).to_contain_text(REASON)
    page.get_by_role("link", name="Back to the task list").click()
    expect(page.locator(".govuk-task-list__item", has_text="Pre-screen")
           .locator(".govuk-task-list__status")).to_have_text(f"{total - 1} open findings")
    assert PrescreenFinding.objects.get(submission=draft, rule="failed to engage").considered_reason == REASON
