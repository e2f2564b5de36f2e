"""Meeting mode: the agenda, the current item as the Panel discusses it, and the chair moving through the items."""

import pytest
from django.urls import reverse

from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from panel.enums import ConflictKind, LetterStatus, VerdictStatus
from panel.models import ConflictOfInterest, Meeting, MeetingMember
from submissions.enums import IssueSource, NationalBody, RecommendationScope, SubmissionStatus
from submissions.models import IssueResponse, RaisedIssue
from tests.dhrqa.govuk_page import notification_banners, parse
from tests.dhrqa.letters import make_letter
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    NationalRecommendationResponseFactory,
    RecommendationFactory,
    SubmissionFactory,
    UserFactory,
    VerdictFactory,
    VerdictIssueFactory,
    outcome,
)
from tests.panel.assessing import assessed, reader_of

pytestmark = pytest.mark.django_db

# The brief's ceiling for the whole page, whatever the size of the agenda.
MEETING_MODE_MAX_QUERIES = 15


def publication(code):
    return outcome(code, "publication-2016")


def held_meeting(chair, items=3, readers=2):
    """A meeting being held with `items` reviews on its agenda, each read by `readers` who have submitted."""
    meeting = MeetingFactory(held=True, chair=chair)
    for position in range(1, items + 1):
        item = AgendaItemFactory(meeting=meeting, position=position, submission__documents=False)
        for number in range(readers):
            reading = reader_of(item, UserFactory(panel_member=True, full_name=f"Reader {position}-{number + 1}"))
            assessed(reading, publication("publish" if number % 2 == 0 else "resubmit"),
                     issues=[(f"Issue from reader {number + 1}", f"Overview {number + 1}.2")])
    meeting.current_item = meeting.agenda_items.order_by("position").first()
    meeting.save()
    return meeting


def agenda_items(meeting):
    return list(meeting.agenda_items.order_by("position"))


def url_for(meeting):
    return reverse("panel:meeting_mode", kwargs={"pk": meeting.pk})


def agenda(response):
    """Each agenda entry as the page shows it: its text (button or label) and its tag; the current one starred."""
    entries = []
    for entry in parse(response).find(tag="ol").find_all(tag="li"):
        marker = entry.find(tag="button") or entry.find(tag="span")
        star = "*" if marker.attrs.get("aria-current") == "step" else ""
        entries.append(f"{star}{marker.text(include_hidden=False)} [{entry.find(tag='strong').text()}]")
    return entries


def readers_shown(response):
    """The column headings of the side-by-side table."""
    return [th.text() for th in parse(response).find(tag="table").find(tag="thead").find_all(tag="th")]


def links(response):
    return {a.text(): a.attrs["href"] for a in parse(response).find_all(tag="a", cls="govuk-button")}


def national_recommendations(submission):
    return [
        RecommendationFactory(submission=submission, position=position, number=str(position),
                              text=f"National recommendation {position}.", scope=RecommendationScope.NATIONAL,
                              national_body=body)
        for position, body in ((1, NationalBody.HOME_OFFICE), (2, NationalBody.MINISTRY_OF_JUSTICE))
    ]


def resubmission(item):
    """Make the item's version the second of its review, answering two issues the Panel raised about the first."""
    submission = item.submission
    submission.number = 2
    submission.save()
    first = SubmissionFactory(review=submission.review, number=1, status=SubmissionStatus.CHANGES_REQUESTED,
                              documents=False)
    issues = [RaisedIssue.objects.create(submission=first, source=IssueSource.PANEL, position=n, text=text)
              for n, text in ((1, "Add a chronology."), (2, "Remove real names."))]
    IssueResponse.objects.create(issue=issues[0], submission=submission, text="Chronology added as Appendix 2.",
                                 answered_by=submission.review.registered_by)


def pending_verdict(item, recommendations=()):
    verdict = VerdictFactory(agenda_item=item, outcome=publication("publish_after_changes"),
                             status=VerdictStatus.PENDING, confirmed_by=None, confirmed_at=None,
                             commendation="A thorough report.")
    VerdictIssueFactory(verdict=verdict, position=1, text="Overview 2.1: Add a chronology.")
    if recommendations:
        NationalRecommendationResponseFactory(verdict=verdict, position=1, recommendations=list(recommendations),
                                              text="The Home Office will consider this.")
    return verdict


# What the chair sees


