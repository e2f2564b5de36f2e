"""A reader's assessment page: what they see, what is stored, the refusals, and who may open it at all."""

import datetime

import pytest
from django.urls import reverse

from dhrqa import clock
from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from panel.enums import AssessmentStatus, ConflictKind, VerdictStatus
from panel.forms.revisions import OUT_OF_DATE
from panel.models import Assessment, ConflictOfInterest, SuggestedIssue
from panel.outcomes import criteria_for
from panel.services.assessments import save_assessment
from panel.services.readers import declare_conflict
from tests.dhrqa.govuk_page import error_summary, heading, notification_banners, parse, summary_links_without_target
from tests.factories import AgendaItemFactory, MeetingFactory, UserFactory, VerdictFactory, outcome
from tests.panel.assessing import assessed, reader_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    """A review, with its documents, on a meeting of 9 December 2026 whose papers are out."""
    return AgendaItemFactory(meeting=MeetingFactory(released=True))


@pytest.fixture
def reading(item, panel_member):
    return reader_of(item, panel_member)


@pytest.fixture
def url(reading):
    return reverse("panel:assessment", kwargs={"pk": reading.pk})


def criteria():
    return list(criteria_for("review"))


def form_data(action="save", *, judgement="Adequate", outcome_code="publish", issues=(), **fields):
    """What the assessment page sends: a judgement and comment on every criterion, and the issue rows."""
    data = {"action": action, "strengths": "Good family involvement.", "recommended_outcome": outcome_code,
            "issue-TOTAL_FORMS": str(len(issues)), "issue-INITIAL_FORMS": "0", "issue-MIN_NUM_FORMS": "0",
            "issue-MAX_NUM_FORMS": "30"}
    for criterion in criteria():
        data[f"judgement_{criterion.pk}"] = judgement
        data[f"comment_{criterion.pk}"] = f"On {criterion.heading.lower()}."
    for index, row in enumerate(issues):
        text, citation, *remove = row
        data[f"issue-{index}-text"] = text
        data[f"issue-{index}-citation"] = citation
        if remove:
            data[f"issue-{index}-remove"] = "on"
    data.update(fields)
    return data


def sent(client, url, data, **options):
    """Post `data` with the revision the page carries now, as a browser that has just opened it would.

    Unless `data` has one; and none when the page is not shown to the client.
    """
    if "based_on" not in data:
        page = client.get(url)
        shown = [element.attrs["value"] for element in parse(page).find_all(tag="input")
                 if element.attrs.get("name") == "based_on"] if page.status_code == 200 else []
        if shown:
            data = {**data, "based_on": shown[0]}
    return client.post(url, data, **options)


def panel_events():
    """The actions recorded, leaving out signing in."""
    signing_in = [AuditAction.SIGNED_IN, AuditAction.PASSWORD_ACCEPTED]
    events = AuditEvent.objects.exclude(action__in=signing_in).order_by("id")
    return list(events.values_list("action", flat=True))


def legends(response):
    return [legend.text() for legend in parse(response).find_all(tag="legend")]


def radio_labels(response, name):
    page = parse(response)
    return [label.text() for label in page.find_all(tag="label")
            if label.attrs.get("for", "").startswith(f"id_{name}_")]


def textareas(response):
    return {area.attrs["name"]: area.text() for area in parse(response).find_all(tag="textarea")}


# What the reader sees


def test_assessment_page_reader_sees_each_criterion_documents_and_outcomes(client_for, panel_member, item, url):
    response = client_for(panel_member).get(url)

    assert response.status_code == 200
    assert heading(response) == "Your assessment"
    headings = [criterion.heading for criterion in criteria()]
    assert legends(response) == [*headings, "Issue 1", "What outcome do you recommend?"]
    timescales = criteria()[0]
    page = parse(response)
    assert page.find(id=f"id_judgement_{timescales.pk}_hint").text() == timescales.guidance
    assert radio_labels(response, f"judgement_{timescales.pk}") == ["Adequate", "Inadequate"]
    assert radio_labels(response, "recommended_outcome") == ["Publish", "Publish after changes", "Resubmit"]
    documents = [link.attrs["href"] for link in page.find_all(tag="a")
                 if "/documents/" in link.attrs.get("href", "")]
    assert documents == [reverse("panel:item_document", kwargs={"pk": item.pk, "document_pk": document.pk})
                         for document in item.submission.documents.all()]
    buttons = [button.text() for button in page.find_all(tag="button") if button.attrs.get("name")]
    assert buttons == ["Add another issue", "Submit assessment", "Save as draft"]


