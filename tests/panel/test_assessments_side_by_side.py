"""The readers' assessments side by side, and the rule that a reader reads the others' only after submitting theirs."""

import pytest
from django.urls import reverse

from panel.enums import AssessmentStatus, ConflictKind
from panel.models import ConflictOfInterest, CriterionJudgement
from panel.outcomes import criteria_for
from panel.services.criteria import change_criterion
from tests.dhrqa.govuk_page import notification_banners, parse
from tests.factories import AgendaItemFactory, MeetingFactory, UserFactory, VerdictFactory, outcome
from tests.panel.assessing import assessed, reader_of

pytestmark = pytest.mark.django_db

DRAFT_TEXT = "Half-formed thoughts nobody else may read"


def publication(code):
    return outcome(code, "publication-2016")


@pytest.fixture
def item():
    return AgendaItemFactory(meeting=MeetingFactory(released=True), submission__documents=False)


@pytest.fixture
def url(item):
    return reverse("panel:assessments", kwargs={"pk": item.pk})


def reader_named(item, name):
    return reader_of(item, UserFactory(panel_member=True, full_name=name))


def table(response):
    """The side-by-side table as rows of cell texts, the header row first."""
    found = parse(response).find(tag="table")
    if found is None:
        return []
    return [[cell.text(include_hidden=False) for cell in row.iter() if cell.tag in ("th", "td")]
            for row in found.find_all(tag="tr")]


def agreement(response):
    return [p.text() for p in parse(response).find(cls="govuk-inset-text").find_all(tag="p")]


def test_side_by_side_readers_agree(client_for, secretariat, item, url):
    amy, bo = reader_named(item, "Amy Reader"), reader_named(item, "Bo Reader")
    assessed(amy, publication("publish_after_changes"), issues=[("Add a chronology", "Overview 2.1")])
    assessed(bo, publication("publish_after_changes"), judgement="Adequate", strengths="Strong voice of the victim.")

    response = client_for(secretariat).get(url)

    assert response.status_code == 200
    rows = table(response)
    assert rows[0] == ["Criterion", "Amy Reader", "Bo Reader"]
    assert rows[1] == ["Timescales", "Adequate Amy Reader on Timescales.", "Adequate Bo Reader on Timescales."]
    assert [row[0] for row in rows[1:13]] == [criterion.heading for criterion in criteria_for("review")]
    assert rows[13:] == [
        ["Strengths", "A clear account of the victim's life.", "Strong voice of the victim."],
        ["Suggested issues", "Overview 2.1: Add a chronology", "None"],
        ["Recommended outcome", "Publish after changes", "Publish after changes"],
    ]
    assert agreement(response) == ["Both readers recommend Publish after changes"]


def test_side_by_side_readers_differ(client_for, secretariat, item, url):
    amy, bo = reader_named(item, "Amy Reader"), reader_named(item, "Bo Reader")
    assessed(amy, publication("resubmit"), judgement="Inadequate")
    assessed(bo, publication("publish"))

    response = client_for(secretariat).get(url)

    assert agreement(response) == ["The readers differ: 1 recommends Publish, 1 recommends Resubmit"]
    assert table(response)[1] == ["Timescales Readers differ", "Inadequate Amy Reader on Timescales.",
                                  "Adequate Bo Reader on Timescales."]


def test_side_by_side_nothing_submitted(client_for, secretariat, item, url):
    reader_named(item, "Amy Reader")
    assessed(reader_named(item, "Bo Reader"), None, status=AssessmentStatus.DRAFT, comment=DRAFT_TEXT)

    response = client_for(secretariat).get(url)

    assert agreement(response) == ["No assessment has been submitted yet",
                                   "Still to submit: Amy Reader (not started), Bo Reader (draft)"]
    assert table(response) == []
    assert DRAFT_TEXT.encode() not in response.content


def test_side_by_side_retired_criterion_still_shows_its_judgements(client_for, secretariat, item, url):
    assessed(reader_named(item, "Amy Reader"), publication("publish"))
    anonymisation = criteria_for("review").get(heading="Anonymisation")
    change_criterion(criterion=anonymisation, changed_by=secretariat, is_active=False)

    response = client_for(secretariat).get(url)

    assert table(response)[12] == ["Anonymisation (retired)", "Adequate Amy Reader on Anonymisation."]


def test_side_by_side_new_criterion_not_judged_shows_so(client_for, secretariat, item, url):
    assessed(reader_named(item, "Amy Reader"), publication("publish"))
    CriterionJudgement.objects.filter(criterion__heading="Timescales").delete()

    response = client_for(secretariat).get(url)

    assert table(response)[1] == ["Timescales", "Not judged"]


# Reading the others' only after submitting your own


def test_side_by_side_reader_with_draft_redirected_to_their_own(client_for, item, url):
    mine = reader_named(item, "Amy Reader")
    assessed(mine, None, status=AssessmentStatus.DRAFT)
    assessed(reader_named(item, "Bo Reader"), publication("publish"))

    response = client_for(mine.reader).get(url, follow=True)

    assert response.redirect_chain == [(reverse("panel:assessment", kwargs={"pk": mine.pk}), 302)]
    assert notification_banners(response) == ["Submit your own assessment before reading the other readers'"]
    assert b"Bo Reader on Timescales." not in response.content


