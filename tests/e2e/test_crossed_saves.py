"""Two tabs on one assessment and one verdict in Chromium: the second save is refused, the words typed in it are kept."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from panel.models import Assessment, Verdict
from panel.services.verdicts import record_verdict
from tests.factories import AgendaItemFactory, MeetingFactory, UserFactory
from tests.panel.assessing import reader_of
from tests.panel.scenario import ISSUES, action_plan, responses

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def two_tabs(pages, user, path):
    first = pages.sign_in(user)
    second = first.context.new_page()
    for page in (first, second):
        page.goto(f"{pages.base}{path}")
    return first, second


def test_assessment_saved_in_two_tabs_second_keeps_its_words_then_saves_deliberately(pages):
    reader = UserFactory(panel_member=True)
    reading = reader_of(AgendaItemFactory(meeting=MeetingFactory(released=True)), reader)
    first, second = two_tabs(pages, reader, reverse("panel:assessment", kwargs={"pk": reading.pk}))

    first.get_by_label("The report's strengths").fill("Written in the first tab.")
    first.get_by_role("button", name="Save as draft").click()
    expect(first.locator(".govuk-notification-banner__heading")).to_have_text("Your draft assessment has been saved")
    second.get_by_label("The report's strengths").fill("Written in the second tab.")
    second.get_by_role("button", name="Save as draft").click()

    pages.check(second)
    expect(second.locator(".govuk-error-summary")).to_contain_text(
        "You saved this assessment in another tab or window at")
    expect(second.get_by_label("The report's strengths")).to_have_value("Written in the second tab.")
    expect(second.locator("#saved-now")).to_contain_text("Written in the first tab.")
    assert Assessment.objects.get(assignment=reading).strengths == "Written in the first tab."

    second.get_by_role("button", name="Save as draft").click()

    expect(second.locator(".govuk-notification-banner__heading")).to_have_text("Your draft assessment has been saved")
    assert Assessment.objects.get(assignment=reading).strengths == "Written in the second tab."


def test_verdict_changed_in_two_tabs_second_keeps_its_words(pages):
    chair = UserFactory(chair=True)
    item = AgendaItemFactory(meeting=MeetingFactory(chair=chair, held=True), submission__documents=False)
    action_plan(item.submission)
    record_verdict(agenda_item=item, recorded_by=chair, outcome="publish", commendation="As recorded.",
                   issues=ISSUES, national_responses=responses(item.submission))
    first, second = two_tabs(pages, chair, reverse("panel:verdict_record", kwargs={"pk": item.pk}))

    first.get_by_label("Strengths or commendation (optional)").fill("Changed in the first tab.")
    first.get_by_role("button", name="Save the pending verdict").click()
    expect(first.locator(".govuk-notification-banner__heading")).to_have_text("The pending verdict has been saved")
    second.get_by_label("Strengths or commendation (optional)").fill("Changed in the second tab.")
    second.get_by_role("button", name="Save the pending verdict").click()

    pages.check(second)
    expect(second.locator(".govuk-error-summary")).to_contain_text("You saved this verdict in another tab or window at")
    expect(second.get_by_label("Strengths or commendation (optional)")).to_have_value("Changed in the second tab.")
    expect(second.locator("#saved-now")).to_contain_text("Changed in the first tab.")
    assert Verdict.objects.get(agenda_item=item).commendation == "Changed in the first tab."
