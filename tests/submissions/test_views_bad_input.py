"""Bad input, exactly as a tester typed it: each gives a GOV.UK message next to its field and stores nothing."""

import pytest
from django.urls import reverse

from submissions.models import IssueResponse, Recommendation, Review, Submission
from submissions.services.versions import issues_to_answer, start_next_version
from tests.dhrqa.govuk_page import error_messages, error_summary, summary_links_without_target
from tests.factories import UserFactory
from tests.mfa import sign_in
from tests.submissions import posted
from tests.submissions.journey import draft_of, register, returned, sent
from tests.submissions.posted import OMIT, version_url

pytestmark = pytest.mark.django_db

REGISTER = reverse("submissions:review_register")
NUL = "\x00"
ZERO_WIDTH = "\u200b\u200c\u200d\ufeff"
RIGHT_TO_LEFT = "\u202eesiuoL"
TEN_DIGITS = "1234567890"

DATE_NAMES = {
    "date_of_death": "Date of death",
    "date_csp_notified": "Date the CSP was notified",
    "date_decided": "Date of the decision",
    "date_home_office_notified": "Date the Home Office was notified",
}
DATE_PARTS = {"date_of_death": ("27", "3", "2024"), "date_csp_notified": ("3", "4", "2024"),
              "date_decided": ("24", "4", "2024"), "date_home_office_notified": ("26", "4", "2024")}


def with_part(name, index, value):
    parts = list(DATE_PARTS[name])
    parts[index] = value
    return tuple(parts)


def date_cases():
    for name, subject in DATE_NAMES.items():
        anchor = f"#id_{name}_0"
        for index, value in ((0, TEN_DIGITS), (1, TEN_DIGITS), (0, "0000000001"), (1, "3" * 12), (2, "20245"),
                             (0, f"2{NUL}"), (1, "iii"), (2, "２０２４")):
            yield pytest.param({name: with_part(name, index, value)}, (anchor, f"{subject} must be a real date"),
                               id=f"{name}-{index}-{value.encode('unicode_escape').decode()[:12]}")
    yield pytest.param({"date_of_death": ("1", "1", "0001")},
                       ("#id_date_of_death_0",
                        "Date of death must be on or after 13 April 2011, when Domestic Homicide Reviews began"),
                       id="death-year-0001")
    yield pytest.param({"date_of_death": ("12", "4", "2011")},
                       ("#id_date_of_death_0",
                        "Date of death must be on or after 13 April 2011, when Domestic Homicide Reviews began"),
                       id="death-before-dhrs")
    for name in ("date_csp_notified", "date_decided", "date_home_office_notified"):
        yield pytest.param({name: ("1", "1", "0001")},
                           (f"#id_{name}_0", f"{DATE_NAMES[name]} must be on or after 1 January 1900"),
                           id=f"{name}-year-0001")
    yield pytest.param({"date_home_office_notified": ("1", "1", "2999")},
                       ("#id_date_home_office_notified_0", "Date the Home Office was notified must be today or in "
                                                           "the past"), id="future")


def text_cases(field, anchor, subject, max_length, *, multiline=False):
    """The tester's strings for one typed field, with the message each must give."""
    cases = [
        (ZERO_WIDTH, "must not contain invisible characters"),
        (f"Lou{ZERO_WIDTH[0]}ise", "must not contain invisible characters"),
        (RIGHT_TO_LEFT, "must not contain characters that change the direction of text"),
        (f"Lou{NUL}ise", "must not contain control characters"),
        ("x" * (max_length + 1), f"must be {max_length:,} characters or fewer"),
    ]
    if not multiline:
        cases.append(("Lou\r\nise", "must be on one line"))
    for value, problem in cases:
        yield pytest.param(field(value), (anchor, f"{subject} {problem}"),
                           id=f"{anchor[4:]}-{value.encode('unicode_escape').decode()[:14]}")