def test_assessment_page_criterion_text_escaped(client_for, panel_member, url, secretariat):
    criterion = criteria()[0]
    criterion.heading, criterion.guidance = "<b>Timescales</b>", "<script>alert(1)</script>"
    criterion.save()

    response = client_for(panel_member).get(url)

    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content
    assert legends(response)[0] == "<b>Timescales</b>"


def test_assessment_page_draft_shown_again(client_for, panel_member, reading, url):
    assessed(reading, outcome("resubmit", "publication-2016"), judgement="Inadequate", comment="Too late.",
             status=AssessmentStatus.DRAFT, issues=[("Add a chronology", "Overview 2.1")])
    timescales = criteria()[0]

    response = client_for(panel_member).get(url)

    page = parse(response)
    assert page.find(id=f"id_judgement_{timescales.pk}_2").attrs.get("checked") == "checked"
    assert page.find(id="id_recommended_outcome_3").attrs.get("checked") == "checked"
    areas = textareas(response)
    assert areas[f"comment_{timescales.pk}"] == "Too late."
    assert areas["issue-0-text"] == "Add a chronology"
    assert page.find(id="id_issue-0-citation").attrs["value"] == "Overview 2.1"
    assert legends(response).count("Issue 1") == 1
    assert "Issue 2" not in legends(response)


# Saving and submitting


def test_assessment_save_draft_with_nothing_stores_empty_draft(client_for, panel_member, reading, url):
    data = {"action": "save", "issue-TOTAL_FORMS": "1", "issue-INITIAL_FORMS": "0", "issue-0-text": "",
            "issue-0-citation": ""}

    response = sent(client_for(panel_member), url, data, follow=True)

    assessment = Assessment.objects.get(assignment=reading)
    assert (assessment.status, assessment.strengths, assessment.recommended_outcome) == (
        AssessmentStatus.DRAFT, "", None)
    assert assessment.judgements.count() == 0
    assert response.redirect_chain == [(reverse("panel:assessment", kwargs={"pk": reading.pk}), 302)]
    assert notification_banners(response) == ["Your draft assessment has been saved"]
    assert panel_events() == [AuditAction.ASSESSMENT_SAVED]


def test_assessment_submit_complete_stores_it_and_shows_it_read_only(client_for, panel_member, reading, url, item):
    data = form_data("submit", outcome_code="publish_after_changes",
                     issues=[("Paragraph 5.12 could read as victim blaming", "Executive Summary 5.12"),
                             ("", ""), ("Dropped", "", True)])

    response = sent(client_for(panel_member), url, data, follow=True)

    assessment = Assessment.objects.get(assignment=reading)
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert assessment.recommended_outcome.code == "publish_after_changes"
    assert assessment.judgements.filter(judgement="Adequate").count() == 12
    assert list(SuggestedIssue.objects.values_list("text", "citation")) == [
        ("Paragraph 5.12 could read as victim blaming", "Executive Summary 5.12")]
    assert notification_banners(response) == [
        "Your assessment has been submitted. You can now read the other readers'"]
    page = parse(response)
    assert page.find_all(tag="textarea") == []
    assert page.find(cls="govuk-inset-text").text().startswith("You submitted this assessment on ")
    assert [link.attrs["href"] for link in page.find(cls="govuk-inset-text").find_all(tag="a")] == [
        reverse("panel:assessments", kwargs={"pk": item.pk})]
    rows = [(row.find(tag="dt").text(), row.find(tag="dd").text()) for row in page.find_all(
        cls="govuk-summary-list__row")]
    assert rows[0] == ("Timescales", "Adequate On timescales.")
    assert len(rows) == 12
    assert "Executive Summary 5.12: Paragraph 5.12 could read as victim blaming" in [
        item.text() for item in page.find_all(tag="li")]
    assert panel_events() == [AuditAction.ASSESSMENT_SUBMITTED]


