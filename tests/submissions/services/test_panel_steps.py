"""The Panel's steps, taken through the panel's own services, as the CSP and the Home Office see them.

The CSP sees "With the Panel" until the letter is issued, and never the verdict before it.
"""

import datetime
import io

import pytest
from django.core.management import call_command

from dhrqa.transitions import IllegalTransition
from dhrqa import clock
from panel.services.agenda import schedule_on_agenda
from panel.services.letters import draft_letter, issue_letter, send_for_signing, sign_letter
from panel.services.rendering import render_letter
from panel.services.meetings import create_meeting, hold_meeting, release_papers
from panel.services.verdicts import confirm_verdict, record_verdict
from submissions.enums import IssueSource, SubmissionStatus
from submissions.models import RaisedIssue, Submission
from submissions.services.intake import accept_submission
from submissions.services.versions import issues_to_answer, start_next_version
from submissions.timeline import timeline
from tests.factories import UserFactory
from tests.submissions.journey import EVERY_CHECK, accepted, sent

pytestmark = pytest.mark.django_db

MEETING_DATE = datetime.date(2026, 1, 21)
ISSUES = ["Set out the terms of reference near the front of the report",
          "Consider the victim's disability in the equality and diversity section"]
CSP_MOMENTS_BEFORE_THE_LETTER = [
    "Registered", "Version 1 sent to the Home Office", "Version 1 accepted for the Panel",
    "Version 1 scheduled for the Panel meeting of 21 January 2026",
]


@pytest.fixture
def officer():
    return UserFactory(csp_officer=True)


@pytest.fixture
def signing_certificate():
    call_command("create_signing_certificate", stdout=io.StringIO())


@pytest.fixture
def scheduled(officer, secretariat, chair, django_capture_on_commit_callbacks):
    meeting = create_meeting(date=MEETING_DATE, chair=chair, created_by=secretariat)
    submission = accepted(officer, secretariat)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        item = schedule_on_agenda(meeting=meeting, submission=submission, scheduled_by=secretariat)
    item.queued = [(call.keywords["template"], call.keywords["context"].get("meeting_date")) for call in callbacks]
    return item


def decide(item, chair, outcome, issues=ISSUES):
    """The meeting held, and the chair's verdict recorded and confirmed."""
    release_papers(meeting=item.meeting, released_by=item.meeting.created_by)
    with clock.at(MEETING_DATE):
        hold_meeting(meeting=item.meeting, attended=[], recorded_by=chair)
    verdict = record_verdict(agenda_item=item, recorded_by=chair, outcome=outcome, commendation="",
                             issues=issues, national_responses=[])
    return confirm_verdict(verdict=verdict, confirmed_by=chair)


def issue(verdict, secretariat, chair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        letter = draft_letter(verdict=verdict, drafted_by=secretariat)
    render_letter(letter.pk)
    return issue_letter(
        letter=sign_letter(letter=send_for_signing(letter=letter, sent_by=secretariat), signed_by=chair),
        issued_by=secretariat,
    )


def seen_by(submission, user):
    """(the status tag the user sees, the titles of the review's timeline for them)."""
    submission = Submission.objects.select_related("review").get(pk=submission.pk)
    label = submission.csp_status_label if not user.works_for_home_office else submission.get_status_display()
    return label, [moment.title for moment in timeline(submission.review, user)]


def test_csp_sees_with_the_panel_once_sent_and_accepted(officer, secretariat):
    submission = sent(officer)
    labels = [seen_by(submission, officer)[0]]

    accept_submission(submission=submission, accepted_by=secretariat, ticked=EVERY_CHECK)

    assert [*labels, seen_by(submission, officer)[0]] == ["With the Panel", "With the Panel"]


def test_schedule_on_agenda_tells_the_csp_the_meeting_date(scheduled, officer):
    assert scheduled.submission.status == SubmissionStatus.SCHEDULED
    assert scheduled.queued == [("submission_scheduled", "21 January 2026")]
    assert seen_by(scheduled.submission, officer) == ("With the Panel", CSP_MOMENTS_BEFORE_THE_LETTER)


def test_schedule_on_agenda_version_not_accepted_refused(officer, secretariat, chair):
    meeting = create_meeting(date=MEETING_DATE, chair=chair, created_by=secretariat)
    submission = sent(officer)

    with pytest.raises(IllegalTransition) as refused:
        schedule_on_agenda(meeting=meeting, submission=submission, scheduled_by=secretariat)

    assert str(refused.value) == (f"{submission.review.reference} must be accepted, and not already on an agenda, "
                                  "to be scheduled")
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.SUBMITTED


def test_record_verdict_csp_still_sees_with_the_panel_and_no_verdict(scheduled, officer, secretariat, chair):
    decide(scheduled, chair, "publish_after_changes")

    assert seen_by(scheduled.submission, officer) == ("With the Panel", CSP_MOMENTS_BEFORE_THE_LETTER)
    assert seen_by(scheduled.submission, secretariat) == (
        "Verdict recorded", [*CSP_MOMENTS_BEFORE_THE_LETTER, "Verdict recorded"])
    assert RaisedIssue.objects.count() == 0


def test_issue_letter_asking_for_changes_gives_the_csp_issues_to_answer(
        scheduled, officer, secretariat, chair, signing_certificate, django_capture_on_commit_callbacks):
    verdict = decide(scheduled, chair, "publish_after_changes")

    issue(verdict, secretariat, chair, django_capture_on_commit_callbacks)

    assert seen_by(scheduled.submission, officer) == (
        "Letter issued: new version needed", [*CSP_MOMENTS_BEFORE_THE_LETTER, "Panel letter issued"])
    assert list(RaisedIssue.objects.filter(submission=scheduled.submission).values_list("source", "text")) == [
        (IssueSource.PANEL, ISSUES[0]), (IssueSource.PANEL, ISSUES[1])]
    second = start_next_version(review=scheduled.submission.review, started_by=officer)
    assert [issue.text for issue in issues_to_answer(second)] == ISSUES


def test_issue_letter_concluding_the_review_leaves_nothing_to_answer(
        scheduled, officer, secretariat, chair, signing_certificate, django_capture_on_commit_callbacks):
    verdict = decide(scheduled, chair, "publish", issues=["You may wish to consider the chronology"])

    issue(verdict, secretariat, chair, django_capture_on_commit_callbacks)

    assert seen_by(scheduled.submission, officer) == (
        "Letter issued", [*CSP_MOMENTS_BEFORE_THE_LETTER, "Panel letter issued"])
    assert RaisedIssue.objects.count() == 0
    with pytest.raises(IllegalTransition):
        start_next_version(review=scheduled.submission.review, started_by=officer)
