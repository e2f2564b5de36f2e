"""The chair's verdict pages through Django's test client: record, revise, confirm and change."""

import datetime

import pytest
from django.urls import reverse

from dhrqa import clock
from dhrqa.enums import AuditAction
from panel.enums import LetterStatus, VerdictStatus
from panel.models import Assessment, NationalRecommendationResponse, SuggestedIssue, Verdict
from panel.services.readers import declare_conflict
from panel.services.verdicts import record_verdict, revise_verdict
from submissions.enums import SubmissionStatus
from tests.dhrqa.govuk_page import error_summary, notification_banners, parse, summary_links_without_target
from tests.dhrqa.letters import make_letter
from tests.factories import AgendaItemFactory, MeetingFactory, RecommendationFactory, ReaderAssignmentFactory
from tests.factories import UserFactory
from tests.panel.scenario import ISSUES, audit_trail, responses

pytestmark = pytest.mark.django_db

RECOMMENDATION_ERROR = "Select recommendations from this version's national recommendations"


@pytest.fixture
def national(agenda_item):
    """{number: recommendation} for the item's national recommendations 3, 5, 6 and 8."""
    return {rec.number: rec for rec in agenda_item.submission.recommendations.filter(scope="national")}


def verdict_form(national, rows=None, issues=(), total_issues=None, **fields):
    """What the verdict page posts. `rows` are (numbers, body, text); by default one per national recommendation."""
    if rows is None:
        rows = [([number], "home_office", f"Response to {number}.") for number in sorted(national, key=int)]
    data = {"outcome": "adequate", "commendation": "",
            "issue-TOTAL_FORMS": str(total_issues if total_issues is not None else max(len(issues), 1)),
            "issue-INITIAL_FORMS": "0", "issue-MIN_NUM_FORMS": "0", "issue-MAX_NUM_FORMS": "40",
            "response-TOTAL_FORMS": str(len(rows)), "response-INITIAL_FORMS": "0",
            "response-MIN_NUM_FORMS": "0", "response-MAX_NUM_FORMS": "30"}
    for index, (text, order) in enumerate(issues):
        data[f"issue-{index}-text"] = text
        data[f"issue-{index}-order"] = order
    pairs = list(data.items())
    for index, (numbers, body, text) in enumerate(rows):
        for number in numbers:
            value = str(national[str(number)].pk) if str(number) in national else str(number)
            pairs.append((f"response-{index}-recommendations", value))
        pairs += [(f"response-{index}-routed_to", body), (f"response-{index}-text", text)]
    pairs += list(fields.items())
    return pairs


def post(client, url, pairs):
    """Post (name, value) pairs, keeping repeated names (ticked checkboxes) as a browser does.

    With the revision the page carries now, as a browser that has just opened it would, unless `pairs` has one.
    """
    data = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    if "based_on" not in data:
        page = client.get(url)
        if page.status_code == 200:
            data["based_on"] = [input_value(parse(page), "based_on")]
    return client.post(url, data)


@pytest.fixture
def verdict_url(agenda_item):
    return reverse("panel:verdict_record", kwargs={"pk": agenda_item.pk})


def test_verdict_page_offers_outcomes_in_force_and_one_row_per_national_recommendation(
        client_for, chair, agenda_item, verdict_url, national):
    page = parse(client_for(chair).get(verdict_url))

    outcomes = [label.text() for label in page.find_all(tag="label", cls="govuk-radios__label")]
    assert outcomes == ["Adequate", "Inadequate"]
    legends = [legend.text() for legend in page.find_all(tag="legend") if legend.text().startswith("Response")]
    assert legends == ["Response 1", "Response 2", "Response 3", "Response 4"]


