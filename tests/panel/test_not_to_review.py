"""A CSP's decision not to review goes through the same meeting, with its own outcomes and letter."""

import pytest
from django.urls import reverse

from panel.refusals import OutcomeNotInForce
from panel.services.letters import draft_letter, issue_letter, send_for_signing, sign_letter
from panel.services.rendering import render_letter
from panel.services.verdicts import confirm_verdict, record_verdict
from submissions.enums import CaseKind, IssueSource, SubmissionStatus
from submissions.models import RaisedIssue
from tests.dhrqa.govuk_page import parse
from tests.factories import AgendaItemFactory
from tests.panel.scenario import LETTER_DATE, pdf_text

pytestmark = pytest.mark.django_db

REASONS = "The death was not the result of abuse by a relative, partner or household member."


@pytest.fixture
def decision_item(meeting):
    return AgendaItemFactory(
        meeting=meeting, position=1, submission__documents=False,
        submission__review__kind=CaseKind.DECISION_NOT_TO_REVIEW, submission__review__review_type="",
        submission__review__decision_reasons=REASONS,
    )


def test_verdict_page_offers_the_decision_outcomes(client_for, chair, decision_item):
    response = client_for(chair).get(reverse("panel:verdict_record", kwargs={"pk": decision_item.pk}))

    labels = [label.text() for label in parse(response).find_all(tag="label", cls="govuk-radios__label")]
    assert labels == [
        "Agree with the decision not to review",
        "Ask the CSP to reconsider its decision",
        "Advise the Home Secretary to direct a review",
    ]


def test_record_verdict_decision_takes_its_own_outcome_set(decision_item, chair):
    verdict = record_verdict(agenda_item=decision_item, recorded_by=chair, outcome="decision_agreed",
                             commendation="", issues=[], national_responses=[])

    assert (verdict.outcome.outcome_set.code, verdict.outcome.code) == ("not-to-review-2011", "decision_agreed")


def test_record_verdict_decision_refuses_a_review_outcome(decision_item, chair):
    with pytest.raises(OutcomeNotInForce, match="^Choose one of the outcomes the Panel uses for this case: "
                                                "Agree with the decision not to review, Ask the CSP to reconsider "
                                                "its decision, Advise the Home Secretary to direct a review$"):
        record_verdict(agenda_item=decision_item, recorded_by=chair, outcome="adequate",
                       commendation="", issues=[], national_responses=[])

    decision_item.submission.refresh_from_db()
    assert decision_item.submission.status == SubmissionStatus.SCHEDULED


def test_decision_letter_asks_to_reconsider_and_opens_the_next_version(
        decision_item, chair, secretariat, signing_certificate, django_capture_on_commit_callbacks):
    verdict = record_verdict(
        agenda_item=decision_item, recorded_by=chair, outcome="decision_reconsider", commendation="",
        issues=["Set out what the police told the CSP about previous incidents."], national_responses=[],
    )
    confirm_verdict(verdict=verdict, confirmed_by=chair)
    with django_capture_on_commit_callbacks(execute=False):
        letter = draft_letter(verdict=verdict, drafted_by=secretariat, letter_date=LETTER_DATE)
    render_letter(letter.pk)

    issued = issue_letter(
        letter=sign_letter(letter=send_for_signing(letter=letter, sent_by=secretariat), signed_by=chair),
        issued_by=secretariat,
    )

    with issued.signed_pdf.open("rb") as pdf:
        text = pdf_text(pdf.read())
    assert "not to hold a Domestic Homicide Review, with its reasons" in text
    assert "would like the Community Safety Partnership to reconsider it" in text
    assert "Set out what the police told the CSP about previous incidents." in text
    submission = decision_item.submission
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.CHANGES_REQUESTED
    assert list(RaisedIssue.objects.filter(submission=submission).values_list("source", "text")) == [
        (IssueSource.PANEL, "Set out what the police told the CSP about previous incidents.")]
