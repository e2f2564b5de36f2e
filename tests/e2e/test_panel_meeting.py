"""The Panel's work in Chromium: a meeting planned, two readers' assessments, meeting mode and a confirmed
"publish after changes" verdict; then the CSP's answers to its letter coming back to a later meeting.

The live server keeps the real date (dhrqa.clock.at freezes only the thread
that calls it), and attendance can be recorded only on a meeting's day: so
the meetings the browser holds are today's, and the earlier meeting of the
second journey is built through the services, at its own date.
"""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from dhrqa.celery import app as celery_app
from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from panel.enums import AssessmentStatus, VerdictStatus
from panel.models import AgendaItem, ConflictOfInterest, MeetingMember, SuggestedIssue, Verdict
from panel.outcomes import criteria_for
from panel.services.meetings import create_meeting
from submissions.enums import CaseKind, IntakeCheck, SubmissionStatus
from submissions.models import Submission
from tests.e2e.panel_cases import (
    ANSWERS,
    CITATION,
    ISSUES,
    OVERVIEW,
    RESPONSE,
    SUGGESTED,
    SUMMARY,
    TYPED,
    accepted_review,
    letter_issued,
    panel_people,
)
from tests.factories import CSPFactory, ReaderAssignmentFactory, UserFactory
from tests.submissions.journey import accepted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RILEYS_ISSUES = ["Set out the terms of reference near the front of the report",
                 "Name the agencies in the executive summary"]
AGREEMENT = "Both readers recommend Publish after changes"


@pytest.fixture
def people(settings):
    # Today's meeting: the readers' assessments fall due on the day rather than two days before, so that
    # none is overdue while they read.
    settings.DHRQA_ASSESSMENT_DUE_DAYS = 0
    yield panel_people()
    # E-mails were queued on Redis, where no worker runs.
    celery_app.control.purge()


@pytest.fixture
def criteria():
    return list(criteria_for(CaseKind.REVIEW).values_list("heading", flat=True))


def banner(page):
    return page.locator(".govuk-notification-banner__heading")


def summary_value(page, key):
    return page.locator(".govuk-summary-list__row", has=page.locator("dt", has_text=key)).locator("dd")


def judge(page, headings, *, differing=None):
    """Judge the report adequate against each criterion, except those `differing` names ({heading: judgement})."""
    for heading in headings:
        judgement = (differing or {}).get(heading, "Adequate")
        page.get_by_role("group", name=heading, exact=True).get_by_label(judgement, exact=True).check()