def test_verdict_record_chair_posts_form_records_pending_verdict(client_for, chair, agenda_item, verdict_url,
                                                               national):
    pairs = verdict_form(
        national,
        rows=[([5, 6, 8], "nhs_england", "On actions five, six, and eight.\r\n\r\nA second paragraph."),
              ([3], "moj", "Action three will be communicated.")],
        issues=[("Second issue; and,", "2"), ("First issue;", "1"), ("  ", ""), ("Third issue.", "")],
        commendation="The QA Panel would like to commend you on this report.",
    )

    response = post(client_for(chair), verdict_url, pairs)

    assert response.status_code == 302
    assert response["Location"] == reverse("panel:agenda_item_detail", kwargs={"pk": agenda_item.pk})
    verdict = Verdict.objects.get(agenda_item=agenda_item)
    assert (verdict.outcome.code, verdict.status, verdict.commendation) == (
        "adequate", VerdictStatus.PENDING, "The QA Panel would like to commend you on this report.")
    assert list(verdict.issues.values_list("text", flat=True)) == ["First issue;", "Second issue; and,",
                                                                   "Third issue."]
    assert [(r.recommendation_numbers(), r.routed_to, r.text) for r in verdict.national_responses.all()] == [
        (["5", "6", "8"], "nhs_england", "On actions five, six, and eight.\n\nA second paragraph."),
        (["3"], "moj", "Action three will be communicated."),
    ]
    assert [(actor, action) for actor, action, _ in audit_trail(verdict)] == [
        (chair.pk, AuditAction.VERDICT_RECORDED)]


@pytest.mark.parametrize("typed", ["²", "①", "3, ²", "-3", "0", "99999999999999999999999999999", "3\x00",
                                   "<script>", ""])
def test_verdict_record_crafted_recommendation_refused_without_error_page(typed, client_for, chair, agenda_item,
                                                                         verdict_url, national):
    # Once typed as numbers, "²" and "①" passed isdigit() and then broke int(): now a recommendation is ticked,
    # and anything that is not one of this version's national recommendations is a message, not a 500.
    pairs = verdict_form(national, rows=[([3], "home_office", "A response.")])
    pairs.append(("response-0-recommendations", typed))

    response = post(client_for(chair), verdict_url, pairs)

    assert response.status_code == 200
    assert error_summary(response) == [("#id_response-0-recommendations_1", RECOMMENDATION_ERROR)]
    assert summary_links_without_target(response) == []
    assert Verdict.objects.count() == 0


def test_verdict_record_another_versions_recommendation_refused(client_for, chair, agenda_item, verdict_url,
                                                               national):
    elsewhere = RecommendationFactory(scope="national", national_body="home_office")
    pairs = verdict_form(national, rows=[([3], "home_office", "A response.")])
    pairs.append(("response-0-recommendations", str(elsewhere.pk)))

    response = post(client_for(chair), verdict_url, pairs)

    assert error_summary(response) == [("#id_response-0-recommendations_1", RECOMMENDATION_ERROR)]
    assert NationalRecommendationResponse.objects.count() == 0


def test_verdict_record_response_without_recommendations_refused(client_for, chair, agenda_item, verdict_url,
                                                                 national):
    response = post(client_for(chair), verdict_url, verdict_form(national, rows=[([], "home_office", "To nothing.")]))

    assert error_summary(response) == [
        ("#id_response-0-recommendations_1", "Select the recommendations this response answers")]
    assert Verdict.objects.count() == 0


def test_verdict_record_recommendations_without_text_or_body_refused(client_for, chair, agenda_item, verdict_url,
                                                                    national):
    response = post(client_for(chair), verdict_url, verdict_form(national, rows=[([3], "", "")]))

    assert error_summary(response) == [
        ("#id_response-0-routed_to", "Select who the response is routed to"),
        ("#id_response-0-text", "Enter the Panel's response to these recommendations"),
    ]
    assert summary_links_without_target(response) == []
    assert Verdict.objects.count() == 0


def test_verdict_record_missing_outcome_refused(client_for, chair, agenda_item, verdict_url, national):
    response = post(client_for(chair), verdict_url, verdict_form(national, outcome=""))

    assert error_summary(response)[0] == ("#id_outcome_1", "Select the Panel's verdict")
    assert Verdict.objects.count() == 0


def test_verdict_record_outcome_of_another_set_refused(client_for, chair, agenda_item, verdict_url, national):
    pairs = [(name, value) for name, value in verdict_form(national) if name != "outcome"] + [("outcome", "publish")]

    response = post(client_for(chair), verdict_url, pairs)

    assert error_summary(response) == [("#id_outcome_1", "Select the Panel's verdict")]
    assert Verdict.objects.count() == 0


