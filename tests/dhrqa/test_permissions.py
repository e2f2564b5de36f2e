"""Who may open which page: every URL of the app, for every kind of person.

One CSP must not learn what another has sent: an object a user may not see
is a 404. A page a role may never use is a 403.
"""

from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.urls import URLResolver, get_resolver, reverse

from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent, User
from panel.enums import LetterStatus
from panel.models import Letter, Meeting, Verdict
from submissions.enums import SubmissionStatus
from tests.dhrqa.govuk_page import heading
from tests.dhrqa.letters import LETTER_PDF, make_letter
from tests.factories import AgendaItemFactory, CSPFactory, UserFactory, VerdictFactory, pdf_bytes

pytestmark = pytest.mark.django_db

FORBIDDEN = "You do not have permission to see this page"
NOT_FOUND = "Page not found"


@dataclass
class Case:
    """Kent's review, decided by the Panel, with a letter in one state."""

    letter: Letter

    @property
    def verdict(self):
        return self.letter.verdict

    @property
    def review(self):
        return self.letter.verdict.agenda_item.submission.review

    @property
    def document(self):
        return self.letter.verdict.agenda_item.submission.documents.first()

def kent_case(letter_status):
    kent = CSPFactory(code="kent", name="Kent Community Safety Partnership")
    verdict = VerdictFactory(
        agenda_item__submission__review__csp=kent, agenda_item__submission__review__reference="KENT-2026-01",
    )
    return Case(letter=make_letter(verdict, letter_status))


# Each page that shows one CSP's review, its documents or its letters.
CSP_OBJECT_URLS = {
    "submissions:review_detail": lambda case: {"reference": case.review.reference},
    "submissions:document_download": lambda case: {"pk": case.document.pk},
    "panel:letter_detail": lambda case: {"pk": case.letter.pk},
    "panel:letter_status": lambda case: {"pk": case.letter.pk},
    "panel:letter_download": lambda case: {"pk": case.letter.pk},
    "panel:letter_sign": lambda case: {"pk": case.letter.pk},
    "panel:letter_issue": lambda case: {"pk": case.letter.pk},
}
LETTER_URLS = [name for name in CSP_OBJECT_URLS if name.startswith("panel:letter_")]


def url(name, case):
    return reverse(name, kwargs=CSP_OBJECT_URLS[name](case))


def officer_of(case):
    return UserFactory(csp_officer=True, csp=case.review.csp)


