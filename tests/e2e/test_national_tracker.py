"""A responder at a national body answers a recommendation routed to it, and the CSP sees the answer."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from panel.enums import LetterStatus
from tests.dhrqa.letters import make_letter
from tests.factories import UserFactory
from tests.panel.national import routed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_national_tracker_responder_updates_and_the_csp_sees_it(pages):
    row = routed(number="3")
    make_letter(row.verdict, LetterStatus.ISSUED, drafted_by=UserFactory(secretariat=True))
    responder = UserFactory(responder=True, full_name="Hana Office")
    officer = UserFactory(csp_officer=True, csp=row.csp)

    page = pages.sign_in(responder)
    # A responder starts on what is routed to their body.
    expect(page.get_by_role("heading", level=1)).to_have_text("National recommendations routed to you")
    page.get_by_role("link", name=f"{row.review.reference}, recommendation 3").click()
    pages.check(page)
    page.get_by_role("button", name="Update the status").click()
    pages.check(page)
    page.get_by_label("Acknowledge it: we have received it").check()
    page.get_by_role("button", name="Save").click()
    pages.check(page)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Recommendation 3 is now acknowledged")

    # Declining needs reasons: the form says so, and nothing changes.
    page.get_by_role("button", name="Update the status").click()
    page.get_by_label("Decline it, with the reasons").check()
    page.get_by_role("button", name="Save").click()
    pages.check(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reasons for declining the recommendation")
    page.get_by_label("Accept it").check()
    page.get_by_label("Note for the Home Office and the CSP").fill("We will publish new guidance in 2027.")
    page.get_by_role("button", name="Save").click()
    pages.check(page)
    expect(page.locator("tbody tr")).to_have_count(3)
    expect(page.locator("tbody tr").last).to_contain_text("We will publish new guidance in 2027.")

    csp = pages.sign_in(officer)
    csp.goto(pages.base + reverse("submissions:review_detail", kwargs={"reference": row.review.reference}))
    pages.check(csp)
    answers = csp.locator("table", has=csp.locator("caption", has_text="bodies' answers"))
    expect(answers.locator("tbody td")).to_have_text(
        ["3", "Home Office", "1 June 2026", "Accepted", "We will publish new guidance in 2027."])