def test_verdict_record_tampered_management_form_records_nothing(client_for, chair, agenda_item, verdict_url,
                                                                 national):
    pairs = [(n, "100000" if n == "issue-TOTAL_FORMS" else v) for n, v in verdict_form(national)]

    response = post(client_for(chair), verdict_url, pairs)

    assert response.status_code == 200
    assert error_summary(response)[0][1] == "Enter 40 issues or fewer"
    assert Verdict.objects.count() == 0


def test_verdict_record_add_issue_keeps_what_was_typed_and_records_nothing(client_for, chair, agenda_item,
                                                                          verdict_url, national):
    pairs = verdict_form(national, issues=[("An issue typed before adding a row.", "")], add_issue="1",
                         commendation="Typed before adding a row.")

    response = post(client_for(chair), verdict_url, pairs)

    page = response.content.decode()
    assert response.status_code == 200
    assert error_summary(response) == []
    assert 'name="issue-1-text"' in page
    assert "An issue typed before adding a row.</textarea>" in page
    assert "Typed before adding a row.</textarea>" in page
    assert Verdict.objects.count() == 0


def test_verdict_record_add_response_keeps_ticked_recommendations(client_for, chair, agenda_item, verdict_url,
                                                                  national):
    pairs = verdict_form(national, rows=[([5, 6], "nhs_england", "Grouped.")], add_response="1")

    response = post(client_for(chair), verdict_url, pairs)

    page = parse(response)
    ticked = [box.attrs.get("value") for box in page.find_all(tag="input")
              if box.attrs.get("name") == "response-0-recommendations" and "checked" in box.attrs]
    assert sorted(ticked) == sorted([str(national["5"].pk), str(national["6"].pk)])
    assert 'name="response-1-text"' in response.content.decode()
    assert Verdict.objects.count() == 0


def test_verdict_record_picked_suggestions_are_added_after_typed_issues(client_for, chair, agenda_item,
                                                                       verdict_url, national):
    reading = ReaderAssignmentFactory(agenda_item=agenda_item, reader__full_name="Morgan Reader")
    assessment = Assessment.objects.create(assignment=reading, status="draft")
    draft_suggestion = SuggestedIssue.objects.create(assessment=assessment, position=1, text="From a draft.")
    reading2 = ReaderAssignmentFactory(agenda_item=agenda_item)
    submitted = submitted_assessment(reading2)
    suggestion = SuggestedIssue.objects.create(assessment=submitted, position=1, citation="Executive Summary 5.12",
                                               text="Reads as victim blaming.")
    page = parse(client_for(chair).get(verdict_url))
    offered = [label.text() for label in page.find_all(tag="label", cls="govuk-checkboxes__label")
               if "victim blaming" in label.text() or "From a draft" in label.text()]
    # A reader's draft is theirs alone: only submitted suggestions are offered.
    assert offered == [f"Executive Summary 5.12: Reads as victim blaming. ({reading2.reader.full_name})"]

    response = post(client_for(chair), verdict_url, verdict_form(
        national, issues=[("Typed first.", "")], suggestions=str(suggestion.pk)))

    assert response.status_code == 302
    verdict = Verdict.objects.get()
    assert list(verdict.issues.values_list("text", "suggestion")) == [
        ("Typed first.", None), ("Executive Summary 5.12: Reads as victim blaming.", suggestion.pk)]
    assert draft_suggestion.pk not in verdict.issues.values_list("suggestion", flat=True)


def submitted_assessment(reading):
    from tests.factories import outcome

    return Assessment.objects.create(assignment=reading, status="submitted", submitted_at="2014-01-20T10:00Z",
                                     recommended_outcome=outcome("adequate"))


def test_verdict_record_meeting_not_held_shows_reason(client_for, chair, national):
    item = AgendaItemFactory(meeting=MeetingFactory(chair=chair, released=True), submission__documents=False)

    response = post(client_for(chair), reverse("panel:verdict_record", kwargs={"pk": item.pk}),
                    verdict_form({}, rows=[], outcome="publish"))

    assert error_summary(response) == [("#id_outcome_1", "Verdicts are recorded at the meeting: record it as held first")]
    assert Verdict.objects.count() == 0


def test_verdict_record_chair_of_another_meeting_forbidden(client_for, agenda_item, verdict_url, national):
    response = post(client_for(UserFactory(chair=True)), verdict_url, verdict_form(national))

    assert response.status_code == 404
    assert Verdict.objects.count() == 0


