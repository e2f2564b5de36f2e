"""panel.assessment_summary: the sentence on whether the readers agree, and the rows of the side-by-side table."""

import pytest

from panel.assessment_summary import Agreement, agreement, own_answers, side_by_side
from panel.enums import AssessmentStatus
from panel.outcomes import criteria_for
from panel.queries import assessments_of_item
from tests.factories import AgendaItemFactory, MeetingFactory, UserFactory, outcome
from tests.panel.assessing import assessed, reader_of

pytestmark = pytest.mark.django_db


def publication(*codes):
    return [outcome(code, "publication-2016") for code in codes]


@pytest.mark.parametrize(("codes", "waiting", "expected"), [
    ((), 0, Agreement("No assessment has been submitted yet", agreed=False)),
    ((), 2, Agreement("No assessment has been submitted yet", agreed=False)),
    (("publish",), 0, Agreement("The reader recommends Publish", agreed=True)),
    (("publish",), 1, Agreement("The one reader who has submitted recommends Publish", agreed=True)),
    (("publish_after_changes",) * 2, 0, Agreement("Both readers recommend Publish after changes", agreed=True)),
    (("resubmit",) * 3, 0, Agreement("All 3 readers recommend Resubmit", agreed=True)),
    (("resubmit",) * 2, 1, Agreement("The 2 readers who have submitted recommend Resubmit", agreed=True)),
    (("resubmit", "publish"), 0,
     Agreement("The readers differ: 1 recommends Publish, 1 recommends Resubmit", agreed=False)),
    (("resubmit", "publish", "resubmit", "publish_after_changes"), 1,
     Agreement("The readers differ: 1 recommends Publish, 1 recommends Publish after changes, "
               "2 recommend Resubmit", agreed=False)),
])
def test_agreement_sentence(codes, waiting, expected):
    assert agreement(publication(*codes), waiting=waiting) == expected


@pytest.fixture
def item():
    return AgendaItemFactory(meeting=MeetingFactory(released=True), submission__documents=False)


def test_side_by_side_columns_only_for_submitted(item, django_assert_num_queries):
    amy = reader_of(item, UserFactory(panel_member=True, full_name="Amy"))
    bo = reader_of(item, UserFactory(panel_member=True, full_name="Bo"))
    cy = reader_of(item, UserFactory(panel_member=True, full_name="Cy"))
    assessed(amy, outcome("publish", "publication-2016"), judgement="Inadequate", issues=[("One", "Overview 1")])
    assessed(bo, None, status=AssessmentStatus.DRAFT, issues=[("Secret", "")])
    readings, criteria = assessments_of_item(item), list(criteria_for("review"))

    with django_assert_num_queries(0):
        summary = side_by_side(readings, criteria)

    assert [reading.reader.full_name for reading in summary.columns] == ["Amy"]
    assert [reading.reader.full_name for reading in summary.waiting] == ["Bo", "Cy"]
    assert [(row.criterion.heading, row.cells[0].judgement) for row in summary.rows][:2] == [
        ("Timescales", "Inadequate"), ("Decision to review", "Inadequate")]
    assert [(s.reader.full_name, s.issue.text) for s in summary.suggestions] == [("Amy", "One")]
    assert summary.agreement.text == "The one reader who has submitted recommends Publish"


def test_own_answers_shows_a_draft_to_its_author(item):
    reading = reader_of(item)
    assessed(reading, None, status=AssessmentStatus.DRAFT, judgement="Adequate", comment="Fine.")
    reading = assessments_of_item(item)[0]

    rows = own_answers(reading.assessment, criteria_for("review"))

    assert [(row.criterion.heading, row.cells[0].judgement, row.cells[0].comment) for row in rows][0] == (
        "Timescales", "Adequate", "Fine.")
    assert len(rows) == 12
