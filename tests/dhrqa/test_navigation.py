import re

import pytest
from django.urls import reverse

from tests.factories import ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def current_items(response):
    """(label, aria-current) for each service navigation link marked current."""
    return re.findall(
        r'aria-current="(page|true)">\s*<strong class="govuk-service-navigation__active-fallback">([^<]+)</strong>',
        response.text,
    )


def nav_labels(response):
    return re.findall(r'class="govuk-service-navigation__link" href="[^"]+"[^>]*>\s*(?:<strong[^>]*>)?([^<]+?)\s*<', response.text)


def test_navigation_csp_officer_items_and_current_page(client_for, csp_officer):
    client = client_for(csp_officer)

    on_create = client.get(reverse("submissions:review_start"))
    review = ReviewFactory(csp=csp_officer.csp)
    on_review = client.get(reverse("submissions:review_detail", kwargs={"reference": review.reference}))

    assert nav_labels(on_create) == ["Your reviews", "Register a review", "Your account"]
    assert current_items(on_create) == [("page", "Register a review")]
    assert current_items(on_review) == [("true", "Your reviews")]


def test_navigation_secretariat_section_marks_users_pages(client_for, secretariat):
    client = client_for(secretariat)

    response = client.get(reverse("user_create"))

    assert nav_labels(response) == ["Submissions", "Meetings", "Delays", "Criteria", "Language check",
                                    "Letter templates", "National recommendations", "Users", "Audit trail",
                                    "Your account"]
    assert current_items(response) == [("true", "Users")]


def test_navigation_secretariat_audit_trail_is_its_own_page(client_for, secretariat):
    response = client_for(secretariat).get(reverse("audit_trail"))

    assert current_items(response) == [("page", "Audit trail")]


def test_navigation_secretariat_criteria_pages_mark_criteria_not_meetings(client_for, secretariat):
    response = client_for(secretariat).get(reverse("panel:criterion_add"))

    assert current_items(response) == [("true", "Criteria")]


def test_navigation_panel_member_starts_with_their_reviews(client_for, panel_member):
    response = client_for(panel_member).get(reverse("panel:meeting_list"))

    assert nav_labels(response) == ["My reviews", "Meetings", "Letters to sign", "Your account"]
    assert current_items(response) == [("page", "Meetings")]


def test_navigation_chair_starts_with_meetings(client_for, chair):
    response = client_for(chair).get(reverse("panel:meeting_list"))

    assert nav_labels(response) == ["Meetings", "Letters to sign", "My reviews", "Your account"]
    assert current_items(response) == [("page", "Meetings")]


def test_navigation_your_account_marked_on_its_page(client_for, panel_member):
    response = client_for(panel_member).get(reverse("account"))

    assert nav_labels(response) == ["My reviews", "Meetings", "Letters to sign", "Your account"]
    assert current_items(response) == [("page", "Your account")]


def test_navigation_secretariat_national_pages_mark_national_recommendations_not_meetings(client_for, secretariat):
    response = client_for(secretariat).get(reverse("panel:national_chasers"))

    assert current_items(response) == [("true", "National recommendations")]


def test_navigation_responder_has_only_national_recommendations(client_for):
    response = client_for(UserFactory(responder=True)).get(reverse("home"), follow=True)

    assert response.redirect_chain == [(reverse("panel:national_list"), 302)]
    assert nav_labels(response) == ["National recommendations", "Your account"]
    assert current_items(response) == [("page", "National recommendations")]