def test_panel_meeting_planned_read_and_decided_in_meeting_mode(pages, people, criteria):
    today = timezone.localdate()
    submission = accepted_review(people["officer"], people["secretariat"])
    reference = submission.review.reference
    accepted(UserFactory(csp_officer=True, csp=CSPFactory(name="Eastshire Community Safety Partnership")),
             people["secretariat"])
    # Riley already reads a report for next month's meeting.
    ReaderAssignmentFactory(reader=people["riley"], agenda_item__meeting__date=today + datetime.timedelta(days=28),
                            agenda_item__meeting__chair=people["chair"],
                            agenda_item__meeting__created_by=people["secretariat"])

    # The secretariat plans today's meeting, with its chair and one member invited.
    desk = pages.sign_in(people["secretariat"])
    desk.get_by_role("link", name="Meetings").click()
    pages.check(desk)
    desk.get_by_role("button", name="Plan a meeting").click()
    pages.check(desk)
    desk.get_by_label("Day").fill(str(today.day))
    desk.get_by_label("Month").fill(str(today.month))
    desk.get_by_label("Year").fill(str(today.year))
    desk.get_by_label("Start time").fill("10:30am")
    desk.get_by_label("Place (optional)").fill("Room 2.14, 2 Marsham Street")
    desk.get_by_label("Capacity").fill("6")
    desk.get_by_label("Chair", exact=True).select_option(label="Charlie Chair")
    desk.get_by_label("Morgan Member").check()
    desk.get_by_role("button", name="Plan the meeting").click()
    meeting_name = f"QA Panel meeting, {today:%-d %B %Y}"
    expect(banner(desk)).to_have_text(f"The {meeting_name} has been planned")
    expect(summary_value(desk, "Time")).to_have_text("10:30am")
    expect(summary_value(desk, "Place")).to_have_text("Room 2.14, 2 Marsham Street")
    pages.check(desk)
    meeting_url = desk.url

    # It finds the Northshire review on the search page and adds it to the agenda.
    desk.get_by_role("button", name="Add to the agenda").click()
    expect(desk.locator("caption")).to_have_text("2 accepted submissions waiting for a meeting, oldest received first")
    pages.check(desk)
    desk.get_by_label("Search accepted submissions").fill("northshire")
    desk.get_by_role("button", name="Search").click()
    expect(desk.locator("caption")).to_have_text(
        "1 accepted submission waiting for a meeting matching “northshire”, oldest received first")
    pages.check(desk)
    desk.get_by_role("button", name=f"Add to agenda {reference}").click()
    expect(banner(desk)).to_have_text(f"{reference} has been added to the agenda")
    expect(desk.locator("tbody tr")).to_have_count(0)
    pages.check(desk)
    item = AgendaItem.objects.get(submission=submission)
    item_url = f"{pages.base}{reverse('panel:agenda_item_detail', kwargs={'pk': item.pk})}"
    document = submission.documents.get(kind="overview_report")
    document_url = f"{pages.base}{reverse('panel:item_document', kwargs={'pk': item.pk, 'document_pk': document.pk})}"

    # Morgan, invited, declares a conflict of interest with the review from its page.
    morgan = pages.sign_in(people["morgan"])
    morgan.get_by_role("link", name="Meetings").click()
    morgan.get_by_role("link", name=f"{today:%-d %B %Y}").click()
    pages.check(morgan)
    morgan.get_by_role("link", name=reference).click()
    pages.check(morgan)
    morgan.get_by_role("link", name="Declare a conflict of interest with this review").click()
    pages.check(morgan)
    morgan.get_by_label("Personal").check()
    morgan.get_by_label("Why do you have a conflict of interest?").fill("I know the victim's family.")
    morgan.get_by_role("button", name="Declare the conflict of interest").click()
    expect(banner(morgan)).to_have_text(f"You have declared a conflict of interest with {reference}")
    expect(morgan.locator("#conflicts tbody td")).to_have_text(
        [reference, "Personal", re.compile(f"{today:%-d %B %Y} at ")])
    pages.check(morgan)

    # The secretariat assigns two readers, seeing what each is reading already; Morgan cannot be chosen.
    desk.goto(meeting_url)
    desk.get_by_role("link", name=f"Assign readers for {reference}").click()
    pages.check(desk)
    expect(desk.locator(".govuk-checkboxes__label")).to_have_text([
        "Charlie Chair – reading no reports", "Riley Reader – reading 1 report", "Rowan Reader – reading no reports"])
    expect(desk.locator("#unavailable")).to_have_text("Morgan Member – declared a conflict of interest")
    desk.get_by_label("Rowan Reader").check()
    desk.get_by_label("Riley Reader").check()
    desk.get_by_role("button", name="Assign readers").click()
    expect(banner(desk)).to_have_text(f"Riley Reader and Rowan Reader are now reading {reference}")
    expect(desk.locator("tbody tr td:first-child")).to_have_text(["Riley Reader", "Rowan Reader"])
    pages.check(desk)

    # It releases the papers.
    desk.goto(meeting_url)
    desk.get_by_role("button", name="Release the papers").click()
    expect(desk.locator("main ul li")).to_have_text([
        "1 item on the agenda", "3 invited members and the chair", "2 readers assigned"])
    pages.check(desk)
    desk.get_by_role("button", name="Release the papers").click()
    expect(banner(desk)).to_have_text("The papers have been released: the members can now open the documents")
    pages.check(desk)

    # Released or not, Morgan cannot open the item or its documents.
    morgan.goto(meeting_url)
    expect(morgan.locator("tbody tr td").nth(1)).to_have_text(f"{reference} You have declared a conflict of interest")
    expect(morgan.get_by_role("link", name=reference)).to_have_count(0)
    pages.check(morgan)
    assert morgan.goto(item_url).status == 404
    pages.check(morgan)
    assert morgan.request.get(document_url).status == 404

    # Rowan opens "My reviews", downloads the overview report and saves a first draft.
    rowan = pages.sign_in(people["rowan"])
    rowan.get_by_role("link", name="My reviews").click()
    pages.check(rowan)
    rowan.get_by_role("link", name=f"Assess the report {reference}").click()
    pages.check(rowan)
    with rowan.expect_download() as download:
        rowan.get_by_role("link", name=re.compile("^Download the overview report")).click()
    assert download.value.path().read_bytes() == OVERVIEW
    judge(rowan, criteria[:6])
    rowan.get_by_label("Comment on Timescales (optional)").fill("Completed within six months.")
    rowan.locator("#id_issue-0-text").fill(SUGGESTED)
    rowan.locator("#id_issue-0-citation").fill(CITATION)
    rowan.get_by_role("button", name="Save as draft").click()
    expect(banner(rowan)).to_have_text("Your draft assessment has been saved")
    pages.check(rowan)

    # The secretariat sees where each reader is, and nothing of the draft.
    desk.goto(meeting_url)
    desk.get_by_role("link", name="See progress").click()
    expect(desk.locator("#progress-summary")).to_have_text("0 of 2 assessments submitted, 0 overdue")
    expect(desk.locator("tbody tr td:nth-child(5)")).to_have_text(["Not started", "Draft"])
    pages.check(desk)

    # Rowan comes back to the draft, finishes it and submits it; only then sees the others' (none yet).
    rowan.get_by_role("link", name="My reviews").click()
    expect(rowan.locator("#reading-now tbody tr", has_text=reference).locator(".govuk-tag")).to_have_text("Draft")
    rowan.get_by_role("link", name=f"Assess the report {reference}").click()
    expect(rowan.get_by_role("group", name="Timescales", exact=True).get_by_label("Adequate", exact=True)
           ).to_be_checked()
    expect(rowan.locator("#id_issue-0-text")).to_have_value(SUGGESTED)
    pages.check(rowan)
    judge(rowan, criteria[6:], differing={"Equality and diversity": "Inadequate"})
    rowan.get_by_label("The report's strengths").fill("The victim's voice is heard throughout.")
    rowan.get_by_role("group", name="What outcome do you recommend?").get_by_label(
        "Publish after changes", exact=True).check()
    rowan.get_by_role("button", name="Submit assessment").click()
    expect(banner(rowan)).to_have_text("Your assessment has been submitted. You can now read the other readers'")
    pages.check(rowan)
    rowan.get_by_role("link", name="Read the other readers' assessments").click()
    expect(rowan.locator(".govuk-inset-text")).to_have_text(
        "The one reader who has submitted recommends Publish after changes Still to submit: Riley Reader (not started)")
    expect(rowan.locator("thead th")).to_have_text(["Criterion", "Rowan Reader"])
    pages.check(rowan)

    # Riley, without JavaScript, downloads the executive summary; until their own assessment is submitted
    # the item's page offers no one else's, and asking for them leads back to their own.
    riley = pages.sign_in(people["riley"], javascript=False)
    riley.get_by_role("link", name="My reviews").click()
    pages.check(riley)
    riley.get_by_role("link", name=f"Assess the report {reference}").click()
    pages.check(riley)
    with riley.expect_download() as download:
        riley.get_by_role("link", name=re.compile("^Download the executive summary")).click()
    assert download.value.path().read_bytes() == SUMMARY
    riley.get_by_role("link", name=f"Back to {reference}").click()
    expect(riley.locator(".govuk-inset-text")).to_contain_text("You are reading this report")
    expect(riley.get_by_role("link", name="Read the readers' assessments")).to_have_count(0)
    pages.check(riley)
    riley.goto(f"{pages.base}{reverse('panel:assessments', kwargs={'pk': item.pk})}")
    expect(banner(riley)).to_have_text("Submit your own assessment before reading the other readers'")
    expect(riley.get_by_role("heading", level=1)).to_have_text("Your assessment")
    expect(riley.get_by_text("The victim's voice is heard throughout.")).to_have_count(0)
    pages.check(riley)
    judge(riley, criteria)
    riley.locator("#id_issue-0-text").fill(RILEYS_ISSUES[0])
    riley.get_by_role("button", name="Add another issue").click()
    expect(riley.locator(".govuk-error-summary")).to_have_count(0)
    expect(riley.locator("#id_issue-0-text")).to_have_value(RILEYS_ISSUES[0])
    expect(riley.get_by_role("group", name="Anonymisation", exact=True).get_by_label("Adequate", exact=True)
           ).to_be_checked()
    pages.check(riley)
    riley.locator("#id_issue-1-text").fill(RILEYS_ISSUES[1])
    riley.get_by_role("group", name="What outcome do you recommend?").get_by_label(
        "Publish after changes", exact=True).check()
    riley.get_by_role("button", name="Submit assessment").click()
    expect(banner(riley)).to_have_text("Your assessment has been submitted. You can now read the other readers'")
    pages.check(riley)
    riley.get_by_role("link", name="Read the other readers' assessments").click()
    expect(riley.locator(".govuk-inset-text")).to_have_text(AGREEMENT)
    # One column per reader, in the order they were assigned.
    expect(riley.locator("thead th")).to_have_text(["Criterion", "Riley Reader", "Rowan Reader"])
    differing = riley.locator("tbody tr", has=riley.locator(".govuk-tag"))
    expect(differing.locator("th")).to_have_text(re.compile("Equality and diversity"))
    expect(differing.locator(".govuk-tag")).to_have_text("Readers differ")
    pages.check(riley)

    # The secretariat sees both submitted, and records attendance on the day.
    desk.reload()
    expect(desk.locator("#progress-summary")).to_have_text("2 of 2 assessments submitted, 0 overdue")
    pages.check(desk)
    desk.goto(meeting_url)
    desk.get_by_role("button", name="Record attendance").click()
    pages.check(desk)
    desk.get_by_label("Rowan Reader").check()
    desk.get_by_label("Riley Reader").check()
    desk.get_by_role("button", name="Record attendance and start the meeting").click()
    expect(banner(desk)).to_have_text("Attendance has been recorded: the meeting is being held")
    expect(desk.locator("main ul.govuk-list").first.locator("li")).to_have_text([
        "Charlie Chair (chair): Attended", "Morgan Member: Absent", "Riley Reader: Attended",
        "Rowan Reader: Attended"])
    pages.check(desk)

    # The chair opens meeting mode: the assessments side by side, the readers' issues and the national
    # recommendation.
    chair = pages.sign_in(people["chair"])
    chair.get_by_role("link", name="Meetings").click()
    chair.get_by_role("link", name=f"{today:%-d %B %Y}").click()
    chair.get_by_role("button", name="Open meeting mode").click()
    expect(chair.get_by_role("heading", level=2, name=reference)).to_be_visible()
    expect(chair.locator(".govuk-inset-text")).to_have_text(AGREEMENT)
    expect(chair.locator("table").first.locator("thead th")).to_have_text(["Criterion", "Riley Reader", "Rowan Reader"])
    expect(chair.locator("main ol.govuk-list--number li")).to_have_text([
        f"{RILEYS_ISSUES[0]} (Riley Reader)", f"{RILEYS_ISSUES[1]} (Riley Reader)",
        f"{CITATION}: {SUGGESTED} (Rowan Reader)"])
    pages.check(chair)

    # The chair records "publish after changes": one issue typed, one of Rowan's picked, the national
    # recommendation answered.
    chair.get_by_role("button", name="Record the verdict").click()
    pages.check(chair)
    chair.get_by_label("Publish after changes", exact=True).check()
    chair.locator("#id_issue-0-text").fill(TYPED)
    chair.get_by_label(f"{CITATION}: {SUGGESTED} (Rowan Reader)").check()
    recommendation = chair.get_by_label(re.compile("Recommendation 4: "))
    recommendation.check()
    expect(recommendation).to_be_checked()
    expect(chair.get_by_label("Routed to", exact=True)).to_have_value("dhsc")
    chair.get_by_label("Response", exact=True).fill(RESPONSE)
    chair.get_by_role("button", name="Save the pending verdict").click()
    expect(banner(chair)).to_have_text("The verdict has been recorded. It is pending until you confirm it")
    expect(chair.locator("main ol li .govuk-tag")).to_have_text("Pending: Publish after changes")
    expect(summary_value(chair, "Issues for the letter").locator("li")).to_have_text(ISSUES)
    pages.check(chair)
    chair.get_by_role("button", name="Confirm the verdict").click()
    pages.check(chair)
    chair.get_by_role("button", name="Confirm the verdict").click()
    expect(banner(chair)).to_have_text(f"The verdict on {reference} has been confirmed")
    expect(chair.locator("main ol li .govuk-tag")).to_have_text("Confirmed: Publish after changes")
    pages.check(chair)

    # Before the letter is issued, the CSP officer sees the review with the Panel, and nothing of its work.
    officer = pages.sign_in(people["officer"])
    officer.get_by_role("link", name=reference).click()
    expect(officer.locator("main .govuk-tag").first).to_have_text("With the Panel")
    for panel_work in ("Rowan Reader", "Riley Reader", "Morgan Member", "Charlie Chair", "Publish after changes",
                       TYPED, SUGGESTED, RESPONSE):
        expect(officer.locator("main")).not_to_contain_text(panel_work)
    expect(officer.get_by_text("The Panel's letter will appear here when the Home Office issues it.")).to_be_visible()
    pages.check(officer)
    officer.get_by_role("link", name="Version 1", exact=True).click()
    expect(officer.locator("main .govuk-tag").first).to_have_text("With the Panel")
    for panel_work in ("Rowan Reader", "Riley Reader", "Publish after changes", TYPED, RESPONSE):
        expect(officer.locator("main")).not_to_contain_text(panel_work)
    pages.check(officer)
    assert officer.goto(item_url).status == 404
    pages.check(officer)

    verdict = Verdict.objects.get(agenda_item=item)
    picked = SuggestedIssue.objects.get(text=SUGGESTED)
    assert (verdict.status, verdict.outcome.code, verdict.confirmed_by) == (
        VerdictStatus.CONFIRMED, "publish_after_changes", people["chair"])
    assert [(issue.text, issue.suggestion_id) for issue in verdict.issues.order_by("position")] == [
        (TYPED, None), (ISSUES[1], picked.pk)]
    assert [(response.routed_to, response.text, [rec.number for rec in response.recommendations.all()])
            for response in verdict.national_responses.all()] == [("dhsc", RESPONSE, ["4"])]
    assert sorted(item.readers.values_list("reader__full_name", "assessment__status")) == [
        ("Riley Reader", AssessmentStatus.SUBMITTED), ("Rowan Reader", AssessmentStatus.SUBMITTED)]
    assert list(ConflictOfInterest.objects.values_list("member__full_name", "review__reference")) == [
        ("Morgan Member", reference)]
    assert dict(MeetingMember.objects.filter(meeting=item.meeting).values_list("member__full_name", "attended")) == {
        "Morgan Member": False, "Riley Reader": True, "Rowan Reader": True}
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.DECIDED
    assert {
        AuditAction.MEETING_CREATED, AuditAction.SUBMISSION_SCHEDULED, AuditAction.CONFLICT_DECLARED,
        AuditAction.READER_ASSIGNED, AuditAction.PAPERS_RELEASED, AuditAction.ASSESSMENT_SAVED,
        AuditAction.ASSESSMENT_SUBMITTED, AuditAction.MEETING_HELD, AuditAction.VERDICT_RECORDED,
        AuditAction.VERDICT_CONFIRMED, AuditAction.DOCUMENT_DOWNLOADED,
    } <= set(AuditEvent.objects.values_list("action", flat=True))