def test_meeting_mode_chair_sees_agenda_and_current_item(client_for, chair):
    meeting = held_meeting(chair)
    first, second, third = agenda_items(meeting)
    national_recommendations(first.submission)
    pending_verdict(second)
    VerdictFactory(agenda_item=third, outcome=publication("publish"))

    response = client_for(chair).get(url_for(meeting))

    assert response.status_code == 200
    references = [item.submission.review.reference for item in (first, second, third)]
    assert agenda(response) == [
        f"*1. {references[0]} [No verdict]",
        f"2. {references[1]} [Pending: Publish after changes]",
        f"3. {references[2]} [Confirmed: Publish]",
    ]
    page = parse(response)
    assert page.find(tag="h2", cls="govuk-heading-l").text() == (
        f"{references[0]}: {first.submission.review.csp.name}")
    inset = page.find(cls="govuk-inset-text").text()
    assert inset == "The readers differ: 1 recommends Publish, 1 recommends Resubmit"
    assert readers_shown(response) == ["Criterion", "Reader 1-1", "Reader 1-2"]
    assert [li.text() for li in page.find_all(tag="ol", cls="govuk-list--number")[0].find_all(tag="li")] == [
        "Overview 1.2: Issue from reader 1 (Reader 1-1)", "Overview 2.2: Issue from reader 2 (Reader 1-2)"]
    national = page.find_all(tag="table")[1]
    assert [[cell.text() for cell in row.find_all(tag="td")] for row in national.find(tag="tbody").find_all(
        tag="tr")] == [["1", "National recommendation 1.", "Home Office"],
                       ["2", "National recommendation 2.", "Ministry of Justice"]]
    assert links(response) == {
        "Record the verdict": reverse("panel:verdict_record", kwargs={"pk": first.pk}) + "?from=meeting"}
    assert [button.text() for button in page.find_all(tag="button") if button.attrs.get("name") == "next"] == [
        "Next item"]


def test_meeting_mode_pending_verdict_summary_and_links(client_for, chair):
    meeting = held_meeting(chair, items=1)
    item = agenda_items(meeting)[0]
    recommendations = national_recommendations(item.submission)
    pending_verdict(item, recommendations)

    response = client_for(chair).get(url_for(meeting))

    assert links(response) == {
        "Confirm the verdict": reverse("panel:verdict_confirm", kwargs={"pk": item.pk}) + "?from=meeting",
        "Change the verdict": reverse("panel:verdict_record", kwargs={"pk": item.pk}) + "?from=meeting",
    }
    summary = {row.find(tag="dt").text(): row.find(tag="dd").text()
               for row in parse(response).find_all(cls="govuk-summary-list__row")}
    assert summary["Outcome"] == "Publish after changes Pending"
    assert summary["Issues for the letter"] == "Overview 2.1: Add a chronology."
    assert summary["National recommendations"] == (
        "Recommendations 1 and 2: routed to Ministry of Justice The Home Office will consider this.")
    # The only item is the last: there is no next one.
    assert [b for b in parse(response).find_all(tag="button") if b.attrs.get("name") == "next"] == []


def test_meeting_mode_confirmed_verdict_only_changes(client_for, chair):
    meeting = held_meeting(chair, items=1)
    item = agenda_items(meeting)[0]
    VerdictFactory(agenda_item=item, outcome=publication("publish"))

    response = client_for(chair).get(url_for(meeting))

    assert list(links(response)) == ["Change the verdict"]


def test_meeting_mode_signed_letter_verdict_no_longer_changes(client_for, chair):
    meeting = held_meeting(chair, items=1)
    verdict = VerdictFactory(agenda_item=agenda_items(meeting)[0], outcome=publication("publish"))
    make_letter(verdict, LetterStatus.SIGNED)

    response = client_for(chair).get(url_for(meeting))

    assert links(response) == {}


def test_meeting_mode_resubmission_shows_issues_and_answers(client_for, chair):
    meeting = held_meeting(chair, items=1)
    resubmission(agenda_items(meeting)[0])

    response = client_for(chair).get(url_for(meeting))

    page = parse(response)
    assert [h.text() for h in page.find_all(tag="h3")][0] == "Issues raised about version 1, and the CSP's answers"
    rows = page.find(cls="govuk-summary-list").find_all(cls="govuk-summary-list__row")
    assert [(row.find(tag="dt").text(), row.find(tag="dd").text()) for row in rows] == [
        ("1. Add a chronology.", "Chronology added as Appendix 2."), ("2. Remove real names.", "Not answered")]


