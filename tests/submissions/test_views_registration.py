"""Registering a review and changing its details, through the pages the CSP officer uses."""

import datetime

import pytest
from django.urls import reverse

from dhrqa import clock
from submissions.enums import CaseKind, SubmissionStatus
from submissions.models import Review
from submissions.services.versions import submit_submission
from tests.dhrqa.govuk_page import (
    error_messages,
    error_summary,
    heading,
    notification_banners,
    parse,
    summary_links_without_target,
)
from tests.factories import CSPFactory, UserFactory
from tests.mfa import sign_in
from tests.submissions import posted
from tests.submissions.journey import complete, draft_of, register

pytestmark = pytest.mark.django_db

REGISTER = reverse("submissions:review_register")
EMPTY_FORM_ERRORS = [
    ("#id_victim-0-pseudonym", "Enter the pseudonym of at least one victim"),
    ("#id_perpetrator-0-pseudonym", "Enter the pseudonym of at least one perpetrator"),
    ("#id_review_type_1", "Select the type of review"),
    ("#id_death_type_1", "Select how the person died"),
    ("#id_relationship_1", "Select the relationship"),
    ("#id_police_force_area", "Select the police force area"),
    ("#id_date_of_death_0", "Enter the date of death"),
    ("#id_date_csp_notified_0", "Enter the date the CSP was notified"),
    ("#id_date_decided_0", "Enter the date of the decision"),
    ("#id_date_home_office_notified_0", "Enter the date the Home Office was notified"),
    ("#id_independent_chair_name", "Enter the independent chair's name"),
]


@pytest.fixture
def officer():
    return UserFactory(csp_officer=True, csp=CSPFactory(code="kent", name="Kent Community Safety Partnership"))


@pytest.fixture
def browser(client, officer):
    sign_in(client, officer)
    return client


def input_value(response, name):
    element = next(element for element in parse(response).iter() if element.attrs.get("name") == name)
    return element.text() if element.tag == "textarea" else element.attrs.get("value", "")


def selected_option(response, select_id):
    return next(option.attrs["value"] for option in parse(response).find(id=select_id).find_all(tag="option")
                if "selected" in option.attrs)


# Choosing what to send


@pytest.mark.parametrize(("kind", "page"), [("review", "review_register"), ("not_to_review", "decision_register")])
def test_review_start_choice_leads_to_its_details_page(browser, kind, page):
    response = browser.post(reverse("submissions:review_start"), {"kind": kind})

    assert (response.status_code, response["Location"]) == (302, reverse(f"submissions:{page}"))


@pytest.mark.parametrize("data", [{}, {"kind": "sar"}, {"kind": "review" * 1000}])
def test_review_start_no_choice_refused_with_message(browser, data):
    response = browser.post(reverse("submissions:review_start"), data)

    assert heading(response) == "What are you sending to the Home Office?"
    assert error_summary(response) == [("#id_kind_1", "Select what you are sending")]
    assert list(error_messages(response).values()) == ["Select what you are sending"]
    assert summary_links_without_target(response) == []


# Registering


def test_review_register_details_saved_and_version_one_started(browser, officer):
    with clock.at(datetime.date(2026, 5, 1)):
        response = browser.post(REGISTER, posted.registration(
            victims=[{"pseudonym": "Louise", "age_band": "35_44", "sex": "female", "ethnicity": "white"}],
            perpetrators=["Neil", "Mark"], author_name="Sam Author"), follow=True)

    review = Review.objects.get()
    assert response.redirect_chain == [(reverse("submissions:version_detail",
                                                 kwargs={"reference": "KENT-2026-01", "number": 1}), 302)]
    assert notification_banners(response) == ["Review KENT-2026-01 has been registered. Add its documents next."]
    assert (review.reference, review.kind, review.csp, review.registered_by) == (
        "KENT-2026-01", CaseKind.REVIEW, officer.csp, officer)
    assert (review.date_of_death, review.date_home_office_notified, review.author_name) == (
        datetime.date(2024, 3, 27), datetime.date(2024, 4, 26), "Sam Author")
    assert list(review.people.values_list("role", "position", "pseudonym", "age_band", "sex", "ethnicity")) == [
        ("victim", 1, "Louise", "35_44", "female", "white"),
        ("perpetrator", 1, "Neil", "", "", ""), ("perpetrator", 2, "Mark", "", "", "")]
    assert list(review.submissions.values_list("number", "status")) == [(1, SubmissionStatus.DRAFT)]


def test_decision_register_saves_reasons_without_review_type(browser):
    browser.post(reverse("submissions:decision_register"),
                 posted.decision_registration(date_home_office_notified=("", "", "")))

    review = Review.objects.get()
    assert (review.kind, review.review_type, review.date_home_office_notified, review.decision_reasons) == (
        CaseKind.DECISION_NOT_TO_REVIEW, "", None,
        "The death did not follow abuse by a relative, partner or household member.")