def test_verdict_record_member_of_meeting_forbidden(client_for, agenda_item, verdict_url, national):
    member = UserFactory(panel_member=True)
    agenda_item.meeting.memberships.create(member=member, invited_by=agenda_item.meeting.created_by)

    response = post(client_for(member), verdict_url, verdict_form(national))

    assert response.status_code == 403
    assert Verdict.objects.count() == 0


def test_verdict_record_conflicted_chair_gets_not_found(client_for, chair, agenda_item, verdict_url, national):
    declare_conflict(review=agenda_item.submission.review, member=chair, kind="personal", reason="A neighbour.")

    response = post(client_for(chair), verdict_url, verdict_form(national))

    assert response.status_code == 404
    assert Verdict.objects.count() == 0


def test_verdict_revise_pending_shows_it_and_saves_changes(client_for, chair, pending_verdict, national):
    url = reverse("panel:verdict_record", kwargs={"pk": pending_verdict.agenda_item_id})
    page = parse(client_for(chair).get(url))
    assert page.find(tag="h1").text() == "Change the pending verdict"

    response = post(client_for(chair), url, verdict_form(national, outcome="inadequate",
                                                         issues=[("One issue.", "")]))

    assert response.status_code == 302
    pending_verdict.refresh_from_db()
    assert (pending_verdict.outcome.code, pending_verdict.revision, pending_verdict.status) == (
        "inadequate", 2, VerdictStatus.PENDING)
    assert audit_trail(pending_verdict)[-1][1] == AuditAction.VERDICT_REVISED


def test_verdict_change_confirmed_needs_reason(client_for, chair, verdict, national):
    url = reverse("panel:verdict_record", kwargs={"pk": verdict.agenda_item_id})

    response = post(client_for(chair), url, verdict_form(national, outcome="inadequate", reason=""))

    assert ("#id_reason", "Enter the reason for the change") in error_summary(response)
    verdict.refresh_from_db()
    assert verdict.outcome.code == "adequate"


def test_verdict_change_confirmed_with_reason_audited(client_for, chair, verdict, national):
    url = reverse("panel:verdict_record", kwargs={"pk": verdict.agenda_item_id})

    response = post(client_for(chair), url, verdict_form(national, outcome="inadequate",
                                                         reason="The family's evidence arrived late."))

    assert response.status_code == 302
    verdict.refresh_from_db()
    assert (verdict.outcome.code, verdict.status) == ("inadequate", VerdictStatus.CONFIRMED)
    actor, action, detail = audit_trail(verdict)[-1]
    assert (actor, action, detail["reason"], detail["before"]["outcome"]) == (
        chair.pk, AuditAction.VERDICT_CHANGED, "The family's evidence arrived late.", "adequate")


def test_verdict_change_after_letter_signed_refused(client_for, chair, verdict, national):
    make_letter(verdict, LetterStatus.SIGNED)
    url = reverse("panel:verdict_record", kwargs={"pk": verdict.agenda_item_id})

    response = post(client_for(chair), url, verdict_form(national, outcome="inadequate", reason="Late evidence."))

    assert [message for _, message in error_summary(response)] == [
        "The letter for this verdict has been signed: the verdict can no longer change"]
    verdict.refresh_from_db()
    assert verdict.outcome.code == "adequate"


# Confirming


def test_verdict_confirm_page_shows_verdict_then_confirms(client_for, chair, pending_verdict):
    url = reverse("panel:verdict_confirm", kwargs={"pk": pending_verdict.agenda_item_id})
    page = parse(client_for(chair).get(url))
    keys = [key.text() for key in page.find_all(cls="govuk-summary-list__key")]
    assert keys == ["Outcome", "Strengths or commendation", "Issues for the letter", "National recommendations",
                    "Recorded"]

    response = client_for(chair).post(url, {"submit": ""})

    assert response["Location"] == reverse("panel:agenda_item_detail", kwargs={"pk": pending_verdict.agenda_item_id})
    pending_verdict.refresh_from_db()
    pending_verdict.agenda_item.submission.refresh_from_db()
    assert pending_verdict.status == VerdictStatus.CONFIRMED
    assert pending_verdict.agenda_item.submission.status == SubmissionStatus.DECIDED