def test_meeting_mode_reader_drafts_not_shown(client_for, chair):
    meeting = held_meeting(chair, items=1, readers=0)
    item = agenda_items(meeting)[0]
    assessed(reader_of(item, UserFactory(panel_member=True, full_name="Dee Drafter")), publication("publish"),
             status="draft", comment="Draft words", issues=[("Draft issue", "")])

    response = client_for(chair).get(url_for(meeting))

    assert parse(response).find(cls="govuk-inset-text").text() == (
        "No assessment has been submitted yet Still to submit: Dee Drafter (draft)")
    assert b"Draft words" not in response.content
    assert b"Draft issue" not in response.content


def test_meeting_mode_chair_reading_the_item_sees_no_other_assessment_before_submitting(client_for, chair):
    # The chair reads reports too; meeting mode shows them the others' views only once theirs is in.
    meeting = held_meeting(chair, items=1, readers=1)
    item = agenda_items(meeting)[0]
    reader_of(item, chair)

    response = client_for(chair).get(url_for(meeting))
    verdict_page = client_for(chair).get(reverse("panel:verdict_record", kwargs={"pk": item.pk}))

    assert "before reading the others'" in parse(response).find(cls="govuk-inset-text").text()
    assert b"Reader 1-1" not in response.content
    assert b"Issue from reader 1" not in response.content
    assert b"Issue from reader 1" not in verdict_page.content


# Moving through the agenda


def test_meeting_mode_next_item_moves_on(client_for, chair):
    meeting = held_meeting(chair)
    first, second, _ = agenda_items(meeting)

    response = client_for(chair).post(url_for(meeting), {"next": "1"}, follow=True)

    assert response.redirect_chain == [(url_for(meeting), 302)]
    assert Meeting.objects.get(pk=meeting.pk).current_item == second
    assert agenda(response)[1].startswith("*2. ")
    assert list(AuditEvent.objects.filter(action=AuditAction.MEETING_ITEM_CHANGED).values_list(
        "actor_id", "detail")) == [(chair.pk, {"item": second.pk, "position": 2})]


def test_meeting_mode_next_on_the_last_item_stays(client_for, chair):
    meeting = held_meeting(chair, items=2)
    last = agenda_items(meeting)[1]
    meeting.current_item = last
    meeting.save()

    client_for(chair).post(url_for(meeting), {"next": "1"})

    assert Meeting.objects.get(pk=meeting.pk).current_item == last
    assert not AuditEvent.objects.filter(action=AuditAction.MEETING_ITEM_CHANGED).exists()


def test_meeting_mode_go_to_item(client_for, chair):
    meeting = held_meeting(chair)
    third = agenda_items(meeting)[2]

    response = client_for(chair).post(url_for(meeting), {"item": str(third.pk)}, follow=True)

    assert Meeting.objects.get(pk=meeting.pk).current_item == third
    assert agenda(response)[2].startswith("*3. ")
    assert readers_shown(response) == ["Criterion", "Reader 3-1", "Reader 3-2"]


@pytest.mark.parametrize("value", ["", "abc", "-1", "1.5", "9" * 30, "١٢"])
def test_meeting_mode_go_to_nonsense_refused(client_for, chair, value):
    meeting = held_meeting(chair, items=2)
    first = agenda_items(meeting)[0]

    response = client_for(chair).post(url_for(meeting), {"item": value}, follow=True)

    assert notification_banners(response) == ["Choose an item on this meeting's agenda"]
    assert Meeting.objects.get(pk=meeting.pk).current_item == first


def test_meeting_mode_go_to_another_meetings_item_refused(client_for, chair):
    meeting = held_meeting(chair, items=2)
    elsewhere = AgendaItemFactory(meeting=MeetingFactory(held=True, chair=chair), submission__documents=False)

    response = client_for(chair).post(url_for(meeting), {"item": str(elsewhere.pk)}, follow=True)

    assert notification_banners(response) == ["Choose an item on this meeting's agenda"]
    assert Meeting.objects.get(pk=meeting.pk).current_item == agenda_items(meeting)[0]


def test_meeting_mode_meeting_not_held_redirects_to_the_meeting(client_for, chair):
    meeting = MeetingFactory(released=True, chair=chair)
    AgendaItemFactory(meeting=meeting, submission__documents=False)

    response = client_for(chair).get(url_for(meeting), follow=True)

    assert response.redirect_chain == [(reverse("panel:meeting_detail", kwargs={"pk": meeting.pk}), 302)]
    assert notification_banners(response) == ["Meeting mode is open only while the meeting is being held"]