def test_assessment_submit_incomplete_errors_beside_what_is_missing(client_for, panel_member, reading, url):
    anonymisation = criteria()[-1]
    data = form_data("submit", outcome_code="")
    data[f"judgement_{anonymisation.pk}"] = ""

    response = sent(client_for(panel_member), url, data)

    assert response.status_code == 200
    assert error_summary(response) == [
        (f"#id_judgement_{anonymisation.pk}_1", "Select a judgement for Anonymisation"),
        ("#id_recommended_outcome_1", "Select the outcome you recommend"),
    ]
    assert summary_links_without_target(response) == []
    assert parse(response).find(tag="title").text().startswith("Error: ")
    assert Assessment.objects.count() == 0
    # What was typed is kept.
    assert textareas(response)[f"comment_{anonymisation.pk}"] == "On anonymisation."


def test_assessment_save_draft_incomplete_is_saved(client_for, panel_member, reading, url):
    data = form_data("save", outcome_code="", judgement="")

    response = sent(client_for(panel_member), url, data)

    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.status, assessment.judgements.count()) == (AssessmentStatus.DRAFT, 12)
    assert set(assessment.judgements.values_list("judgement", flat=True)) == {""}


def test_assessment_add_another_issue_keeps_typing_stores_nothing(client_for, panel_member, url):
    data = form_data("save", issues=[("First issue", "Overview 1.2"), ("Ticked to go", "", True)], add_issue="1")

    response = sent(client_for(panel_member), url, data)

    assert response.status_code == 200
    assert error_summary(response) == []
    areas = textareas(response)
    assert (areas["issue-0-text"], areas["issue-1-text"]) == ("First issue", "")
    assert "issue-2-text" not in areas
    assert parse(response).find(id="id_issue-0-citation").attrs["value"] == "Overview 1.2"
    assert parse(response).find(id="id_issue-TOTAL_FORMS").attrs["value"] == "2"
    assert Assessment.objects.count() == 0


@pytest.mark.parametrize(("field", "value", "message"), [
    ("judgement", "Excellent", "Select one of the judgements for Timescales"),
    ("recommended_outcome", "adequate", "Select the outcome you recommend from the list"),
    ("comment", "x" * 5001, "Comment on Timescales must be 5,000 characters or fewer"),
    ("comment", "Late\u202e", "Comment on Timescales must not contain characters that change the direction of "
                               "text"),
    ("strengths", "y" * 10_001, "Strengths must be 10,000 characters or fewer"),
    ("issue-0-citation", "z" * 201, "Where in the report must be 200 characters or fewer"),
    ("issue-0-citation", "Overview\n2.1", "Where in the report must be on one line"),
    ("issue-0-text", "", "Enter the issue, or clear where in the report it is"),
])
def test_assessment_hostile_input_refused_with_message(client_for, panel_member, url, field, value, message):
    data = form_data("submit", issues=[("An issue", "Overview 2.1")])
    timescales = criteria()[0]
    data[{"judgement": f"judgement_{timescales.pk}", "comment": f"comment_{timescales.pk}"}.get(field, field)] = value

    response = sent(client_for(panel_member), url, data)

    assert response.status_code == 200
    assert [text for _, text in error_summary(response)] == [message]
    assert summary_links_without_target(response) == []
    assert Assessment.objects.count() == 0


@pytest.mark.parametrize(("total", "message"), [
    ("100000", "Enter 30 issues or fewer"),
    ("-1", "Check the issues and save the page again"),
    ("many", "Check the issues and save the page again"),
    ("", "Check the issues and save the page again"),
])
def test_assessment_tampered_issue_count_refused(client_for, panel_member, url, total, message):
    data = form_data("save", issues=[("An issue", "")])
    data["issue-TOTAL_FORMS"] = total

    response = sent(client_for(panel_member), url, data)

    assert response.status_code == 200
    assert [text for _, text in error_summary(response)] == [message]
    assert Assessment.objects.count() == 0


