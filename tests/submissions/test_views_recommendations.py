"""The recommendations task: typing them one by one, changing, removing, and importing the filled-in template."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from submissions.models import Recommendation
from submissions.services.recommendations import add_recommendation
from tests.dhrqa.govuk_page import (
    error_messages,
    error_summary,
    heading,
    notification_banners,
    parse,
    summary_links_without_target,
    table_column,
)
from tests.factories import UserFactory, pdf_bytes
from tests.mfa import sign_in
from tests.submissions import posted
from tests.submissions.action_plan_files import filled, row
from tests.submissions.journey import RECOMMENDATION, draft_of, register
from tests.submissions.posted import version_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return UserFactory(csp_officer=True)


@pytest.fixture
def draft(officer):
    return draft_of(register(officer))


@pytest.fixture
def browser(client, officer):
    sign_in(client, officer)
    return client


def stored(submission):
    return list(submission.recommendations.order_by("position").values_list(
        "number", "text", "scope", "national_body", "national_body_other"))


def spreadsheet(file, name="action plan.xlsx"):
    return SimpleUploadedFile(name, file.getvalue())


# Adding one


def test_recommendation_add_saves_and_lists_it(browser, draft):
    response = browser.post(version_url("recommendation_add", draft), posted.recommendation(
        number="3", scope="national", national_body="other", national_body_other="Department for Work and Pensions",
        target_date=("31", "3", "2027")), follow=True)

    assert response.redirect_chain == [(version_url("recommendations", draft), 302)]
    assert notification_banners(response) == ["Recommendation 3 has been added"]
    assert stored(draft) == [("3", RECOMMENDATION["text"], "national", "other", "Department for Work and Pensions")]
    assert table_column(response, 2) == ["National To Department for Work and Pensions"]


@pytest.mark.parametrize(("fields", "errors"), [
    ({"number": "", "text": "", "scope": ""}, [
        ("#id_number", "Enter the recommendation's number"), ("#id_text", "Enter the recommendation"),
        ("#id_scope_1", "Select whether the recommendation is local, regional or national")]),
    ({"scope": "national"}, [("#id_national_body_1", "Select the national body the recommendation is addressed to")]),
    ({"scope": "national", "national_body": "other"}, [("#id_national_body_other", "Enter the name of the national body")]),
    ({"scope": "national", "national_body": "treasury"}, [("#id_national_body_1", "Select the national body from the list")]),
    ({"scope": "international"}, [("#id_scope_1", "Select whether the recommendation is local, regional or national")]),
    ({"target_date": ("31", "", "2027")}, [("#id_target_date_0", "Target date must include a day, month and year")]),
    ({"target_date": ("31", "2", "2027")}, [("#id_target_date_0", "Target date must be a real date")]),
])
def test_recommendation_add_errors_shown_and_nothing_saved(browser, draft, fields, errors):
    response = browser.post(version_url("recommendation_add", draft), posted.recommendation(**fields))

    assert response.status_code == 200
    assert error_summary(response) == errors
    assert sorted(error_messages(response).values()) == sorted(message for _, message in errors)
    assert summary_links_without_target(response) == []
    assert Recommendation.objects.count() == 0


def test_recommendation_add_number_taken_shown_on_the_number(browser, draft, officer):
    add_recommendation(submission=draft, row=RECOMMENDATION, changed_by=officer)

    response = browser.post(version_url("recommendation_add", draft), posted.recommendation(text="Another"))

    assert error_summary(response) == [("#id_number", "There is already a recommendation numbered 1")]
    assert list(error_messages(response).values()) == ["There is already a recommendation numbered 1"]
    assert Recommendation.objects.count() == 1


# Changing and removing one


def test_recommendation_change_shows_it_and_saves_changes(browser, draft, officer):
    recommendation = add_recommendation(submission=draft, row=RECOMMENDATION, changed_by=officer)
    url = version_url("recommendation_change", draft, pk=recommendation.pk)
    page = browser.get(url)

    response = browser.post(url, posted.recommendation(text="Share risk information sooner."), follow=True)

    assert heading(page) == "Change recommendation 1"
    assert parse(page).find(id="id_text").text() == RECOMMENDATION["text"]
    assert notification_banners(response) == ["Recommendation 1 has been changed"]
    assert stored(draft) == [("1", "Share risk information sooner.", "local", "", "")]


def test_recommendation_remove_asks_then_removes(browser, draft, officer):
    recommendation = add_recommendation(submission=draft, row=RECOMMENDATION, changed_by=officer)
    url = version_url("recommendation_remove", draft, pk=recommendation.pk)

    question = heading(browser.get(url))
    response = browser.post(url, follow=True)

    assert question == "Are you sure you want to remove recommendation 1?"
    assert notification_banners(response) == ["Recommendation 1 has been removed"]
    assert stored(draft) == []


def test_recommendation_of_another_version_not_found(browser, draft, officer):
    other = draft_of(register(officer))
    recommendation = add_recommendation(submission=other, row=RECOMMENDATION, changed_by=officer)

    response = browser.get(version_url("recommendation_change", draft, pk=recommendation.pk))

    assert response.status_code == 404


# Importing the template


def test_recommendations_import_filled_template_replaces_them(browser, draft, officer):
    add_recommendation(submission=draft, row={**RECOMMENDATION, "number": "9"}, changed_by=officer)
    file = filled(row("1", "Train staff in coercive control"),
                  row("2", "Review the guidance", scope="National", body="Home Office"))

    response = browser.post(version_url("recommendations_import", draft), {"spreadsheet": spreadsheet(file)},
                            follow=True)

    assert notification_banners(response) == ["2 recommendations have been imported"]
    assert stored(draft) == [("1", "Train staff in coercive control", "local", "", ""),
                             ("2", "Review the guidance", "national", "home_office", "")]


def test_recommendations_import_rows_with_problems_imports_nothing(browser, draft):
    file = filled(row("1", "Train staff"), row("2", None), row("3", "Review", scope="Galactic"))

    response = browser.post(version_url("recommendations_import", draft), {"spreadsheet": spreadsheet(file)})

    summary = parse(response).find(cls="govuk-error-summary")
    assert summary.find(cls="govuk-error-summary__title").text() == "Nothing was imported: 2 rows could not be read"
    assert error_summary(response) == [("#id_spreadsheet", "Row 3: enter the recommendation text"),
                                       ("#id_spreadsheet", "Row 4: scope must be local, regional or national")]
    assert Recommendation.objects.count() == 0


def test_recommendations_import_empty_template_refused(browser, draft):
    response = browser.post(version_url("recommendations_import", draft), {"spreadsheet": spreadsheet(filled())})

    assert error_summary(response) == [("#id_spreadsheet", "The selected spreadsheet has no recommendations in it")]


def test_recommendations_import_without_file_refused(browser, draft):
    response = browser.post(version_url("recommendations_import", draft), {})

    assert error_summary(response) == [("#id_spreadsheet", "Select the spreadsheet to import")]
    assert list(error_messages(response).values()) == ["Select the spreadsheet to import"]


def test_recommendations_import_pdf_refused(browser, draft):
    response = browser.post(version_url("recommendations_import", draft),
                            {"spreadsheet": SimpleUploadedFile("plan.pdf", pdf_bytes())})

    assert error_summary(response) == [
        ("#id_spreadsheet", "The selected file must be an Excel spreadsheet (XLSX) made from the template")]
    assert Recommendation.objects.count() == 0