def test_verdict_confirm_page_headings_go_down_one_level_at_a_time(client_for, chair, pending_verdict):
    url = reverse("panel:verdict_confirm", kwargs={"pk": pending_verdict.agenda_item_id})

    main = parse(client_for(chair).get(url)).find(tag="main")

    # The summary names each response in bold, not as a heading: it sits under pages' headings of any level.
    assert [(element.tag, element.text()) for element in main.iter() if element.tag in ("h1", "h2", "h3", "h4")] == [
        ("h1", "Confirm the verdict"),
        ("h2", "The Panel's verdict"),
    ]


def test_verdict_confirm_after_another_tab_revised_it_confirms_nothing_and_shows_it_again(
        client_for, chair, pending_verdict):
    url = reverse("panel:verdict_confirm", kwargs={"pk": pending_verdict.agenda_item_id})
    client = client_for(chair)
    shown = next(element.attrs["value"] for element in parse(client.get(url)).find_all(tag="input")
                 if element.attrs.get("name") == "revision")
    revise_verdict(verdict=pending_verdict, revised_by=chair, outcome="inadequate", commendation="Revised meanwhile.",
                   issues=ISSUES, national_responses=responses(pending_verdict.agenda_item.submission))

    response = client.post(url, {"revision": shown}, follow=True)

    pending_verdict.refresh_from_db()
    assert pending_verdict.status == VerdictStatus.PENDING
    assert response.redirect_chain == [(url, 302)]
    assert notification_banners(response) == [
        "The verdict changed after you opened this page: read it again before confirming it"]
    assert "Revised meanwhile." in response.content.decode()


def test_verdict_confirm_from_meeting_mode_returns_there(client_for, chair, pending_verdict):
    url = reverse("panel:verdict_confirm", kwargs={"pk": pending_verdict.agenda_item_id})

    response = client_for(chair).post(url, {"next": "meeting"})

    assert response["Location"] == reverse("panel:meeting_mode", kwargs={"pk": pending_verdict.agenda_item.meeting_id})


def test_verdict_confirm_unanswered_recommendation_says_which(client_for, chair, agenda_item):
    from panel.services.verdicts import record_verdict
    from tests.panel.scenario import responses

    pending = record_verdict(agenda_item=agenda_item, recorded_by=chair, outcome="adequate", commendation="",
                             issues=[], national_responses=responses(agenda_item.submission, [([3], "Three.")]))
    url = reverse("panel:verdict_confirm", kwargs={"pk": agenda_item.pk})

    response = client_for(chair).post(url, {"submit": ""}, follow=True)

    assert notification_banners(response) == [
        "Respond to national recommendations 5, 6, 8 before confirming the verdict"]
    pending.refresh_from_db()
    assert pending.status == VerdictStatus.PENDING


def test_verdict_confirm_by_secretariat_forbidden(client_for, secretariat, pending_verdict):
    url = reverse("panel:verdict_confirm", kwargs={"pk": pending_verdict.agenda_item_id})

    response = client_for(secretariat).post(url, {"submit": ""})

    assert response.status_code == 403
    pending_verdict.refresh_from_db()
    assert pending_verdict.status == VerdictStatus.PENDING


def input_value(page, name):
    return next(element.attrs["value"] for element in page.find_all(tag="input") if element.attrs.get("name") == name)


def textarea_text(page, name):
    return next(element.text() for element in page.find_all(tag="textarea") if element.attrs.get("name") == name)


CROSSED_AT = datetime.datetime(2014, 1, 22, 11, 47)


def saved_elsewhere(verdict, person, commendation):
    """The verdict saved from another page, as the chair's form there would save it."""
    revise_verdict(verdict=verdict, revised_by=person, outcome="adequate", commendation=commendation, issues=ISSUES,
                   national_responses=responses(verdict.agenda_item.submission), based_on=verdict.revision)
CROSSED_BY_YOU = ("You saved this verdict in another tab or window at 11:47am on 22 January 2014, after you opened "
                  "this page. Your changes have not been saved. The verdict as it is now is shown below your changes: "
                  "save again to replace it with yours")