def test_review_register_empty_form_gives_every_message_and_stores_nothing(browser):
    data = {**posted.people("victim", [""]), **posted.people("perpetrator", [""])}

    response = browser.post(REGISTER, data)

    assert response.status_code == 200
    assert parse(response).find(tag="title").text().startswith("Error: ")
    assert error_summary(response) == EMPTY_FORM_ERRORS
    assert sorted(error_messages(response).values()) == sorted(message for _, message in EMPTY_FORM_ERRORS)
    assert summary_links_without_target(response) == []
    assert Review.objects.count() == 0


def test_review_register_dates_out_of_order_refused(browser):
    response = browser.post(REGISTER, posted.registration(
        date_csp_notified=("26", "3", "2024"), date_decided=("2", "4", "2024"),
        date_home_office_notified=("1", "4", "2024")))

    assert error_summary(response) == [
        ("#id_date_csp_notified_0", "Date the CSP was notified must be on or after the date of death, 27 March 2024"),
        ("#id_date_home_office_notified_0",
         "Date the Home Office was notified must be on or after the date of the decision, 2 April 2024"),
    ]
    assert Review.objects.count() == 0


def test_review_register_person_without_pseudonym_refused(browser):
    response = browser.post(REGISTER, posted.registration(victims=["Louise", {"pseudonym": "", "sex": "female"}]))

    assert error_summary(response) == [
        ("#id_victim-1-pseudonym", "Enter the pseudonym, or clear the other answers for this person")]
    assert Review.objects.count() == 0


def test_review_register_empty_extra_person_ignored(browser):
    browser.post(REGISTER, posted.registration(victims=["Louise", ""]))

    assert list(Review.objects.get().people.values_list("pseudonym", flat=True)) == ["Louise", "Neil"]


# "Add another victim" without JavaScript


def test_review_register_add_another_victim_keeps_what_was_typed(browser):
    data = posted.registration(victims=[{"pseudonym": "Louise", "sex": "female"}], perpetrators=[""],
                               date_of_death=("27", "3", ""), independent_chair_name="Robin Chair",
                               add_victim="1")

    response = browser.post(REGISTER, data)

    assert response.status_code == 200
    assert (error_summary(response), error_messages(response)) == ([], {})
    assert [input_value(response, name) for name in (
        "victim-0-pseudonym", "victim-1-pseudonym", "victim-TOTAL_FORMS", "perpetrator-TOTAL_FORMS",
        "date_of_death_0", "date_of_death_1", "date_of_death_2", "independent_chair_name")] == [
        "Louise", "", "2", "1", "27", "3", "", "Robin Chair"]
    assert selected_option(response, "id_victim-0-sex") == "female"
    assert Review.objects.count() == 0


def test_review_register_added_victim_then_saved(browser):
    page = browser.post(REGISTER, posted.registration(victims=["Louise"], add_victim="1"))
    assert input_value(page, "victim-TOTAL_FORMS") == "2"

    browser.post(REGISTER, posted.registration(victims=["Louise", "Amy"]))

    assert Review.objects.get().victim_pseudonym == "Louise and Amy"


def test_review_register_tenth_victim_offers_no_more(browser):
    response = browser.post(REGISTER, posted.registration(victims=[f"Victim {n}" for n in range(9)],
                                                          add_victim="1"))

    assert input_value(response, "victim-TOTAL_FORMS") == "10"
    assert [element.attrs.get("name") for element in parse(response).find_all(tag="button")
            if element.attrs.get("name", "").startswith("add_")] == ["add_perpetrator"]


# Changing the details while preparing a version


def test_review_details_shows_and_saves_changes(browser, officer):
    review = register(officer)
    url = reverse("submissions:review_details", kwargs={"reference": review.reference})
    assert input_value(browser.get(url), "independent_chair_name") == "Robin Chair"

    response = browser.post(url, posted.registration(victims=["Louise"], perpetrators=["Neil"],
                                                      independent_chair_name="Alex Chair"), follow=True)

    assert response.redirect_chain == [(reverse("submissions:version_detail",
                                                 kwargs={"reference": review.reference, "number": 1}), 302)]
    assert notification_banners(response) == ["The review's details have been saved"]
    assert Review.objects.get(pk=review.pk).independent_chair_name == "Alex Chair"


def test_review_details_once_sent_sends_the_officer_back(browser, officer):
    review = register(officer)
    submit_submission(submission=complete(draft_of(review), officer), submitted_by=officer)
    url = reverse("submissions:review_details", kwargs={"reference": review.reference})

    response = browser.post(url, posted.registration(independent_chair_name="Alex Chair"), follow=True)

    assert response.redirect_chain == [(reverse("submissions:review_detail",
                                                 kwargs={"reference": review.reference}), 302)]
    assert notification_banners(response) == [
        "The review's details can be changed only while a version is being prepared"]
    assert Review.objects.get(pk=review.pk).independent_chair_name == "Robin Chair"


def test_review_details_another_csps_review_not_found(client, officer):
    review = register(officer)
    sign_in(client, UserFactory(csp_officer=True))

    response = client.get(reverse("submissions:review_details", kwargs={"reference": review.reference}))

    assert response.status_code == 404