def test_side_by_side_reader_not_started_redirected(client_for, item, url):
    mine = reader_named(item, "Amy Reader")
    assessed(reader_named(item, "Bo Reader"), publication("publish"))

    response = client_for(mine.reader).get(url)

    assert (response.status_code, response["Location"]) == (302, reverse("panel:assessment", kwargs={"pk": mine.pk}))


def test_side_by_side_reader_who_never_submitted_still_refused_after_the_verdict(client_for, item, url):
    mine = reader_named(item, "Amy Reader")
    assessed(reader_named(item, "Bo Reader"), publication("publish"))
    item.meeting.status = "held"
    item.meeting.save()
    VerdictFactory(agenda_item=item, outcome=publication("publish"))

    response = client_for(mine.reader).get(url, follow=True)

    assert response.redirect_chain == [(reverse("panel:assessment", kwargs={"pk": mine.pk}), 302)]
    assert notification_banners(response) == [
        "Only readers who submitted their assessment can read the other readers'"]
    assert b"Bo Reader on Timescales." not in response.content


def test_side_by_side_after_submitting_reader_sees_the_others_submitted_never_a_draft(client_for, item, url):
    mine, submitted, drafting = (reader_named(item, name) for name in ("Amy Reader", "Bo Reader", "Cy Reader"))
    assessed(mine, publication("publish"))
    assessed(submitted, publication("resubmit"), issues=[("Name the agencies", "")])
    assessed(drafting, publication("publish"), status=AssessmentStatus.DRAFT, comment=DRAFT_TEXT,
             strengths=DRAFT_TEXT, issues=[(DRAFT_TEXT, "")])

    response = client_for(mine.reader).get(url)

    assert response.status_code == 200
    assert table(response)[0] == ["Criterion", "Amy Reader", "Bo Reader"]
    assert table(response)[-2] == ["Suggested issues", "None", "Name the agencies"]
    assert agreement(response) == ["The readers differ: 1 recommends Publish, 1 recommends Resubmit",
                                   "Still to submit: Cy Reader (draft)"]
    assert DRAFT_TEXT.encode() not in response.content


def test_side_by_side_member_not_reading_sees_them(client_for, item, url):
    assessed(reader_named(item, "Amy Reader"), publication("publish"))
    member = reader_of(AgendaItemFactory(meeting=item.meeting, submission__documents=False)).reader

    response = client_for(member).get(url)

    assert agreement(response) == ["The reader recommends Publish"]


def test_side_by_side_chair_sees_them(client_for, item, url):
    assessed(reader_named(item, "Amy Reader"), publication("publish"))

    assert client_for(item.meeting.chair).get(url).status_code == 200


def test_side_by_side_conflicted_member_gets_404(client_for, item, url):
    assessed(reader_named(item, "Amy Reader"), publication("publish"))
    member = reader_of(AgendaItemFactory(meeting=item.meeting, submission__documents=False)).reader
    ConflictOfInterest.objects.create(review=item.submission.review, member=member, kind=ConflictKind.PERSONAL,
                                      reason="A neighbour")

    assert client_for(member).get(url).status_code == 404


def test_side_by_side_conflicted_chair_gets_404(client_for, item, url):
    ConflictOfInterest.objects.create(review=item.submission.review, member=item.meeting.chair,
                                      kind=ConflictKind.LOCAL_AREA, reason="My own area")

    assert client_for(item.meeting.chair).get(url).status_code == 404


def test_side_by_side_member_not_on_the_meeting_gets_404(client_for, panel_member, item, url):
    assessed(reader_named(item, "Amy Reader"), publication("publish"))

    assert client_for(panel_member).get(url).status_code == 404


def test_side_by_side_csp_officer_gets_404_even_their_own_review(client_for, item, url):
    assessed(reader_named(item, "Amy Reader"), publication("publish"))
    officer = UserFactory(csp_officer=True, csp=item.submission.review.csp)

    assert client_for(officer).get(url).status_code == 404


def test_side_by_side_before_papers_released_gets_404_for_the_panel(client_for):
    item = AgendaItemFactory(meeting=MeetingFactory(), submission__documents=False)
    reading = reader_of(item)
    url = reverse("panel:assessments", kwargs={"pk": item.pk})

    assert client_for(reading.reader).get(url).status_code == 404
    assert client_for(item.meeting.chair).get(url).status_code == 404


@pytest.mark.parametrize("readers", [1, 8])
def test_side_by_side_queries_constant(client_for, secretariat, item, url, django_assert_num_queries, readers):
    for number in range(readers):
        assessed(reader_named(item, f"Reader {number:02d}"), publication("publish"),
                 issues=[("An issue", "Overview 1.1"), ("Another", "")])
    client = client_for(secretariat)

    # Session, user, item with meeting, review and CSP; readers with assessments and outcomes,
    # their judgements with criteria, their issues; the criteria in force.
    with django_assert_num_queries(7):
        response = client.get(url)

    assert len(table(response)[0]) == readers + 1
