"""The panel's screens, driven through Django's test client as the chair and secretariat use them."""

import datetime
import json

import pytest
from django.urls import reverse

from dhrqa import clock
from dhrqa.enums import AuditAction
from panel.enums import LetterStatus, Outcome, RenderStatus
from panel.models import AgendaItem, Letter, Meeting, Verdict
from submissions.enums import SubmissionStatus
from tests.dhrqa.govuk_page import body_paragraphs, error_messages, error_summary, summary_links_without_target
from tests.factories import AgendaItemFactory, MeetingFactory, SubmissionFactory, UserFactory
from tests.panel.scenario import audit_trail

NUMBERS_ERROR = "Enter recommendation numbers as whole numbers, for example 5, 6, 8"


def verdict_form(rows=(), total=3, **fields):
    """What the verdict page posts: the verdict fields and `total` response rows."""
    data = {
        "outcome": "adequate", "commendation": "", "issues": "",
        "response-TOTAL_FORMS": str(total), "response-INITIAL_FORMS": "0",
        "response-MIN_NUM_FORMS": "0", "response-MAX_NUM_FORMS": "30",
    }
    for index in range(min(total, 30)):
        numbers, text = rows[index] if index < len(rows) else ("", "")
        data[f"response-{index}-recommendation_numbers"] = numbers
        data[f"response-{index}-text"] = text
    data.update(fields)
    return data


@pytest.fixture
def verdict_url(agenda_item):
    return reverse("panel:verdict_record", kwargs={"pk": agenda_item.pk})


# Recording a verdict


