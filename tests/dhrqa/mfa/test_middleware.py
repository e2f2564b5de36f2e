"""Until a person who owes a code gives it, every page leads to the code step (dhrqa/mfa/middleware.py)."""

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from dhrqa.models import User
from tests.dhrqa.govuk_page import heading
from tests.factories import MeetingFactory, ReviewFactory
from tests.mfa import app_code, authenticator_for

pytestmark = pytest.mark.django_db

VERIFY = reverse("mfa_verify")
SET_UP = reverse("mfa_setup")


def signed_in_with_password(user, password):
    browser = Client()
    assert browser.post(reverse("login"), {"username": user.email, "password": password}).status_code == 302
    return browser


def test_every_page_leads_to_code_step_until_code_given(secretariat, password):
    authenticator_for(secretariat)
    review = ReviewFactory()
    meeting = MeetingFactory()
    paths = [
        reverse("home"), reverse("account"), reverse("user_list"), reverse("user_create"),
        reverse("submissions:submission_list"), f"{reverse('submissions:submission_list')}?q=kent",
        reverse("submissions:review_detail", kwargs={"reference": review.reference}),
        reverse("panel:meeting_list"), reverse("panel:meeting_detail", kwargs={"pk": meeting.pk}),
        reverse("panel:criterion_list"), reverse("mfa_recovery_codes"),
    ]
    browser = signed_in_with_password(secretariat, password)

    answers = {path: (browser.get(path).status_code, browser.get(path)["Location"]) for path in paths}

    assert answers == {path: (302, f"{VERIFY}?next={quote(path, safe='')}") for path in paths}


def test_posts_lead_to_code_step_and_change_nothing(secretariat, password):
    authenticator_for(secretariat)
    browser = signed_in_with_password(secretariat, password)
    before = User.objects.count()

    response = browser.post(reverse("user_create"), {
        "full_name": "Olive Officer", "email": "olive@example.gov.uk", "role": "panel_member", "csp": ""})

    assert (response.status_code, response["Location"]) == (302, f"{VERIFY}?next=%2Fusers%2Fnew%2F")
    assert User.objects.count() == before


def test_without_app_every_page_leads_to_set_up(chair, password):
    browser = signed_in_with_password(chair, password)

    assert browser.get("/meetings/")["Location"] == f"{SET_UP}?next=%2Fmeetings%2F"
    assert browser.get(VERIFY)["Location"] == f"{SET_UP}?next=%2F"


def test_code_step_shows_no_navigation_but_lets_people_sign_out(secretariat, password):
    authenticator_for(secretariat)
    browser = signed_in_with_password(secretariat, password)

    page = browser.get(VERIFY)
    signed_out = browser.post(reverse("logout"))

    assert heading(page) == "Enter the code from your authenticator app"
    assert 'href="/submissions/"' not in page.text
    assert (signed_out.status_code, signed_out["Location"]) == (302, "/sign-in/")
    assert browser.get("/submissions/")["Location"] == "/sign-in/?next=/submissions/"


def test_public_page_stays_public_before_code(secretariat, password):
    authenticator_for(secretariat)
    browser = signed_in_with_password(secretariat, password)

    response = browser.get(reverse("panel:check_letter"))

    assert (response.status_code, heading(response)) == (200, "Check a letter")


def test_csp_officer_need_not_give_code(csp_officer, password):
    browser = signed_in_with_password(csp_officer, password)

    assert browser.get("/")["Location"] == "/reviews/"
    assert browser.get("/reviews/").status_code == 200


def test_csp_officers_must_when_configured(csp_officer, password, settings):
    settings.DHRQA_MFA_REQUIRED_ROLES = settings.DHRQA_MFA_REQUIRED_ROLES | {"csp_officer"}
    browser = signed_in_with_password(csp_officer, password)

    assert browser.get("/reviews/")["Location"] == f"{SET_UP}?next=%2Freviews%2F"


def test_staff_account_must_whatever_its_role(csp_officer, password):
    csp_officer.is_staff = True
    csp_officer.save()
    browser = signed_in_with_password(csp_officer, password)

    assert browser.get("/reviews/")["Location"] == f"{SET_UP}?next=%2Freviews%2F"


def test_csp_officer_who_chose_an_app_gives_code(csp_officer, password):
    device = authenticator_for(csp_officer) or csp_officer.totpdevice_set.create(name="Phone", confirmed=True)
    browser = signed_in_with_password(csp_officer, password)

    asked = browser.get("/reviews/")
    given = browser.post(asked["Location"], {"code": app_code(device)})

    assert asked["Location"] == f"{VERIFY}?next=%2Freviews%2F"
    assert given["Location"] == "/reviews/"
    assert browser.get("/reviews/").status_code == 200


def test_admin_pages_lead_to_code_step(password):
    admin = User.objects.create_superuser("admin@homeoffice.example", password, full_name="Ada Admin")
    authenticator_for(admin)
    browser = Client()
    # The admin has no sign-in form of its own: its people sign in on the service's.
    browser.post(reverse("login"), {"username": admin.email, "password": password})

    answers = [browser.get(path)["Location"] for path in ("/admin/", "/admin/dhrqa/user/")]

    assert answers == [f"{VERIFY}?next=%2Fadmin%2F", f"{VERIFY}?next=%2Fadmin%2Fdhrqa%2Fuser%2F"]


def test_code_step_has_no_timeout_warning_whose_session_pages_would_lead_back_to_it(panel_member, password):
    authenticator_for(panel_member)
    browser = signed_in_with_password(panel_member, password)

    owed = browser.get(VERIFY).content.decode()
    given = browser.post(VERIFY, {"code": app_code(authenticator_for(panel_member))})
    after = browser.get(given["Location"], follow=True).content.decode()

    assert ("app-timeout-dialog" in owed, "app-timeout-dialog" in after) == (False, True)
