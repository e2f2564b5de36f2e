"""What the Panel's pages say, word for word: the agenda item's documents and responses, the letter preview."""

import pytest
from django.urls import reverse

from panel.services.letters import draft_letter
from tests.dhrqa.govuk_page import parse
from tests.factories import (
    DocumentFactory,
    NationalRecommendationResponseFactory,
    RecommendationFactory,
    UserFactory,
    VerdictFactory,
    pdf_bytes,
)
from tests.mfa import sign_in

pytestmark = pytest.mark.django_db

LONG_URL = "https://www.gov.uk/government/publications/" + "domestic-homicide-review-statutory-guidance-" * 6


@pytest.fixture
def verdict():
    verdict = VerdictFactory(agenda_item__submission__documents=False)
    submission = verdict.agenda_item.submission
    DocumentFactory(submission=submission, kind="overview_report")
    three, five, six, eight = (
        RecommendationFactory(submission=submission, number=str(number), position=number, scope="national",
                              national_body="moj" if number == 3 else "nhs_england")
        for number in (3, 5, 6, 8)
    )
    NationalRecommendationResponseFactory(verdict=verdict, position=1, recommendations=[three], routed_to="moj",
                                          text="Action three will go to the Ministry of Justice.")
    NationalRecommendationResponseFactory(verdict=verdict, position=2, recommendations=[eight, five, six],
                                          routed_to="nhs_england", text=f"See {LONG_URL} for the guidance.")
    return verdict


def test_agenda_item_names_each_response_by_its_recommendations(client, verdict):
    sign_in(client, UserFactory(secretariat=True))

    page = parse(client.get(reverse("panel:agenda_item_detail", kwargs={"pk": verdict.agenda_item.pk})))

    row = next(row for row in page.find_all(cls="govuk-summary-list__row")
               if row.find(cls="govuk-summary-list__key").text() == "National recommendations")
    assert [paragraph.text() for paragraph in row.find_all(tag="p")] == [
        "Recommendation 3: routed to Ministry of Justice Action three will go to the Ministry of Justice.",
        f"Recommendations 5, 6 and 8: routed to NHS England See {LONG_URL} for the guidance."]


def test_agenda_item_documents_give_their_type_and_size(client, verdict):
    sign_in(client, UserFactory(secretariat=True))

    page = parse(client.get(reverse("panel:agenda_item_detail", kwargs={"pk": verdict.agenda_item.pk})))

    documents = page.find(tag="main").find(tag="ul", cls="govuk-list")
    size = len(pdf_bytes())
    assert [item.text() for item in documents.find_all(tag="li")] == [
        f"Download the overview report, report.pdf (PDF, {size}\xa0bytes)"]


def test_letter_preview_long_address_sits_in_the_wrapping_box(client, verdict, django_capture_on_commit_callbacks):
    secretariat = UserFactory(secretariat=True)
    with django_capture_on_commit_callbacks(execute=False):
        letter = draft_letter(verdict=verdict, drafted_by=secretariat)
    sign_in(client, secretariat)

    page = parse(client.get(reverse("panel:letter_detail", kwargs={"pk": letter.pk})))

    holding = [element for element in page.iter() if element.tag == "p" and LONG_URL in element.text()]
    assert len(holding) == 1
    boxes = []
    element = holding[0]
    while element is not None:
        boxes.extend(cls for cls in element.classes if cls.startswith("app-"))
        element = element.parent
    assert boxes == ["app-letter-preview"]
