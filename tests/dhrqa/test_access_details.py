"""What the access table does not show: what an allowed person receives, and objects it does not walk.

The table (test_access_table.py) proves who gets which answer from each URL;
these check the content behind a few of those answers, the Home Office's view
of reviews that hold only a draft, and a CSP's own URLs pointed at another
CSP's documents and recommendations.
"""

import pytest
from django.urls import reverse

from dhrqa.enums import AuditAction
from dhrqa.models import AuditEvent
from panel.enums import LetterStatus
from submissions.enums import SubmissionStatus
from tests.dhrqa.access_walk import FORBIDDEN, NOT_FOUND, state
from tests.dhrqa.govuk_page import heading, table_column
from tests.dhrqa.letters import LETTER_PDF, make_letter
from tests.dhrqa.casework import STAGES
from tests.factories import ReviewFactory, SubmissionFactory, pdf_bytes

pytestmark = pytest.mark.django_db


def test_letter_download_own_csp_officer_gets_signed_pdf_and_it_is_recorded(world, signed_in):
    case = world.kent

    response = signed_in(case.officer).get(reverse("panel:letter_download", kwargs={"pk": case.issued_letter.pk}))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == LETTER_PDF
    assert response["Content-Disposition"] == 'attachment; filename="KENT-2026-01-qa-panel-letter-signed.pdf"'
    assert list(AuditEvent.objects.filter(action=AuditAction.LETTER_DOWNLOADED).values_list(
        "actor", "object_type", "object_id", "detail",
    )) == [(case.officer.pk, "panel.Letter", str(case.issued_letter.pk), {"signed": True})]


def test_letter_status_own_csp_officer_reads_issued_and_ready(world, signed_in):
    case = world.kent

    response = signed_in(case.officer).get(reverse("panel:letter_status", kwargs={"pk": case.issued_letter.pk}))

    assert (response.status_code, response.json()) == (200, {"status": "issued:ready"})


def test_document_download_own_csp_officer_gets_the_bytes(world, signed_in):
    case = world.kent

    response = signed_in(case.officer).get(
        reverse("submissions:document_download", kwargs={"pk": case.sent_document.pk}))

    assert (response.status_code, b"".join(response.streaming_content)) == (200, pdf_bytes())


def test_review_detail_own_csp_officer_sees_only_issued_letters(world, signed_in):
    case = world.kent
    make_letter(case.issued_letter.verdict, LetterStatus.DRAFT)

    response = signed_in(case.officer).get(
        reverse("submissions:review_detail", kwargs={"reference": case.answered.reference}))

    assert response.status_code == 200
    assert list(response.context["letters"]) == [case.issued_letter]


def test_review_list_csp_officer_sees_only_own_csp_reviews(world, signed_in):
    response = signed_in(world.surrey.officer).get(reverse("submissions:review_list"))

    assert table_column(response) == [f"SURREY-2026-{number:02d}" for number in range(len(STAGES), 0, -1)]


def draft_pages(reference, number):
    version = {"reference": reference, "number": number}
    return [
        reverse("submissions:version_detail", kwargs=version),
        reverse("submissions:recommendations", kwargs=version),
        reverse("submissions:documents", kwargs=version),
    ]


def test_home_office_review_with_only_a_draft_not_found(world, signed_in):
    kent = world.kent
    review = ReviewFactory(reference="KENT-2026-99", reference_number=99, csp=kent.csp, registered_by=kent.officer)
    draft = SubmissionFactory(review=review, status=SubmissionStatus.DRAFT)
    pages = [
        reverse("submissions:review_detail", kwargs={"reference": review.reference}),
        reverse("submissions:review_details", kwargs={"reference": review.reference}),
        *draft_pages(review.reference, 1),
        reverse("submissions:document_download", kwargs={"pk": draft.documents.first().pk}),
    ]
    people = [world.secretariat, world.panel_member, kent.chair]

    answers = {(person.full_name, page): (response.status_code, heading(response))
               for person in people for page in pages for response in [signed_in(person).get(page)]}

    assert answers == {(person.full_name, page): (404, NOT_FOUND) for person in people for page in pages}


def test_home_office_draft_after_a_letter_not_found(world, signed_in):
    """The review itself was sent before, so the Home Office sees it; never its new draft."""
    kent = world.kent
    pages = [
        *draft_pages(kent.answered.reference, kent.draft.number),
        reverse("submissions:document_download", kwargs={"pk": kent.draft_document.pk}),
    ]
    people = [world.secretariat, world.panel_member, kent.chair]

    answers = {(person.full_name, page): (response.status_code, heading(response))
               for person in people for page in pages for response in [signed_in(person).get(page)]}

    assert answers == {(person.full_name, page): (404, NOT_FOUND) for person in people for page in pages}


@pytest.mark.parametrize("name", [
    "submissions:document_remove", "submissions:recommendation_change", "submissions:recommendation_remove",
])
@pytest.mark.parametrize("method", ["get", "post"])
def test_own_draft_url_naming_other_csp_object_not_found_and_changes_nothing(world, signed_in, name, method):
    kent, surrey = world.kent, world.surrey
    other = surrey.draft_document if name == "submissions:document_remove" else surrey.recommendation
    page = reverse(name, kwargs={"reference": kent.answered.reference, "number": kent.draft.number, "pk": other.pk})
    client = signed_in(kent.officer)
    before = state()

    response = getattr(client, method)(page, {"submit": "", "number": "1", "text": "Changed", "scope": "local"})

    assert (response.status_code, heading(response)) == (404, NOT_FOUND)
    assert state() == before


LETTER_PAGES = ["panel:letter_detail", "panel:letter_status", "panel:letter_download"]


def test_letter_pages_own_csp_officer_not_found_before_issue(world, signed_in):
    kent = world.kent
    letters = {"draft": kent.draft_letter, "signed": kent.signed_letter}
    client = signed_in(kent.officer)

    answers = {(state_name, name): (response.status_code, heading(response))
               for state_name, letter in letters.items() for name in LETTER_PAGES
               for response in [client.get(reverse(name, kwargs={"pk": letter.pk}))]}

    assert answers == {(state_name, name): (404, NOT_FOUND) for state_name in letters for name in LETTER_PAGES}
    assert AuditEvent.objects.filter(action=AuditAction.LETTER_DOWNLOADED).count() == 0


@pytest.mark.parametrize("name", ["panel:letter_sign", "panel:letter_issue"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_letter_actions_own_csp_officer_forbidden_on_issued_letter(world, signed_in, name, method):
    """The CSP can see its issued letter, so these pages are refused rather than hidden."""
    kent = world.kent
    client = signed_in(kent.officer)
    before = state()

    response = getattr(client, method)(reverse(name, kwargs={"pk": kent.issued_letter.pk}))

    assert (response.status_code, heading(response)) == (403, FORBIDDEN)
    assert state() == before