def test_meeting_mode_moving_at_a_meeting_not_held_refused(client_for, chair):
    meeting = MeetingFactory(released=True, chair=chair)
    AgendaItemFactory(meeting=meeting, submission__documents=False)

    response = client_for(chair).post(url_for(meeting), {"next": "1"}, follow=True)

    assert response.redirect_chain == [(reverse("panel:meeting_detail", kwargs={"pk": meeting.pk}), 302)]
    assert notification_banners(response) == [
        "Meeting mode moves between items only while the meeting is being held"]
    assert Meeting.objects.get(pk=meeting.pk).current_item is None


# Who may use it


def test_meeting_mode_secretariat_follows_without_buttons(client_for, secretariat, chair):
    meeting = held_meeting(chair)

    response = client_for(secretariat).get(url_for(meeting))

    assert response.status_code == 200
    assert agenda(response)[0].endswith("(current item) [No verdict]")
    assert [b for b in parse(response).find(tag="main").find_all(tag="button")] == []
    assert links(response) == {}
    assert client_for(secretariat).post(url_for(meeting), {"next": "1"}).status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).current_item == agenda_items(meeting)[0]


def test_meeting_mode_member_of_the_meeting_forbidden(client_for, chair):
    meeting = held_meeting(chair)
    reader = meeting.agenda_items.first().readers.first().reader

    assert client_for(reader).get(url_for(meeting)).status_code == 403
    assert client_for(reader).post(url_for(meeting), {"next": "1"}).status_code == 403


@pytest.mark.parametrize("who", [{"panel_member": True}, {"chair": True}, {"csp_officer": True}])
def test_meeting_mode_others_get_404(client_for, chair, who):
    meeting = held_meeting(chair, items=1)

    assert client_for(UserFactory(**who)).get(url_for(meeting)).status_code == 404


def test_meeting_mode_csp_officer_of_the_review_gets_404(client_for, chair):
    meeting = held_meeting(chair, items=1)
    officer = UserFactory(csp_officer=True, csp=agenda_items(meeting)[0].submission.review.csp)

    assert client_for(officer).get(url_for(meeting)).status_code == 404
    assert client_for(officer).post(url_for(meeting), {"next": "1"}).status_code == 404


def test_meeting_mode_recused_chair_sees_only_that(client_for, chair):
    meeting = held_meeting(chair, items=2)
    first, second = agenda_items(meeting)
    pending_verdict(first)
    ConflictOfInterest.objects.create(review=first.submission.review, member=chair, kind=ConflictKind.PERSONAL,
                                      reason="I know the family")

    response = client_for(chair).get(url_for(meeting))

    page = parse(response)
    assert page.find(cls="govuk-inset-text").text() == "You are recused from this item"
    assert agenda(response)[0].endswith("[Recused]")
    assert agenda(response)[1].endswith("[No verdict]")
    assert page.find(tag="table") is None
    assert b"Reader 1-1" not in response.content
    assert b"Publish after changes" not in response.content
    assert links(response) == {}


# Cost


@pytest.mark.parametrize(("items", "readers"), [(1, 1), (20, 4)])
def test_meeting_mode_queries_constant(client_for, chair, django_assert_num_queries, items, readers):
    meeting = held_meeting(chair, items=items, readers=readers)
    current = agenda_items(meeting)[0]
    recommendations = national_recommendations(current.submission)
    resubmission(current)
    pending_verdict(current, recommendations)
    for member in (UserFactory(panel_member=True) for _ in range(readers)):
        MeetingMember.objects.get_or_create(meeting=meeting, member=member, invited_by=meeting.created_by)
    client = client_for(chair)

    # Session, user, meeting; the agenda with verdicts (and whether the chair is recused, and each letter
    # signed); readers with assessments, their judgements, their issues; the criteria; the previous version,
    # its issues and this version's answers; the national recommendations; the verdict's issues, responses and
    # the responses' recommendations.
    with django_assert_num_queries(MEETING_MODE_MAX_QUERIES):
        response = client.get(url_for(meeting))

    assert len(agenda(response)) == items
    assert readers_shown(response) == ["Criterion"] + [f"Reader 1-{n + 1}" for n in range(readers)]