@pytest.fixture
def answered_letter(people):
    """Version 1 decided "publish after changes" at a meeting four weeks ago, its letter issued; today's
    meeting planned. Built before the browser starts: signing runs an event loop of its own."""
    call_command("create_signing_certificate", stdout=io.StringIO())
    today = timezone.localdate()
    first = letter_issued(people, meeting_date=today - datetime.timedelta(days=28))
    create_meeting(date=today, start_time=datetime.time(14), chair=people["chair"], members=[people["rowan"]],
                   created_by=people["secretariat"])
    return first


def test_panel_later_meeting_sees_previous_issues_beside_the_csps_answers(answered_letter, people, pages):
    today = timezone.localdate()
    reference = answered_letter.review.reference

    # The officer starts version 2 from the letter and answers each of its issues.
    officer = pages.sign_in(people["officer"])
    officer.get_by_role("link", name=reference).click()
    expect(officer.locator("main .govuk-tag").first).to_have_text("Letter issued: new version needed")
    pages.check(officer)
    officer.get_by_role("button", name="Start version 2").click()
    expect(banner(officer)).to_have_text("Version 2 has been started from version 1")
    pages.check(officer)
    officer.get_by_role("link", name="Answer the issues raised about version 1").click()
    expect(officer.locator(".govuk-hint")).to_have_text(ISSUES)
    pages.check(officer)
    for number, answer in enumerate(ANSWERS, start=1):
        officer.get_by_label(f"Your answer to issue {number}").fill(answer)
    officer.get_by_role("button", name="Save answers").click()
    expect(banner(officer)).to_have_text("Your answers have been saved")
    officer.get_by_role("link", name="Declaration").click()
    officer.get_by_role("checkbox").check()
    officer.get_by_role("button", name="Make the declaration").click()
    officer.get_by_role("link", name="Check and send").click()
    pages.check(officer)
    officer.get_by_role("button", name="Send to the Home Office").click()
    expect(banner(officer)).to_have_text(f"Version 2 of {reference} has been sent to the Home Office")
    pages.check(officer)

    # The secretariat accepts it and puts it on today's meeting, then releases the papers.
    desk = pages.sign_in(people["secretariat"])
    desk.goto(f"{pages.base}/reviews/{reference}/v2/intake/")
    pages.check(desk)
    for check in IntakeCheck:
        desk.get_by_label(check.label).check()
    desk.get_by_label("Accept it for a Panel meeting").check()
    desk.get_by_role("button", name="Save decision").click()
    expect(banner(desk)).to_contain_text("has been accepted")
    pages.check(desk)
    desk.get_by_role("link", name="Meetings").click()
    desk.get_by_role("link", name=f"{today:%-d %B %Y}").click()
    desk.get_by_role("button", name="Add to the agenda").click()
    expect(desk.locator("tbody tr td").first).to_have_text(f"{reference}, version 2")
    desk.get_by_role("button", name=f"Add to agenda {reference}").click()
    expect(banner(desk)).to_have_text(f"{reference} has been added to the agenda")
    pages.check(desk)
    desk.get_by_role("link", name="Back to the meeting").click()
    desk.get_by_role("button", name="Release the papers").click()
    desk.get_by_role("button", name="Release the papers").click()
    expect(banner(desk)).to_have_text("The papers have been released: the members can now open the documents")

    # A member of the meeting sees, on the item's page, each issue of the letter beside the CSP's answer.
    answered = [f"{number}. {issue}" for number, issue in enumerate(ISSUES, start=1)]
    rowan = pages.sign_in(people["rowan"])
    rowan.get_by_role("link", name="Meetings").click()
    rowan.get_by_role("link", name=f"{today:%-d %B %Y}").click()
    rowan.get_by_role("link", name=reference).click()
    expect(rowan.get_by_role("heading", name="Issues raised about version 1, and the CSP's answers")).to_be_visible()
    answers = rowan.locator(".govuk-summary-list").first
    expect(answers.locator("dt")).to_have_text(answered)
    expect(answers.locator("dd")).to_have_text(ANSWERS)
    pages.check(rowan)

    # The chair records attendance and lands in meeting mode, where the answers are shown again.
    chair = pages.sign_in(people["chair"])
    chair.get_by_role("link", name="Meetings").click()
    chair.get_by_role("link", name=f"{today:%-d %B %Y}").click()
    chair.get_by_role("button", name="Record attendance").click()
    chair.get_by_label("Rowan Reader").check()
    chair.get_by_role("button", name="Record attendance and start the meeting").click()
    expect(banner(chair)).to_have_text("Attendance has been recorded: the meeting is being held")
    expect(chair.get_by_role("heading", level=1)).to_have_text(f"QA Panel meeting, {today:%-d %B %Y}")
    expect(chair.get_by_role("heading", name="Issues raised about version 1, and the CSP's answers")).to_be_visible()
    answers = chair.locator(".govuk-summary-list").first
    expect(answers.locator("dt")).to_have_text(answered)
    expect(answers.locator("dd")).to_have_text(ANSWERS)
    pages.check(chair)

    second = Submission.objects.get(review=answered_letter.review, number=2)
    assert second.status == SubmissionStatus.SCHEDULED
    assert AgendaItem.objects.get(submission=second).meeting.date == today