def test_assessment_too_many_issues_refused(client_for, panel_member, url):
    data = form_data("save", issues=[(f"Issue {n}", "") for n in range(31)])

    response = sent(client_for(panel_member), url, data)

    assert [text for _, text in error_summary(response)] == ["Enter 30 issues or fewer"]
    assert Assessment.objects.count() == 0


# Refusals from the service


def test_assessment_after_verdict_refused_nothing_stored(client_for, panel_member, item, reading, url):
    assessed(reading, None, judgement="", status=AssessmentStatus.DRAFT)
    item.meeting.status = "held"
    item.meeting.save()
    VerdictFactory(agenda_item=item, outcome=outcome("publish", "publication-2016"), status=VerdictStatus.PENDING,
                   confirmed_by=None, confirmed_at=None)

    # From the page as it was opened before the verdict: the draft's revision.
    response = sent(client_for(panel_member), url, form_data("submit", based_on=Assessment.objects.get().revision))

    assert response.status_code == 200
    assert [text for _, text in error_summary(response)] == [
        "The Panel has recorded its verdict on this report: assessments are closed"]
    assert Assessment.objects.get().status == AssessmentStatus.DRAFT
    assert panel_events() == []


def test_assessment_page_after_verdict_says_closed(client_for, panel_member, item, reading, url):
    assessed(reading, None, judgement="", status=AssessmentStatus.DRAFT)
    item.meeting.status = "held"
    item.meeting.save()
    VerdictFactory(agenda_item=item, outcome=outcome("publish", "publication-2016"))

    response = client_for(panel_member).get(url)

    page = parse(response)
    assert page.find(cls="govuk-warning-text__text").text(include_hidden=False) == (
        "The Panel has recorded its verdict on this report: assessments are closed. Your draft was not "
        "submitted and only you can see it.")
    assert page.find_all(tag="textarea") == []


def test_assessment_sent_again_after_submitting_refused(client_for, panel_member, reading, url):
    assessed(reading, outcome("publish", "publication-2016"))

    # From a page left open in another tab, which carries the revision it submitted.
    response = sent(client_for(panel_member), url, form_data("submit", outcome_code="resubmit",
                                                            based_on=Assessment.objects.get().revision))

    assert [text for _, text in error_summary(response)] == [
        "You have already submitted your assessment of this report"]
    assert Assessment.objects.get().recommended_outcome.code == "publish"
    assert panel_events() == []


# Who may open it


def test_assessment_other_reader_gets_404(client_for, item, url):
    other = reader_of(item)

    assert client_for(other.reader).get(url).status_code == 404
    assert sent(client_for(other.reader), url, form_data("submit")).status_code == 404
    assert Assessment.objects.count() == 0


@pytest.mark.parametrize("who", ["csp_officer", "secretariat", "chair"])
def test_assessment_anyone_but_the_reader_gets_404(client_for, item, url, who):
    user = item.meeting.chair if who == "chair" else UserFactory(**{who: True})

    assert client_for(user).get(url).status_code == 404


def test_assessment_before_papers_released_gets_404(client_for, panel_member):
    reading = reader_of(AgendaItemFactory(meeting=MeetingFactory()), panel_member)

    response = client_for(panel_member).get(reverse("panel:assessment", kwargs={"pk": reading.pk}))

    assert response.status_code == 404


def test_assessment_conflicted_reader_gets_404(client_for, panel_member, item, reading, url):
    # Declaring a conflict takes the member off the item; their old link is then gone too.
    declare_conflict(review=item.submission.review, member=panel_member, kind=ConflictKind.PERSONAL,
                     reason="I know the family")

    assert client_for(panel_member).get(url).status_code == 404