def choice_cases():
    for name, value, anchor, message in (
        ("review_type", "sar", "#id_review_type_1", "Select the type of review"),
        ("review_type", f"dhr{NUL}", "#id_review_type_1", "Select the type of review"),
        ("death_type", "murder", "#id_death_type_1", "Select how the person died"),
        ("relationship", "x" * 10_000, "#id_relationship_1", "Select the relationship"),
        ("police_force_area", "atlantis", "#id_police_force_area", "Select the police force area"),
    ):
        yield pytest.param({name: value}, (anchor, message), id=f"{name}-{value[:10].encode('unicode_escape')}")
    for name, value, message in (
        ("age_band", "200", "Select the age at the time of the death from the list"),
        ("sex", "x" * 10_000, "Select the sex from the list"),
        ("ethnicity", f"white{NUL}", "Select the ethnic group from the list"),
    ):
        yield pytest.param({"victims": [{"pseudonym": "Louise", name: value}]}, (f"#id_victim-0-{name}", message),
                           id=f"victim-{name}")


REGISTRATION_CASES = [
    *date_cases(),
    *text_cases(lambda value: {"victims": [value]}, "#id_victim-0-pseudonym", "Pseudonym", 100),
    *text_cases(lambda value: {"perpetrators": [value]}, "#id_perpetrator-0-pseudonym", "Pseudonym", 100),
    *text_cases(lambda value: {"independent_chair_name": value}, "#id_independent_chair_name",
                "Independent chair's name", 200),
    *text_cases(lambda value: {"author_name": value}, "#id_author_name", "Author's name", 200),
    *choice_cases(),
]


@pytest.fixture
def officer():
    return UserFactory(csp_officer=True)


@pytest.fixture
def browser(client, officer):
    sign_in(client, officer)
    return client


def assert_refused(response, error):
    assert response.status_code == 200
    assert error_summary(response) == [error]
    assert list(error_messages(response).values()) == [error[1]]
    assert summary_links_without_target(response) == []


# Registering a review


@pytest.mark.parametrize(("fields", "error"), REGISTRATION_CASES)
def test_review_register_bad_input_refused(browser, fields, error):
    response = browser.post(REGISTER, posted.registration(**fields))

    assert_refused(response, error)
    assert Review.objects.count() == 0


@pytest.mark.parametrize(("fields", "error"), [
    *text_cases(lambda value: {"decision_reasons": value}, "#id_decision_reasons", "Reasons for the decision",
                10_000, multiline=True),
    pytest.param({"date_home_office_notified": (TEN_DIGITS, "4", "2024")},
                 ("#id_date_home_office_notified_0", "Date the Home Office was notified must be a real date"),
                 id="optional-date"),
])
def test_decision_register_bad_input_refused(browser, fields, error):
    response = browser.post(reverse("submissions:decision_register"), posted.decision_registration(**fields))

    assert_refused(response, error)
    assert Review.objects.count() == 0


@pytest.mark.parametrize(("management", "error", "rows"), [
    pytest.param({"victim-TOTAL_FORMS": "100000"}, "Enter 10 victims or fewer", 10, id="total-100000"),
    pytest.param({"victim-TOTAL_FORMS": "9" * 40}, "Enter 10 victims or fewer", 10, id="total-40-digits"),
    pytest.param({"victim-TOTAL_FORMS": OMIT}, "Check the victims and save the page again", 1, id="total-missing"),
    pytest.param({"victim-TOTAL_FORMS": OMIT, "victim-INITIAL_FORMS": OMIT, "victim-MIN_NUM_FORMS": OMIT,
                  "victim-MAX_NUM_FORMS": OMIT}, "Check the victims and save the page again", 1, id="all-missing"),
    pytest.param({"victim-TOTAL_FORMS": "-1"}, "Check the victims and save the page again", 1, id="total-negative"),
    pytest.param({"victim-INITIAL_FORMS": "-5"}, "Check the victims and save the page again", 1,
                 id="initial-negative"),
    pytest.param({"victim-TOTAL_FORMS": f"1{NUL}"}, "Check the victims and save the page again", 1, id="total-nul"),
])
def test_review_register_tampered_management_form_refused(browser, management, error, rows):
    response = browser.post(REGISTER, posted.registration(victims=["Louise"], **management))

    assert_refused(response, ("#id_victim-0-pseudonym", error))
    page = response.content.decode()
    assert 'name="victim-0-pseudonym" value="Louise"' in page
    assert f'name="victim-TOTAL_FORMS" value="{rows}"' in page
    assert Review.objects.count() == 0