@pytest.mark.parametrize("name", list(CSP_OBJECT_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_csp_object_pages_other_csp_officer_not_found(client_for, name, method):
    case = kent_case(LetterStatus.ISSUED)
    surrey_officer = UserFactory(csp_officer=True, csp=CSPFactory(code="surrey"))
    client = client_for(surrey_officer)

    response = getattr(client, method)(url(name, case))

    # Downloads take only GET and HEAD: any other method is refused before the lookup.
    expected = 405 if (name, method) == ("submissions:document_download", "post") else 404
    assert response.status_code == expected
    assert AuditEvent.objects.filter(
        action__in=[AuditAction.DOCUMENT_DOWNLOADED, AuditAction.LETTER_DOWNLOADED,
                    AuditAction.LETTER_SIGNED, AuditAction.LETTER_ISSUED]
    ).count() == 0


@pytest.mark.parametrize("name", LETTER_URLS)
@pytest.mark.parametrize("status", [LetterStatus.DRAFT, LetterStatus.SIGNED])
def test_letter_pages_same_csp_officer_not_found_before_issue(client_for, name, status):
    case = kent_case(status)
    client = client_for(officer_of(case))

    response = client.get(url(name, case))

    assert (response.status_code, heading(response)) == (404, NOT_FOUND)
    assert AuditEvent.objects.filter(action=AuditAction.LETTER_DOWNLOADED).count() == 0


def test_letter_detail_same_csp_officer_sees_issued_letter(client_for):
    case = kent_case(LetterStatus.ISSUED)
    client = client_for(officer_of(case))

    response = client.get(url("panel:letter_detail", case))

    assert (response.status_code, heading(response)) == (200, "Letter for KENT-2026-01")


def test_letter_status_same_csp_officer_sees_issued_letter(client_for):
    case = kent_case(LetterStatus.ISSUED)
    client = client_for(officer_of(case))

    response = client.get(url("panel:letter_status", case))

    assert (response.status_code, response.json()) == (200, {"status": "issued:ready"})


def test_letter_download_same_csp_officer_gets_signed_pdf(client_for):
    case = kent_case(LetterStatus.ISSUED)
    officer = officer_of(case)
    client = client_for(officer)

    response = client.get(url("panel:letter_download", case))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == LETTER_PDF
    assert response["Content-Disposition"] == 'attachment; filename="KENT-2026-01-qa-panel-letter-signed.pdf"'
    assert list(AuditEvent.objects.filter(action=AuditAction.LETTER_DOWNLOADED).values_list(
        "actor", "object_type", "object_id", "detail",
    )) == [(officer.pk, "panel.Letter", str(case.letter.pk), {"signed": True})]


@pytest.mark.parametrize("name", ["panel:letter_sign", "panel:letter_issue"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_letter_actions_same_csp_officer_forbidden_on_issued_letter(client_for, name, method):
    case = kent_case(LetterStatus.ISSUED)
    client = client_for(officer_of(case))

    response = getattr(client, method)(url(name, case))

    assert (response.status_code, heading(response)) == (403, FORBIDDEN)


def test_review_detail_same_csp_officer_sees_only_issued_letters(client_for):
    case = kent_case(LetterStatus.ISSUED)
    make_letter(case.verdict, LetterStatus.DRAFT)
    client = client_for(officer_of(case))

    response = client.get(url("submissions:review_detail", case))

    assert response.status_code == 200
    assert list(response.context["letters"]) == [case.letter]


def test_document_download_same_csp_officer_allowed(client_for):
    case = kent_case(LetterStatus.ISSUED)
    client = client_for(officer_of(case))

    response = client.get(url("submissions:document_download", case))

    assert (response.status_code, b"".join(response.streaming_content)) == (200, pdf_bytes())


def home_office_only_pages():
    """Pages for the Home Office, with the objects they need."""
    verdict = VerdictFactory()
    item = AgendaItemFactory(meeting=verdict.agenda_item.meeting)
    return {
        "submissions:submission_list": reverse("submissions:submission_list"),
        "panel:meeting_list": reverse("panel:meeting_list"),
        "panel:meeting_create": reverse("panel:meeting_create"),
        "panel:meeting_detail": reverse("panel:meeting_detail", kwargs={"pk": item.meeting.pk}),
        "panel:agenda_add": reverse("panel:agenda_add", kwargs={"pk": item.meeting.pk}),
        "panel:agenda_item_detail": reverse("panel:agenda_item_detail", kwargs={"pk": item.pk}),
        "panel:verdict_record": reverse("panel:verdict_record", kwargs={"pk": item.pk}),
        "user_list": reverse("user_list"),
        "user_create": reverse("user_create"),
    }


@pytest.mark.parametrize("name", [
    "submissions:submission_list", "panel:meeting_list", "panel:meeting_create", "panel:meeting_detail",
    "panel:agenda_add", "panel:agenda_item_detail", "panel:verdict_record", "user_list", "user_create",
])
def test_home_office_pages_csp_officer_forbidden(client_for, csp_officer, name):
    page = home_office_only_pages()[name]
    client = client_for(csp_officer)

    response = client.get(page)

    assert (response.status_code, heading(response)) == (403, FORBIDDEN)


@pytest.mark.parametrize("name", [
    "panel:meeting_create", "panel:agenda_add", "panel:verdict_record", "user_create",
])
def test_home_office_forms_csp_officer_post_forbidden_and_changes_nothing(client_for, csp_officer, name):
    page = home_office_only_pages()[name]
    chair = Meeting.objects.get().chair
    client = client_for(csp_officer)
    before = state_counts()

    response = client.post(page, {
        "date_0": "1", "date_1": "2", "date_2": "2027", "chair": chair.pk, "outcome": "adequate",
        "full_name": "New Person", "email": "new@example.gov.uk", "role": "secretariat",
    })

    assert (response.status_code, heading(response)) == (403, FORBIDDEN)
    assert state_counts() == before


def state_counts():
    return {
        "meetings": Meeting.objects.count(),
        "verdicts": Verdict.objects.count(),
        "users": User.objects.count(),
        "audit events": AuditEvent.objects.count(),
    }


def test_letter_draft_csp_officer_forbidden(client_for):
    case = kent_case(LetterStatus.ISSUED)
    client = client_for(officer_of(case))

    response = client.post(reverse("panel:letter_draft", kwargs={"verdict_pk": case.verdict.pk}))

    assert (response.status_code, heading(response)) == (403, FORBIDDEN)
    assert Letter.objects.count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_meeting_create_panel_member_forbidden(client_for, panel_member, chair, method):
    client = client_for(panel_member)
    data = {"date_0": "15", "date_1": "1", "date_2": "2027", "chair": chair.pk}

    response = getattr(client, method)(reverse("panel:meeting_create"), data if method == "post" else None)

    assert (response.status_code, heading(response)) == (403, FORBIDDEN)
    assert Meeting.objects.count() == 0


def test_letter_draft_panel_member_forbidden(client_for, panel_member):
    verdict = VerdictFactory()
    client = client_for(panel_member)

    response = client.post(reverse("panel:letter_draft", kwargs={"verdict_pk": verdict.pk}))

    assert (response.status_code, heading(response)) == (403, FORBIDDEN)
    assert Letter.objects.count() == 0
    assert AuditEvent.objects.filter(action=AuditAction.LETTER_DRAFTED).count() == 0


@pytest.mark.parametrize("method", ["get", "post"])
def test_letter_issue_panel_member_forbidden(client_for, panel_member, method):
    letter = make_letter(VerdictFactory(), LetterStatus.SIGNED)
    client = client_for(panel_member)

    response = getattr(client, method)(reverse("panel:letter_issue", kwargs={"pk": letter.pk}))

    assert (response.status_code, heading(response)) == (403, FORBIDDEN)
    letter.refresh_from_db()
    assert (letter.status, letter.issued_at, letter.issued_by) == (LetterStatus.SIGNED, None, None)
    assert AuditEvent.objects.filter(action=AuditAction.LETTER_ISSUED).count() == 0


@pytest.mark.parametrize("method", ["get", "post"])
def test_verdict_record_chair_of_another_meeting_forbidden(client_for, chair, method):
    item = AgendaItemFactory()
    assert item.meeting.chair != chair
    client = client_for(chair)

    response = getattr(client, method)(
        reverse("panel:verdict_record", kwargs={"pk": item.pk}),
        {"outcome": "adequate"} if method == "post" else None,
    )

    assert (response.status_code, heading(response)) == (403, FORBIDDEN)
    assert Verdict.objects.count() == 0
    item.submission.refresh_from_db()
    assert item.submission.status == SubmissionStatus.SCHEDULED


def test_verdict_record_meeting_chair_allowed(client_for):
    item = AgendaItemFactory()
    client = client_for(item.meeting.chair)

    response = client.get(reverse("panel:verdict_record", kwargs={"pk": item.pk}))

    assert response.status_code == 200


@pytest.mark.parametrize("method", ["get", "post"])
def test_letter_sign_chair_of_another_meeting_forbidden(client_for, chair, method):
    letter = make_letter(VerdictFactory(), LetterStatus.DRAFT)
    client = client_for(chair)

    response = getattr(client, method)(reverse("panel:letter_sign", kwargs={"pk": letter.pk}))

    assert (response.status_code, heading(response)) == (403, FORBIDDEN)
    letter.refresh_from_db()
    assert (letter.status, letter.signed_pdf.name, letter.signed_by) == (LetterStatus.DRAFT, "", None)
    assert AuditEvent.objects.filter(action=AuditAction.LETTER_SIGNED).count() == 0


def test_letter_sign_meeting_chair_allowed(client_for):
    letter = make_letter(VerdictFactory(), LetterStatus.DRAFT)
    client = client_for(letter.verdict.agenda_item.meeting.chair)

    response = client.get(reverse("panel:letter_sign", kwargs={"pk": letter.pk}))

    assert (response.status_code, heading(response)) == (200, "Sign the letter for " + letter.content["reference"])


# Every named page, with arguments that need not exist: the sign-in check comes first.
VERSION = {"reference": "KENT-2026-01", "number": 1}
ANONYMOUS_REDIRECTED = {
    "home": ("get", {}),
    "logout": ("post", {}),
    "user_list": ("get", {}),
    "user_create": ("get", {}),
    "submissions:review_list": ("get", {}),
    "submissions:review_start": ("get", {}),
    "submissions:review_register": ("get", {}),
    "submissions:decision_register": ("get", {}),
    "submissions:review_detail": ("get", {"reference": "KENT-2026-01"}),
    "submissions:review_details": ("get", {"reference": "KENT-2026-01"}),
    "submissions:version_start": ("post", {"reference": "KENT-2026-01"}),
    "submissions:version_detail": ("get", VERSION),
    "submissions:documents": ("get", VERSION),
    "submissions:document_remove": ("get", {**VERSION, "pk": 1}),
    "submissions:recommendations": ("get", VERSION),
    "submissions:recommendation_add": ("get", VERSION),
    "submissions:recommendation_change": ("get", {**VERSION, "pk": 1}),
    "submissions:recommendation_remove": ("get", {**VERSION, "pk": 1}),
    "submissions:recommendations_import": ("get", VERSION),
    "submissions:recommendations_template": ("get", {}),
    "submissions:issues": ("get", VERSION),
    "submissions:declaration": ("get", VERSION),
    "submissions:submit": ("get", VERSION),
    "submissions:withdraw": ("get", VERSION),
    "submissions:intake": ("get", VERSION),
    "submissions:document_download": ("get", {"pk": 1}),
    "submissions:submission_list": ("get", {}),
    "submissions:submission_export": ("get", {}),
    "panel:meeting_list": ("get", {}),
    "panel:meeting_create": ("get", {}),
    "panel:meeting_detail": ("get", {"pk": 1}),
    "panel:agenda_add": ("get", {"pk": 1}),
    "panel:agenda_item_detail": ("get", {"pk": 1}),
    "panel:verdict_record": ("get", {"pk": 1}),
    "panel:letter_draft": ("post", {"verdict_pk": 1}),
    "panel:letter_detail": ("get", {"pk": 1}),
    "panel:letter_status": ("get", {"pk": 1}),
    "panel:letter_download": ("get", {"pk": 1}),
    "panel:letter_sign": ("get", {"pk": 1}),
    "panel:letter_issue": ("get", {"pk": 1}),
}
# Pages for people who are not signed in yet.
PUBLIC = {"login", "password_set"}


def named_urls(patterns=None, namespace=None):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                yield from named_urls(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_anonymous_table_covers_every_named_url():
    assert set(named_urls()) == set(ANONYMOUS_REDIRECTED) | PUBLIC


@pytest.mark.parametrize("name", list(ANONYMOUS_REDIRECTED))
def test_every_page_anonymous_redirected_to_sign_in(client, name):
    method, kwargs = ANONYMOUS_REDIRECTED[name]
    path = reverse(name, kwargs=kwargs)

    response = getattr(client, method)(path)

    assert (response.status_code, response["Location"]) == (302, f"/sign-in/?next={quote(path)}")


def test_sign_in_page_open_to_anonymous(client):
    response = client.get(reverse("login"))

    assert (response.status_code, heading(response)) == (200, "Sign in")