def test_verdict_record_chair_posts_form_records_verdict(client_for, chair, agenda_item, verdict_url):
    data = verdict_form(
        rows=[("5, 6, 8", "On actions five, six, and eight.\r\n\r\nA second paragraph."),
              ("", ""),
              ("3", "Action three will be communicated.")],
        outcome="adequate",
        commendation="The QA Panel would like to commend you on this report.",
        issues="First issue;\r\n\r\n   \r\n  Second issue; and,  \r\nThird issue.\r\n",
    )

    response = client_for(chair).post(verdict_url, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("panel:agenda_item_detail", kwargs={"pk": agenda_item.pk})
    verdict = Verdict.objects.get(agenda_item=agenda_item)
    assert (verdict.outcome, verdict.commendation, verdict.recorded_by) == (
        Outcome.ADEQUATE, "The QA Panel would like to commend you on this report.", chair)
    assert list(verdict.issues.values_list("text", flat=True)) == [
        "First issue;", "Second issue; and,", "Third issue."]
    assert list(verdict.national_responses.values_list("recommendation_numbers", "text")) == [
        # Line endings as the browser sent them (CRLF) are kept as \n.
        ([5, 6, 8], "On actions five, six, and eight.\n\nA second paragraph."),
        ([3], "Action three will be communicated."),
    ]
    agenda_item.submission.refresh_from_db()
    assert agenda_item.submission.status == SubmissionStatus.DECIDED
    assert [(actor, action) for actor, action, _ in audit_trail(verdict)] == [
        (chair.pk, AuditAction.VERDICT_RECORDED)]


@pytest.mark.parametrize(("typed", "numbers"), [("5, 6, 8", [5, 6, 8]), ("8 5,6", [8, 5, 6]), ("5, 5,6", [5, 6])])
def test_verdict_record_numbers_kept_in_order_typed(typed, numbers, client_for, chair, agenda_item, verdict_url):
    client_for(chair).post(verdict_url, verdict_form(rows=[(typed, "A response.")]))

    assert Verdict.objects.get().national_responses.get().recommendation_numbers == numbers


def test_verdict_record_add_response_adds_row_and_records_nothing(client_for, chair, agenda_item, verdict_url):
    data = verdict_form(rows=[("5, 6, 8", "On actions five, six, and eight.")],
                        commendation="A commendation typed before adding a row.", add_response="1")

    response = client_for(chair).post(verdict_url, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="govuk-fieldset app-response"') == 4
    assert 'name="response-3-recommendation_numbers"' in page
    assert 'value="5, 6, 8"' in page
    assert "A commendation typed before adding a row.</textarea>" in page
    assert error_summary(response) == []
    assert Verdict.objects.count() == 0


def test_verdict_record_add_response_shows_no_errors_yet(client_for, chair, agenda_item, verdict_url):
    data = verdict_form(rows=[("five", "")], outcome="", add_response="1")

    response = client_for(chair).post(verdict_url, data)

    assert (error_summary(response), error_messages(response)) == ([], {})
    assert Verdict.objects.count() == 0


def test_verdict_record_numbers_not_whole_numbers_refused(client_for, chair, agenda_item, verdict_url):
    response = client_for(chair).post(verdict_url, verdict_form(rows=[("five", "On action five.")]))

    assert response.status_code == 200
    assert error_summary(response) == [("#id_response-0-recommendation_numbers", NUMBERS_ERROR)]
    assert list(error_messages(response).values()) == [NUMBERS_ERROR]
    assert summary_links_without_target(response) == []
    assert Verdict.objects.count() == 0


def test_verdict_record_numbers_without_text_refused(client_for, chair, agenda_item, verdict_url):
    response = client_for(chair).post(verdict_url, verdict_form(rows=[("", ""), ("4", "  ")]))

    assert error_summary(response) == [("#id_response-1-text", "Enter the response to these recommendations")]
    assert summary_links_without_target(response) == []
    assert Verdict.objects.count() == 0


def test_verdict_record_text_without_numbers_refused(client_for, chair, agenda_item, verdict_url):
    response = client_for(chair).post(verdict_url, verdict_form(rows=[("", "A response to nothing.")]))

    assert error_summary(response) == [
        ("#id_response-0-recommendation_numbers", "Enter the recommendation numbers this response covers")]
    assert Verdict.objects.count() == 0


def test_verdict_record_missing_outcome_refused(client_for, chair, agenda_item, verdict_url):
    response = client_for(chair).post(verdict_url, verdict_form(outcome=""))

    assert error_summary(response) == [("#id_outcome_1", "Choose the Panel's verdict")]
    assert summary_links_without_target(response) == []
    assert Verdict.objects.count() == 0


def test_verdict_record_outcome_from_another_era_refused(client_for, chair, agenda_item, verdict_url):
    response = client_for(chair).post(verdict_url, verdict_form(outcome=Outcome.PUBLISH))

    assert [message for _, message in error_summary(response)] == [
        "Choose the Panel's verdict from the list"]
    assert Verdict.objects.count() == 0


def test_verdict_record_tampered_management_form_records_nothing(client_for, chair, agenda_item, verdict_url):
    response = client_for(chair).post(verdict_url, verdict_form(rows=[("3", "Action three.")], total=1000))

    assert response.status_code == 200
    assert error_summary(response) == [("#id_response-0-recommendation_numbers", "Enter 30 responses or fewer")]
    assert summary_links_without_target(response) == []
    assert Verdict.objects.count() == 0
    agenda_item.submission.refresh_from_db()
    assert agenda_item.submission.status == SubmissionStatus.SCHEDULED


def test_verdict_record_refused_by_service_shows_reason(client_for, chair):
    item = AgendaItemFactory(meeting__chair=chair, submission__status=SubmissionStatus.SUBMITTED,
                             submission__documents=False)

    response = client_for(chair).post(reverse("panel:verdict_record", kwargs={"pk": item.pk}), verdict_form())

    assert error_summary(response) == [("#id_outcome_1", "This review is not waiting for a verdict")]
    assert summary_links_without_target(response) == []
    assert Verdict.objects.count() == 0


def test_verdict_record_chair_of_another_meeting_forbidden(client_for, agenda_item, verdict_url):
    other_chair = UserFactory(chair=True)

    response = client_for(other_chair).post(verdict_url, verdict_form())

    assert response.status_code == 403
    assert Verdict.objects.count() == 0


def test_verdict_record_already_recorded_redirects_without_second(client_for, chair, verdict, verdict_url):
    response = client_for(chair).post(verdict_url, verdict_form(outcome="inadequate"))

    assert response["Location"] == reverse("panel:agenda_item_detail", kwargs={"pk": verdict.agenda_item_id})
    assert list(Verdict.objects.values_list("outcome", flat=True)) == [Outcome.ADEQUATE]


# Drafting a letter


def test_letter_draft_secretariat_posts_then_sees_letter_being_prepared(client_for, secretariat, verdict):
    client = client_for(secretariat)

    response = client.post(reverse("panel:letter_draft", kwargs={"verdict_pk": verdict.pk}))

    letter = Letter.objects.get(verdict=verdict)
    assert response.status_code == 302
    assert response["Location"] == reverse("panel:letter_detail", kwargs={"pk": letter.pk})
    assert (letter.status, letter.render_status, letter.drafted_by) == (
        LetterStatus.DRAFT, RenderStatus.QUEUED, secretariat)
    status = client.get(reverse("panel:letter_status", kwargs={"pk": letter.pk}))
    assert status["Content-Type"] == "application/json"
    assert json.loads(status.content) == {"status": "draft:queued"}
    detail = client.get(response["Location"])
    assert ("The letter is being prepared. This usually takes a few seconds. Refresh the page to see if it is "
            "ready.") in body_paragraphs(detail)


def test_letter_draft_get_not_allowed(client_for, secretariat, verdict):
    response = client_for(secretariat).get(reverse("panel:letter_draft", kwargs={"verdict_pk": verdict.pk}))

    assert response.status_code == 405
    assert Letter.objects.count() == 0


def test_letter_draft_chair_forbidden(client_for, chair, verdict):
    response = client_for(chair).post(reverse("panel:letter_draft", kwargs={"verdict_pk": verdict.pk}))

    assert response.status_code == 403
    assert Letter.objects.count() == 0


# Creating a meeting


def test_meeting_create_missing_date_refused(client_for, secretariat, chair):
    response = client_for(secretariat).post(
        reverse("panel:meeting_create"), {"date_0": "", "date_1": "", "date_2": "", "chair": chair.pk})

    assert response.status_code == 200
    assert error_summary(response) == [("#id_date_0", "Enter the date of the meeting")]
    assert summary_links_without_target(response) == []
    assert Meeting.objects.count() == 0


def test_meeting_create_chair_must_hold_chair_role(client_for, secretariat, panel_member):
    response = client_for(secretariat).post(
        reverse("panel:meeting_create"), {"date_0": "21", "date_1": "1", "date_2": "2026", "chair": panel_member.pk})

    assert error_summary(response) == [("#id_chair", "Choose who chairs the meeting")]
    assert Meeting.objects.count() == 0


def test_meeting_create_valid_form_creates_meeting(client_for, secretariat, chair):
    response = client_for(secretariat).post(
        reverse("panel:meeting_create"), {"date_0": "21", "date_1": "1", "date_2": "2026", "chair": chair.pk})

    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("panel:meeting_detail", kwargs={"pk": meeting.pk})
    assert (str(meeting.date), meeting.chair, meeting.created_by) == ("2026-01-21", chair, secretariat)
    assert [(actor, action) for actor, action, _ in audit_trail(meeting)] == [
        (secretariat.pk, AuditAction.MEETING_CREATED)]


def test_meeting_create_date_ahead_creates_meeting(client_for, secretariat, chair):
    with clock.at(datetime.date(2026, 12, 1)):
        response = client_for(secretariat).post(
            reverse("panel:meeting_create"), {"date_0": "20", "date_1": "1", "date_2": "2027", "chair": chair.pk})

    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("panel:meeting_detail", kwargs={"pk": meeting.pk})
    assert str(meeting.date) == "2027-01-20"


# Adding to the agenda


@pytest.fixture
def waiting_and_scheduled(meeting):
    waiting = SubmissionFactory(documents=False, review__reference="WAIT-2026-01", status=SubmissionStatus.ACCEPTED)
    scheduled = AgendaItemFactory(meeting=meeting, position=1, submission__documents=False,
                                  submission__review__reference="SCHED-2026-01").submission
    return waiting, scheduled


def test_agenda_add_offers_only_waiting_submissions(client_for, secretariat, meeting, waiting_and_scheduled):
    waiting, scheduled = waiting_and_scheduled

    response = client_for(secretariat).get(reverse("panel:agenda_add", kwargs={"pk": meeting.pk}))

    assert list(response.context["form"].fields["submission"].queryset) == [waiting]
    page = response.content.decode()
    assert "WAIT-2026-01" in page
    assert "SCHED-2026-01" not in page


def test_agenda_add_waiting_submission_added_at_end(client_for, secretariat, meeting, waiting_and_scheduled):
    waiting, _ = waiting_and_scheduled

    response = client_for(secretariat).post(
        reverse("panel:agenda_add", kwargs={"pk": meeting.pk}), {"submission": waiting.pk})

    assert response["Location"] == reverse("panel:meeting_detail", kwargs={"pk": meeting.pk})
    assert list(meeting.agenda_items.values_list("submission__review__reference", "position")) == [
        ("SCHED-2026-01", 1), ("WAIT-2026-01", 2)]
    waiting.refresh_from_db()
    assert waiting.status == SubmissionStatus.SCHEDULED


def test_agenda_add_scheduled_submission_refused(client_for, secretariat, meeting, waiting_and_scheduled):
    _, scheduled = waiting_and_scheduled
    other_meeting = MeetingFactory(chair=meeting.chair, created_by=secretariat)

    response = client_for(secretariat).post(
        reverse("panel:agenda_add", kwargs={"pk": other_meeting.pk}), {"submission": scheduled.pk})

    assert response.status_code == 200
    assert error_summary(response) == [("#id_submission_1", "Choose a submission that is waiting for a meeting")]
    assert summary_links_without_target(response) == []
    assert AgendaItem.objects.filter(submission=scheduled).count() == 1
    assert other_meeting.agenda_items.count() == 0


def test_agenda_add_nothing_waiting_says_so(client_for, secretariat, meeting):
    response = client_for(secretariat).get(reverse("panel:agenda_add", kwargs={"pk": meeting.pk}))

    assert body_paragraphs(response) == ["No submissions are waiting for a meeting.", "Back to the meeting"]