def test_review_register_tampered_count_fixed_on_the_page_then_saved(browser):
    refused = browser.post(REGISTER, posted.registration(victims=["Louise"], **{"victim-TOTAL_FORMS": OMIT}))
    assert 'name="victim-TOTAL_FORMS" value="1"' in refused.content.decode()

    browser.post(REGISTER, posted.registration(victims=["Louise"]))

    assert Review.objects.get().victim_pseudonym == "Louise"


# A recommendation


RECOMMENDATION_CASES = [
    *text_cases(lambda value: {"number": value}, "#id_number", "Recommendation's number", 20),
    *text_cases(lambda value: {"text": value}, "#id_text", "Recommendation", 5000, multiline=True),
    *text_cases(lambda value: {"scope": "national", "national_body": "other", "national_body_other": value},
                "#id_national_body_other", "Name of the national body", 200),
    *text_cases(lambda value: {"lead_agency": value}, "#id_lead_agency", "Lead agency", 200),
    *text_cases(lambda value: {"action": value}, "#id_action", "Action", 5000, multiline=True),
    pytest.param({"target_date": (TEN_DIGITS, "3", "2027")}, ("#id_target_date_0", "Target date must be a real date"),
                 id="target-day"),
    pytest.param({"target_date": ("31", TEN_DIGITS, "2027")}, ("#id_target_date_0", "Target date must be a real date"),
                 id="target-month"),
    pytest.param({"target_date": ("1", "1", "0001")},
                 ("#id_target_date_0", "Target date must be on or after 1 January 2000"), id="target-year-0001"),
    pytest.param({"scope": f"local{NUL}"},
                 ("#id_scope_1", "Select whether the recommendation is local, regional or national"), id="scope-nul"),
    pytest.param({"scope": "national", "national_body": "x" * 10_000},
                 ("#id_national_body_1", "Select the national body from the list"), id="body-long"),
]


@pytest.mark.parametrize(("fields", "error"), RECOMMENDATION_CASES)
def test_recommendation_add_bad_input_refused(browser, officer, fields, error):
    draft = draft_of(register(officer))

    response = browser.post(version_url("recommendation_add", draft), posted.recommendation(**fields))

    assert_refused(response, error)
    assert Recommendation.objects.count() == 0


# Answers, withdrawal reasons and intake reasons


@pytest.mark.parametrize(("value", "problem"), [
    (f"Added{NUL}", "must not contain control characters"),
    (RIGHT_TO_LEFT, "must not contain characters that change the direction of text"),
    (ZERO_WIDTH, "must not contain invisible characters"),
])
def test_issues_answer_bad_input_refused(browser, officer, secretariat, value, problem):
    second = start_next_version(review=returned(officer, secretariat).review, started_by=officer)
    issue = issues_to_answer(second).first()

    response = browser.post(version_url("issues", second), {f"issue_{issue.pk}": value})

    assert_refused(response, (f"#id_issue_{issue.pk}", f"Answer to issue 1 {problem}"))
    assert IssueResponse.objects.count() == 0


@pytest.mark.parametrize(("fields", "error"), [
    *text_cases(lambda value: {"reason": value}, "#id_reason", "Reason for withdrawing", 5000, multiline=True),
])
def test_withdraw_bad_input_refused(browser, officer, fields, error):
    submission = sent(officer)

    response = browser.post(version_url("withdraw", submission), fields)

    assert_refused(response, error)
    assert Submission.objects.get(pk=submission.pk).withdrawal_reason == ""


@pytest.mark.parametrize(("data", "error"), [
    ({"decision": "return", "reasons": f"Missing{NUL} plan"},
     ("#id_reasons", "Reasons for returning it must not contain control characters")),
    ({"decision": "return", "reasons": RIGHT_TO_LEFT},
     ("#id_reasons", "Reasons for returning it must not contain characters that change the direction of text")),
    ({"decision": f"accept{NUL}"}, ("#id_decision_1", "Select whether to accept or return the submission")),
    ({"decision": "accept", "checks": ["x" * 10_000]}, ("#id_checks_1", "Tick only the items on the checklist")),
])
def test_intake_bad_input_refused(client, officer, secretariat, data, error):
    submission = sent(officer)
    sign_in(client, secretariat)

    response = client.post(version_url("intake", submission), data)

    assert_refused(response, error)
    assert Submission.objects.get(pk=submission.pk).status == "submitted"
