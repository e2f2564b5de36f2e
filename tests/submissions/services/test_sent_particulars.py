"""What a version was sent with stays as sent: particulars, the declaration, and the issues still to answer."""

import datetime

import pytest
from django.urls import reverse

from submissions.enums import DocumentKind, PersonRole, SubmissionStatus
from submissions.models import Review
from submissions.review_details import as_sent
from submissions.services.documents import remove_document
from submissions.services.recommendations import add_recommendation, change_recommendation
from submissions.services.reviews import update_review
from submissions.services.versions import (
    answer_issues,
    issues_to_answer,
    make_declaration,
    start_next_version,
    submit_submission,
    withdraw_submission,
)
from tests.dhrqa.govuk_page import parse
from tests.factories import UserFactory
from tests.submissions.journey import DETAILS, PEOPLE, RECOMMENDATION, add_file, complete, draft_of, returned

pytestmark = pytest.mark.django_db

CHANGED_PEOPLE = [{**PEOPLE[0], "pseudonym": "Louisa"}, PEOPLE[1]]


@pytest.fixture
def officer():
    return UserFactory(csp_officer=True)


@pytest.fixture
def second(officer, secretariat):
    """Version 2, started after the secretariat returned version 1."""
    first = returned(officer, secretariat)
    return start_next_version(review=first.review, started_by=officer)


def test_update_review_after_a_sent_version_keeps_the_review_as_sent(second, officer):
    update_review(review=second.review, changed_by=officer, details={**DETAILS, "author_name": "Kim Author"},
                  people=CHANGED_PEOPLE)

    review = Review.objects.get(pk=second.review_id)
    assert (review.author_name, review.victim_pseudonym) == ("", "Louise")
    second.refresh_from_db()
    assert (second.details["fields"]["author_name"], second.details["people"][0]["pseudonym"]) == (
        "Kim Author", "Louisa")
    shown = as_sent(second)
    assert (shown.author_name, [person.pseudonym for person in shown.people.all()]) == ("Kim Author",
                                                                                       ["Louisa", "Neil"])


def test_submit_submission_applies_the_drafts_particulars_and_keeps_each_versions(second, officer):
    update_review(review=second.review, changed_by=officer,
                  details={**DETAILS, "date_of_death": datetime.date(2024, 3, 26)}, people=CHANGED_PEOPLE)
    complete(second, officer)

    submit_submission(submission=second, submitted_by=officer)

    review = Review.objects.get(pk=second.review_id)
    assert (review.date_of_death, review.victim_pseudonym) == (datetime.date(2024, 3, 26), "Louisa")
    first = review.submissions.get(number=1)
    assert (first.details["fields"]["date_of_death"], first.details["people"][0]["pseudonym"]) == (
        "2024-03-27", "Louise")
    second.refresh_from_db()
    assert (second.details["fields"]["date_of_death"], second.details["people"][0]["pseudonym"]) == (
        "2024-03-26", "Louisa")


def test_version_page_shows_the_particulars_each_version_was_sent_with(second, officer, client_for, secretariat):
    update_review(review=second.review, changed_by=officer, details=DETAILS, people=CHANGED_PEOPLE)
    complete(second, officer)
    submit_submission(submission=second, submitted_by=officer)
    client = client_for(secretariat)

    victims = {}
    for number in (1, 2):
        response = client.get(reverse("submissions:version_detail",
                                      kwargs={"reference": second.review.reference, "number": number}))
        rows = parse(response).find(cls="govuk-summary-list").find_all(cls="govuk-summary-list__row")
        victims[number] = next(row.find(tag="dd").text() for row in rows if row.find(tag="dt").text() == "Victim")

    assert victims == {1: "Louise Aged 35 to 44, female, White", 2: "Louisa Aged 35 to 44, female, White"}


def test_home_office_review_page_shows_what_was_sent_not_the_draft(second, officer, client_for, secretariat):
    update_review(review=second.review, changed_by=officer, details=DETAILS, people=CHANGED_PEOPLE)

    response = client_for(secretariat).get(reverse("submissions:review_detail",
                                                   kwargs={"reference": second.review.reference}))

    rows = parse(response).find(cls="govuk-summary-list").find_all(cls="govuk-summary-list__row")
    assert [row.find(tag="dd").text() for row in rows if row.find(tag="dt").text() == "Victim"] == [
        "Louise Aged 35 to 44, female, White"]


@pytest.mark.parametrize("change", ["document added", "document removed", "recommendation added",
                                    "recommendation changed", "issue answered", "details changed"])
def test_a_change_to_the_draft_undoes_its_declaration(second, officer, change):
    make_declaration(submission=second, declared_by=officer)
    recommendation = second.recommendations.first()
    issue = issues_to_answer(second).first()

    if change == "document added":
        add_file(second, officer, DocumentKind.CHRONOLOGY)
    elif change == "document removed":
        remove_document(document=second.documents.first(), removed_by=officer)
    elif change == "recommendation added":
        add_recommendation(submission=second, row={**RECOMMENDATION, "number": "9"}, changed_by=officer)
    elif change == "recommendation changed":
        change_recommendation(recommendation=recommendation, row={**RECOMMENDATION, "text": "Changed."},
                              changed_by=officer)
    elif change == "issue answered":
        answer_issues(submission=second, answered_by=officer, answers={issue.pk: "Added as appendix A."})
    else:
        update_review(review=second.review, changed_by=officer, details=DETAILS, people=CHANGED_PEOPLE)

    second.refresh_from_db()
    assert (second.declaration_at, second.declaration_by) == (None, None)


def test_saving_unchanged_particulars_keeps_the_declaration(second, officer):
    make_declaration(submission=second, declared_by=officer)

    update_review(review=second.review, changed_by=officer, details=DETAILS, people=PEOPLE)

    second.refresh_from_db()
    assert second.declaration_by == officer


def test_issues_raised_before_a_withdrawn_version_are_still_to_answer(second, officer):
    reasons = [issue.text for issue in issues_to_answer(second)]
    complete(second, officer)
    sent_second = submit_submission(submission=second, submitted_by=officer)
    withdraw_submission(submission=sent_second, withdrawn_by=officer, reason="We sent the wrong summary.")

    third = start_next_version(review=second.review, started_by=officer)

    assert [issue.text for issue in issues_to_answer(third)] == reasons
    assert third.review.submissions.get(number=2).status == SubmissionStatus.WITHDRAWN
    assert [person.role for person in draft_of(third.review).review.people.all()] == [
        PersonRole.VICTIM, PersonRole.PERPETRATOR]
