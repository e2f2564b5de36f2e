"""A draft's recommendations: added, changed, removed and replaced; numbers unique; national ones addressed."""

import datetime

import pytest

from dhrqa.enums import AuditAction
from dhrqa.transitions import IllegalTransition
from submissions.action_plan_xlsx import RecommendationRow
from submissions.models import Recommendation
from submissions.services.recommendations import (
    NumberTaken,
    add_recommendation,
    change_recommendation,
    remove_recommendation,
    replace_recommendations,
)
from tests.factories import UserFactory
from tests.submissions.journey import RECOMMENDATION, draft_of, history, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return UserFactory(csp_officer=True)


@pytest.fixture
def draft(officer):
    return draft_of(register(officer))


def row(number, **fields):
    return {**RECOMMENDATION, "number": number, **fields}


def listed(submission):
    return list(submission.recommendations.order_by("position").values_list(
        "position", "number", "scope", "national_body", "national_body_other"))


def test_add_recommendation_goes_at_the_end(draft, officer):
    add_recommendation(submission=draft, row=row("1"), changed_by=officer)

    added = add_recommendation(submission=draft, row=row("1.1", scope="regional"), changed_by=officer)

    assert listed(draft) == [(1, "1", "local", "", ""), (2, "1.1", "regional", "", "")]
    assert history(draft.review)[-1] == (officer, AuditAction.RECOMMENDATIONS_CHANGED,
                                         {"version": 1, "change": "added", "number": "1.1"})
    assert str(added) == "Recommendation 1.1"


def test_add_recommendation_number_taken_refused(draft, officer):
    add_recommendation(submission=draft, row=row("3"), changed_by=officer)

    with pytest.raises(NumberTaken) as refused:
        add_recommendation(submission=draft, row=row("3", text="Another"), changed_by=officer)

    assert str(refused.value) == "There is already a recommendation numbered 3"
    assert listed(draft) == [(1, "3", "local", "", "")]


def test_add_recommendation_local_drops_national_body(draft, officer):
    add_recommendation(submission=draft, row=row("1", national_body="home_office", national_body_other="X"),
                       changed_by=officer)

    assert listed(draft) == [(1, "1", "local", "", "")]


@pytest.mark.parametrize(("body", "other", "stored"), [
    ("home_office", "Left over from another choice", ("home_office", "")),
    ("other", "Department for Work and Pensions", ("other", "Department for Work and Pensions")),
])
def test_add_recommendation_national_keeps_its_body(draft, officer, body, other, stored):
    recommendation = add_recommendation(
        submission=draft, row=row("4", scope="national", national_body=body, national_body_other=other),
        changed_by=officer)

    assert listed(draft) == [(1, "4", "national", *stored)]
    assert recommendation.addressed_to == {"home_office": "Home Office", "other": other}[body]


@pytest.mark.parametrize(("body", "message"), [
    ("", "Select the national body recommendation 4 is addressed to"),
    ("other", "Enter the name of the national body recommendation 4 is addressed to"),
])
def test_add_recommendation_national_without_body_refused(draft, officer, body, message):
    with pytest.raises(IllegalTransition) as refused:
        add_recommendation(submission=draft, row=row("4", scope="national", national_body=body), changed_by=officer)

    assert str(refused.value) == message
    assert Recommendation.objects.count() == 0


def test_change_recommendation_records_the_fields_changed(draft, officer):
    recommendation = add_recommendation(submission=draft, row=row("1"), changed_by=officer)

    change_recommendation(recommendation=recommendation, changed_by=officer,
                          row=row("1", text="Share risk information.", target_date=datetime.date(2027, 3, 31)))

    recommendation.refresh_from_db()
    assert (recommendation.text, recommendation.target_date) == ("Share risk information.", datetime.date(2027, 3, 31))
    assert history(draft.review)[-1] == (officer, AuditAction.RECOMMENDATIONS_CHANGED, {
        "version": 1, "change": "changed", "number": "1", "fields": ["target_date", "text"]})


def test_change_recommendation_to_a_taken_number_refused(draft, officer):
    add_recommendation(submission=draft, row=row("1"), changed_by=officer)
    second = add_recommendation(submission=draft, row=row("2"), changed_by=officer)

    with pytest.raises(NumberTaken) as refused:
        change_recommendation(recommendation=second, row=row("1"), changed_by=officer)

    assert str(refused.value) == "There is already a recommendation numbered 1"
    assert listed(draft) == [(1, "1", "local", "", ""), (2, "2", "local", "", "")]


def test_change_recommendation_national_without_body_refused(draft, officer):
    recommendation = add_recommendation(submission=draft, row=row("1"), changed_by=officer)

    with pytest.raises(IllegalTransition) as refused:
        change_recommendation(recommendation=recommendation, row=row("1", scope="national"), changed_by=officer)

    assert str(refused.value) == "Select the national body recommendation 1 is addressed to"
    assert listed(draft) == [(1, "1", "local", "", "")]


def test_remove_recommendation_removes_it_and_audits(draft, officer):
    first = add_recommendation(submission=draft, row=row("1"), changed_by=officer)
    add_recommendation(submission=draft, row=row("2"), changed_by=officer)

    remove_recommendation(recommendation=first, changed_by=officer)

    assert listed(draft) == [(2, "2", "local", "", "")]
    assert history(draft.review)[-1] == (officer, AuditAction.RECOMMENDATIONS_CHANGED,
                                         {"version": 1, "change": "removed", "number": "1"})


def test_replace_recommendations_replaces_all_in_order(draft, officer):
    add_recommendation(submission=draft, row=row("1"), changed_by=officer)
    rows = [
        RecommendationRow(number="R1", text="Train staff", scope="local", national_body="", national_body_other="",
                          lead_agency="Police", action="", target_date=None),
        RecommendationRow(number="R2", text="Review guidance", scope="national", national_body="moj",
                          national_body_other="", lead_agency="", action="", target_date=None),
    ]

    replace_recommendations(submission=draft, rows=rows, changed_by=officer)

    assert listed(draft) == [(1, "R1", "local", "", ""), (2, "R2", "national", "moj", "")]
    assert history(draft.review)[-1] == (officer, AuditAction.RECOMMENDATIONS_CHANGED,
                                         {"version": 1, "change": "imported", "removed": 1, "added": 2})


@pytest.mark.parametrize(("rows", "message"), [
    ([row("1"), row("2"), row("1")], "Each recommendation needs its own number"),
    ([row("1"), row("2", scope="national")], "Select the national body recommendation 2 is addressed to"),
])
def test_replace_recommendations_bad_row_refused_and_nothing_replaced(draft, officer, rows, message):
    add_recommendation(submission=draft, row=row("9"), changed_by=officer)

    with pytest.raises(IllegalTransition) as refused:
        replace_recommendations(submission=draft, rows=rows, changed_by=officer)

    assert str(refused.value) == message
    assert listed(draft) == [(1, "9", "local", "", "")]
