"""A resubmission without JavaScript: the Panel's letter asks for changes, and the CSP officer sends
version 2 with a new overview report and an answer to each issue the letter raised."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from dhrqa import clock
from dhrqa.celery import app as celery_app
from panel.services.agenda import schedule_on_agenda
from panel.services.letters import draft_letter, issue_letter, send_for_signing, sign_letter
from panel.services.rendering import render_letter
from panel.services.meetings import create_meeting, hold_meeting, release_papers
from panel.services.verdicts import confirm_verdict, record_verdict
from submissions.enums import DocumentKind, IssueSource, SubmissionStatus
from submissions.models import Submission
from tests.factories import CSPFactory, UserFactory, pdf_bytes
from tests.submissions.journey import accepted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MEETING_DATE = datetime.date(2026, 1, 21)
ISSUES = ["Set out the terms of reference near the front of the report",
          "Consider the victim's disability in the equality and diversity section"]
ANSWERS = ["The terms of reference are now section 2.",
           "Section 9 now considers how services responded to the victim's disability."]


@pytest.fixture
def letter_asking_for_changes():
    """Version 1 through the Panel to an issued letter that asks for a new version.

    Built before the browser starts: signing runs an event loop of its own,
    which cannot run inside Playwright's.
    """
    call_command("create_signing_certificate", stdout=io.StringIO())
    csp = CSPFactory(name="Northshire Community Safety Partnership", code="north", area_name="Northshire")
    officer = UserFactory(csp_officer=True, csp=csp, full_name="Olive Officer")
    secretariat = UserFactory(secretariat=True, full_name="Sasha Secretariat")
    chair = UserFactory(chair=True, full_name="Charlie Chair")
    with clock.at(datetime.date(2026, 1, 5)):
        meeting = create_meeting(date=MEETING_DATE, start_time=datetime.time(10), chair=chair,
                                 created_by=secretariat)
        item = schedule_on_agenda(meeting=meeting, submission=accepted(officer, secretariat),
                                  scheduled_by=secretariat)
        release_papers(meeting=meeting, released_by=secretariat)
    with clock.at(MEETING_DATE):
        hold_meeting(meeting=meeting, attended=[], recorded_by=secretariat)
        # A 2026 meeting gives one of the publication outcomes; this one asks for a new version.
        verdict = record_verdict(agenda_item=item, recorded_by=chair, outcome="publish_after_changes",
                                 commendation="", issues=ISSUES, national_responses=[])
        confirm_verdict(verdict=verdict, confirmed_by=chair)
    letter = render_letter(draft_letter(verdict=verdict, drafted_by=secretariat).pk)
    issue_letter(
        letter=sign_letter(letter=send_for_signing(letter=letter, sent_by=secretariat), signed_by=chair),
        issued_by=secretariat,
    )
    yield officer, item.submission
    # E-mails and the rendering were queued on Redis, where no worker runs.
    celery_app.control.purge()


def banner(page):
    return page.locator(".govuk-notification-banner__heading")


def task_status(page, name):
    return page.locator(".govuk-task-list__item", has_text=name).locator(".govuk-task-list__status")


def test_letter_asking_for_changes_answered_by_version_two(letter_asking_for_changes, pages, tmp_path):
    officer_user, first = letter_asking_for_changes
    reference = first.review.reference
    (tmp_path / "overview-v2.pdf").write_bytes(pdf_bytes("The overview report, rewritten"))

    # The officer sees the letter's outcome and the issues it raised.
    officer = pages.sign_in(officer_user, javascript=False)
    officer.get_by_role("link", name=reference).click()
    expect(officer.locator("main .govuk-tag").first).to_have_text("Letter issued: new version needed")
    expect(officer.get_by_role("link", name=re.compile("Download the QA Panel letter"))).to_be_visible()
    pages.check(officer)
    officer.get_by_role("link", name="Version 1", exact=True).click()
    expect(officer.locator("main ol li")).to_have_text(ISSUES)
    pages.check(officer)
    officer.get_by_role("link", name=f"Back to {reference}").click()
    officer.get_by_role("button", name="Start version 2").click()
    expect(banner(officer)).to_have_text("Version 2 has been started from version 1")
    pages.check(officer)

    # A new overview report replaces the one carried forward.
    officer.get_by_role("link", name="Documents").click()
    pages.check(officer)
    officer.get_by_label("Overview report").check()
    officer.get_by_label("Upload a file").set_input_files(tmp_path / "overview-v2.pdf")
    officer.get_by_role("button", name="Add document").click()
    expect(banner(officer)).to_have_text("overview-v2.pdf has been added as the overview report")
    expect(officer.locator("tbody tr", has_text="overview-v2.pdf").locator(".govuk-tag")).to_have_text(
        "New in this version")
    expect(officer.locator("tbody tr", has_text="Executive summary").locator(".govuk-tag")).to_have_text(
        "Unchanged since version 1")
    pages.check(officer)
    officer.get_by_role("link", name="Return to the task list").click()

    # Each of the Panel's issues is answered.
    expect(task_status(officer, "Answer the issues raised about version 1")).to_have_text("Incomplete")
    officer.get_by_role("link", name="Answer the issues raised about version 1").click()
    pages.check(officer)
    for number, answer in enumerate(ANSWERS, start=1):
        officer.get_by_label(f"Your answer to issue {number}").fill(answer)
    officer.get_by_role("button", name="Save answers").click()
    expect(task_status(officer, "Answer the issues raised about version 1")).to_have_text("Completed")

    # The declaration is made, then the version is checked and sent.
    officer.get_by_role("link", name="Declaration").click()
    officer.get_by_role("checkbox").check()
    officer.get_by_role("button", name="Make the declaration").click()
    expect(task_status(officer, "Check and send")).to_have_text("Incomplete")
    officer.get_by_role("link", name="Check and send").click()
    pages.check(officer)
    officer.get_by_role("button", name="Send to the Home Office").click()
    expect(banner(officer)).to_have_text(f"Version 2 of {reference} has been sent to the Home Office")
    expect(officer.locator("main .govuk-tag").first).to_have_text("With the Panel")
    pages.check(officer)

    second = Submission.objects.get(review=first.review, number=2)
    assert second.status == SubmissionStatus.SUBMITTED
    assert list(second.issue_responses.order_by("issue__position").values_list(
        "issue__source", "issue__text", "text")) == [(IssueSource.PANEL, issue, answer)
                                                     for issue, answer in zip(ISSUES, ANSWERS)]
    kept = dict(first.documents.values_list("kind", "stored_file"))
    sent = dict(second.documents.values_list("kind", "stored_file"))
    assert [kind for kind in sent if sent[kind] != kept[kind]] == [DocumentKind.OVERVIEW_REPORT]
    assert Submission.objects.get(pk=first.pk).status == SubmissionStatus.CHANGES_REQUESTED