def test_assessment_reader_with_a_conflict_on_record_gets_404(client_for, panel_member, item, reading, url):
    # A conflict declared once the verdict is recorded leaves the reading on the record; the page is still hidden.
    ConflictOfInterest.objects.create(review=item.submission.review, member=panel_member,
                                      kind=ConflictKind.PROFESSIONAL, reason="My employer")

    assert client_for(panel_member).get(url).status_code == 404
    assert sent(client_for(panel_member), url, form_data("submit")).status_code == 404
    assert Assessment.objects.count() == 0


def test_assessment_unknown_assignment_gets_404(client_for, panel_member):
    response = client_for(panel_member).get(reverse("panel:assessment", kwargs={"pk": 99_999_999}))

    assert response.status_code == 404


def input_value(page, name):
    return next(element.attrs["value"] for element in page.find_all(tag="input") if element.attrs.get("name") == name)


def test_assessment_save_after_another_tab_saved_keeps_your_words_and_shows_the_saved_draft(
        client_for, panel_member, reading, url):
    seen = input_value(parse(client_for(panel_member).get(url)), "based_on")
    with clock.at(datetime.datetime(2026, 12, 3, 16, 5)):
        save_assessment(assignment=reading, saved_by=panel_member, strengths="Saved in the other tab.",
                        recommended_outcome="", judgements=[], suggestions=[], submit=False, based_on=0)

    response = client_for(panel_member).post(url, form_data(strengths="Typed in this tab.", based_on=seen))

    assert response.status_code == 200
    assert seen == "0"
    assert error_summary(response) == [(
        f"#id_judgement_{criteria()[0].pk}_1",
        "You saved this assessment in another tab or window at 4:05pm on 3 December 2026, after you opened this "
        "page. Your changes have not been saved. The assessment as it is now is shown below your changes: save "
        "again to replace it with yours")]
    page = parse(response)
    assert textareas(response)["strengths"] == "Typed in this tab."
    saved_now = page.find(id="saved-now")
    assert saved_now.find(tag="h2").text() == "Your assessment as it is saved now"
    assert "Saved in the other tab." in saved_now.text()
    assert input_value(page, "based_on") == "1"
    saved = Assessment.objects.get(assignment=reading)
    assert (saved.strengths, saved.revision, saved.judgements.count()) == ("Saved in the other tab.", 1, 0)

    again = sent(client_for(panel_member), url, form_data(strengths="Typed in this tab.",
                                                         based_on=input_value(page, "based_on")))

    assert again["Location"] == url
    saved.refresh_from_db()
    assert (saved.strengths, saved.revision, saved.judgements.count()) == ("Typed in this tab.", 2, len(criteria()))


def test_assessment_submit_after_another_tab_saved_submits_nothing(client_for, panel_member, reading, url):
    seen = input_value(parse(client_for(panel_member).get(url)), "based_on")
    client_for(panel_member).post(url, form_data(strengths="Other tab.", based_on=seen))

    response = client_for(panel_member).post(url, form_data("submit", strengths="This tab.", based_on=seen))

    assert error_summary(response)[0][1].startswith("You saved this assessment in another tab or window at ")
    saved = Assessment.objects.get(assignment=reading)
    assert (saved.status, saved.strengths) == (AssessmentStatus.DRAFT, "Other tab.")
    assert panel_events() == [AuditAction.ASSESSMENT_SAVED]


@pytest.mark.parametrize("revision", [None, ""], ids=["absent", "empty"])
def test_assessment_save_sent_without_its_revision_is_refused_and_saves_nothing(
        client_for, panel_member, reading, url, revision):
    save_assessment(assignment=reading, saved_by=panel_member, strengths="Saved before.", recommended_outcome="",
                    judgements=[], suggestions=[], submit=False, based_on=0)
    data = form_data(strengths="Sent without a revision.")
    if revision is not None:
        data["based_on"] = revision
    events_before = panel_events()

    response = client_for(panel_member).post(url, data)

    assert response.status_code == 200
    assert error_summary(response) == [(f"#id_judgement_{criteria()[0].pk}_1", OUT_OF_DATE)]
    saved = Assessment.objects.get(assignment=reading)
    assert (saved.strengths, saved.revision, saved.judgements.count()) == ("Saved before.", 1, 0)
    assert panel_events() == events_before