def test_verdict_change_after_another_tab_saved_keeps_your_words_and_shows_the_saved_verdict(
        client_for, chair, pending_verdict, verdict_url, national):
    seen = input_value(parse(client_for(chair).get(verdict_url)), "based_on")
    with clock.at(CROSSED_AT):
        saved_elsewhere(pending_verdict, chair, "Saved in the other tab.")

    response = post(client_for(chair), verdict_url,
                    verdict_form(national, commendation="Typed in this tab.", based_on=seen))

    assert response.status_code == 200
    assert error_summary(response) == [("#id_outcome_1", CROSSED_BY_YOU)]
    page = parse(response)
    assert textarea_text(page, "commendation") == "Typed in this tab."
    saved_now = page.find(id="saved-now")
    assert saved_now.find(tag="h2").text() == "The verdict as it is now"
    assert "Saved in the other tab." in saved_now.text()
    assert "Typed in this tab." not in saved_now.text()
    pending_verdict.refresh_from_db()
    assert (pending_verdict.commendation, pending_verdict.revision) == ("Saved in the other tab.", 2)
    assert input_value(page, "based_on") == "2"

    again = post(client_for(chair), verdict_url,
                 verdict_form(national, commendation="Typed in this tab.", based_on=input_value(page, "based_on")))

    assert again["Location"] == reverse("panel:agenda_item_detail", kwargs={"pk": pending_verdict.agenda_item_id})
    pending_verdict.refresh_from_db()
    assert (pending_verdict.commendation, pending_verdict.revision) == ("Typed in this tab.", 3)
    assert [action for _, action, _ in audit_trail(pending_verdict)] == [
        AuditAction.VERDICT_RECORDED, AuditAction.VERDICT_REVISED, AuditAction.VERDICT_REVISED]


def test_verdict_record_after_another_tab_recorded_it_saves_nothing_over_it(client_for, chair, agenda_item,
                                                                           verdict_url, national):
    seen = input_value(parse(client_for(chair).get(verdict_url)), "based_on")
    with clock.at(CROSSED_AT):
        record_verdict(agenda_item=agenda_item, recorded_by=chair, outcome="adequate", commendation="Recorded first.",
                       issues=ISSUES, national_responses=responses(agenda_item.submission))

    response = post(client_for(chair), verdict_url,
                    verdict_form(national, outcome="inadequate", commendation="Recorded second.", based_on=seen))

    assert seen == "0"
    assert error_summary(response) == [("#id_outcome_1", CROSSED_BY_YOU)]
    page = parse(response)
    assert page.find(tag="h1").text() == "Change the pending verdict"
    assert textarea_text(page, "commendation") == "Recorded second."
    assert "Adequate" in page.find(id="saved-now").text()
    verdict = Verdict.objects.get(agenda_item=agenda_item)
    assert (verdict.outcome.code, verdict.commendation, verdict.revision) == ("adequate", "Recorded first.", 1)


def test_verdict_change_after_another_chair_saved_names_them(client_for, chair, pending_verdict, verdict_url,
                                                            national):
    # The meeting's chair changed hands, and back, while the page was open.
    meeting = pending_verdict.agenda_item.meeting
    stand_in = UserFactory(chair=True, full_name="Jo Stand-in")
    seen = input_value(parse(client_for(chair).get(verdict_url)), "based_on")
    type(meeting).objects.filter(pk=meeting.pk).update(chair=stand_in)
    with clock.at(CROSSED_AT):
        saved_elsewhere(pending_verdict, stand_in, "By the stand-in.")
    type(meeting).objects.filter(pk=meeting.pk).update(chair=chair)

    response = post(client_for(chair), verdict_url, verdict_form(national, commendation="Mine.", based_on=seen))

    assert error_summary(response)[0][1].startswith(
        "Jo Stand-in saved this verdict at 11:47am on 22 January 2014, after you opened this page. ")
    pending_verdict.refresh_from_db()
    assert pending_verdict.commendation == "By the stand-in."


def test_verdict_change_with_a_mangled_revision_is_refused_as_crossed(client_for, chair, pending_verdict, verdict_url,
                                                                     national):
    before = pending_verdict.commendation
    response = post(client_for(chair), verdict_url, verdict_form(national, commendation="Mine.", based_on="1x"))

    assert error_summary(response)[0][1].endswith("save again to replace it with yours")
    assert input_value(parse(response), "based_on") == "1"
    pending_verdict.refresh_from_db()
    assert (pending_verdict.commendation, pending_verdict.revision) == (before, 1)

