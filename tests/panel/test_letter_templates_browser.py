"""The secretariat changes a letter template in Chromium: a mistyped placeholder is an error, the fix a new version.

axe-core checks every page on the way (tests/e2e/conftest.py).
"""

import pytest
from playwright.sync_api import expect

from panel.models import LetterTemplate
from tests.e2e.conftest import browser, pages  # noqa: F401 (fixtures)
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

OPENING = ("Thank you for submitting the Domestic Homicide Review (DHR) report from ((area)) to the Home Office. "
           "The Panel considered it at its meeting in ((meeting_month)).")


@pytest.mark.parametrize("javascript", [True, False])
def test_template_changed_with_a_mistake_corrected_becomes_version_two(pages, javascript):  # noqa: F811
    secretariat = UserFactory(secretariat=True, full_name="Sasha Secretariat")
    desk = pages.sign_in(secretariat, javascript=javascript)

    desk.get_by_role("link", name="Letter templates").click()
    pages.check(desk)
    desk.get_by_role("link", name="Adequate or inadequate letter (2014 layout)").click()
    expect(desk.locator("h1")).to_have_text("Adequate or inadequate letter (2014 layout)")
    pages.check(desk)
    desk.get_by_role("button", name="Change the template").click()
    pages.check(desk)

    desk.get_by_label("Opening paragraph").fill(OPENING.replace("((area))", "((areaa))"))
    desk.get_by_role("button", name="Save as a new version").click()
    message = "Opening paragraph has ((areaa)), which is not a placeholder: did you mean ((area))?"
    expect(desk.locator(".govuk-error-summary__list a")).to_have_text([message])
    expect(desk.locator("#id_opening_1_error")).to_have_text(f"Error: {message}")
    pages.check(desk)

    desk.get_by_label("Opening paragraph").fill(OPENING)
    desk.get_by_role("button", name="Save as a new version").click()
    expect(desk.locator(".govuk-notification-banner__heading")).to_have_text(
        "Version 2 has been saved. Letters drafted from now on use it; letters drafted before keep the version "
        "they were made from")
    pages.check(desk)

    newest = LetterTemplate.objects.filter(outcome_set__code="adequacy-2011").order_by("-version").first()
    assert (newest.version, newest.paragraphs["opening"], newest.created_by) == (2, OPENING, secretariat)
    expect(desk.locator("main")).to_contain_text(OPENING)
