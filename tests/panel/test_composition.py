"""Composing a letter's words from a verdict and the adequacy template."""

import datetime

import pytest

from panel.composition import actions_phrase, compose_letter_content
from panel.models import OutcomeSet
from panel.services.letters import current_template
from tests.factories import (
    NationalRecommendationResponseFactory,
    RecommendationFactory,
    VerdictFactory,
    VerdictIssueFactory,
    outcome,
)

ADEQUATE = (
    "The QA Panel would like to thank you for conducting this review and for providing them with the final "
    "report. In terms of the assessment of DHR reports the QA Panel judges them as either adequate or "
    "inadequate. It is clear that a lot of effort has gone into producing this report, and I am pleased to "
    "tell you that it has been judged as adequate by the QA Panel."
)
ADEQUATE_CLOSING = (
    "We do not need to see another version of the report, but I would ask you to include this letter as an "
    "appendix to the report when published."
)
INADEQUATE = (
    "The QA Panel would like to thank you for conducting this review and for providing them with the report. "
    "In terms of the assessment of DHR reports the QA Panel judges them as either adequate or inadequate. "
    "I am sorry to tell you that on this occasion the report has been judged as inadequate by the QA Panel."
)
INADEQUATE_ISSUES_INTRO = (
    "The Panel would like you to address the following issues before the report is sent to the Home Office again:"
)
INADEQUATE_CLOSING = (
    "Please revise the report in the light of these comments and send it to the QA Panel again. When the "
    "report is published, I would ask you to include this letter as an appendix to it."
)
ADEQUATE_ISSUES_INTRO = (
    "There were some issues that the Panel felt might benefit from more detail and which you may wish to "
    "consider before you publish the final report:"
)


def paragraph(text):
    return {"kind": "paragraph", "text": text}


def opening(verdict, meeting_month):
    area = verdict.agenda_item.submission.review.csp.area_name
    return paragraph(
        f"Thank you for submitting the Domestic Homicide Review (DHR) report from {area} to the Home Office "
        f"Quality Assurance (QA) Panel. The review was considered at the QA Panel meeting in {meeting_month}."
    )


def compose(verdict, letter_date=datetime.date(2026, 12, 20)):
    return compose_letter_content(
        verdict=verdict, template=current_template(verdict.outcome.outcome_set), letter_date=letter_date
    )


def recommendations(verdict, *numbers):
    """The verdict's version's recommendations with these numbers, national, placed in number order."""
    return [
        RecommendationFactory(submission=verdict.agenda_item.submission, number=str(number), position=number,
                              scope="national", national_body="home_office")
        for number in numbers
    ]


@pytest.mark.parametrize(
    ("numbers", "phrase"),
    [
        ([3, 4, 5, 6, 7, 8], "Actions three to eight"),
        ([4], "Action four"),
        ([2, 5], "Actions two and five"),
        ([1, 2, 3, 7], "Actions one to three and seven"),
        ([5, 6, 8], "Actions five, six and eight"),
        ([20], "Action twenty"),
        ([25], "Action 25"),
        (["3", "4", "5"], "Actions three to five"),
        ([], ""),
    ],
)
def test_actions_phrase_numbers_read_as_words(numbers, phrase):
    assert actions_phrase(numbers) == phrase


@pytest.mark.parametrize(
    ("numbers", "phrase"),
    [
        (["3.1"], "Action 3.1"),
        (["3.1", "R4"], "Actions 3.1 and R4"),
        (["2", "3.1", "4"], "Actions 2, 3.1 and 4"),
        # Digits Python calls digits but int() refuses are named as written, never a crash.
        (["²", "①"], "Actions ² and ①"),
    ],
)
def test_actions_phrase_numbers_that_are_not_whole_numbers_named_as_written(numbers, phrase):
    assert actions_phrase(numbers) == phrase


def test_compose_letter_meeting_same_year_names_month_only(db):
    verdict = VerdictFactory(agenda_item__meeting__date=datetime.date(2026, 12, 9))

    content = compose(verdict, letter_date=datetime.date(2026, 12, 20))

    assert content["blocks"][0] == opening(verdict, "December")


def test_compose_letter_meeting_earlier_year_adds_year(db):
    verdict = VerdictFactory(agenda_item__meeting__date=datetime.date(2026, 12, 9))

    content = compose(verdict, letter_date=datetime.date(2027, 1, 15))

    assert content["blocks"][0] == opening(verdict, "December 2026")


def test_compose_letter_people_and_sign_off(db, settings):
    verdict = VerdictFactory(
        agenda_item__submission__review__csp__contact_name="Councillor Michael Hill OBE",
        agenda_item__submission__review__csp__contact_title="",
        agenda_item__submission__review__csp__contact_organisation="Kent County Council",
        agenda_item__submission__review__csp__contact_address="Room G.60\n\n  County Hall  \nME14 1XQ",
        agenda_item__submission__review__csp__contact_salutation="Mr Hill",
        agenda_item__meeting__chair__full_name="Christian Papaleontiou",
        agenda_item__meeting__chair__letter_titles="Acting Chair\n\nHead of the Interpersonal Violence Team",
    )

    content = compose(verdict)

    assert content["addressee"] == {
        "name": "Councillor Michael Hill OBE",
        "title": "",
        "organisation": "Kent County Council",
        "address_lines": ["Room G.60", "County Hall", "ME14 1XQ"],
    }
    assert content["salutation"] == "Dear Mr Hill,"
    assert content["closing"] == "Yours sincerely,"
    assert content["signatory"] == {
        "name": "Christian Papaleontiou",
        "titles": ["Acting Chair", "Head of the Interpersonal Violence Team"],
    }
    assert content["letterhead"] == settings.DHRQA_LETTERHEAD
    assert content["reference"] == verdict.agenda_item.submission.review.reference


def test_compose_letter_commendation_blank_lines_make_paragraphs(db):
    verdict = VerdictFactory(
        commendation="The Panel commends\nthe chronology.\r\n\r\nIt was  clear.\n\n\nAnd thorough.\n   \nAnd kind."
    )

    content = compose(verdict)

    assert content["blocks"][2:6] == [
        paragraph("The Panel commends the chronology."),
        paragraph("It was clear."),
        paragraph("And thorough."),
        # A line of spaces looks blank to the chair who typed it.
        paragraph("And kind."),
    ]
    assert content["blocks"][6] == paragraph(ADEQUATE_CLOSING)


def test_compose_letter_response_blank_lines_make_paragraphs_in_position_order(db):
    verdict = VerdictFactory(commendation="")
    five, six, seven, eight = recommendations(verdict, 5, 6, 7, 8)
    NationalRecommendationResponseFactory(
        verdict=verdict, position=2, recommendations=[seven],
        text="The Guide can be found at:\n\nhttps://www.gov.uk/guide.pdf\n\nAlso, see section nine.",
    )
    NationalRecommendationResponseFactory(
        verdict=verdict, position=1, recommendations=[eight, five, six], text="On actions five, six,\nand eight.",
    )

    content = compose(verdict)

    assert content["blocks"][2:] == [
        paragraph("The QA Panel also notes there are a number of recommendations that are of national "
                  "relevance (Actions five to eight of the Action Plan)."),
        paragraph("On actions five, six, and eight."),
        paragraph("The Guide can be found at:"),
        paragraph("https://www.gov.uk/guide.pdf"),
        paragraph("Also, see section nine."),
        paragraph(ADEQUATE_CLOSING),
    ]


def test_compose_letter_without_issues_has_no_issues_intro_or_bullets(db):
    verdict = VerdictFactory(commendation="The Panel commends the review.")

    content = compose(verdict)

    assert content["blocks"] == [
        opening(verdict, "December"),
        paragraph(ADEQUATE),
        paragraph("The Panel commends the review."),
        paragraph(ADEQUATE_CLOSING),
    ]


def test_compose_letter_issues_become_one_bullet_list_in_position_order(db):
    verdict = VerdictFactory(commendation="")
    VerdictIssueFactory(verdict=verdict, position=2, text="Second issue; and,")
    VerdictIssueFactory(verdict=verdict, position=1, text="First issue;")

    content = compose(verdict)

    assert content["blocks"][2:] == [
        paragraph(ADEQUATE_ISSUES_INTRO),
        {"kind": "bullets", "items": ["First issue;", "Second issue; and,"]},
        paragraph(ADEQUATE_CLOSING),
    ]


def test_compose_letter_inadequate_uses_inadequate_paragraphs(db):
    verdict = VerdictFactory(outcome=outcome("inadequate"), commendation="")
    VerdictIssueFactory(verdict=verdict, position=1, text="The chronology stops in 2010.")

    content = compose(verdict)

    assert content["blocks"] == [
        opening(verdict, "December"),
        paragraph(INADEQUATE),
        paragraph(INADEQUATE_ISSUES_INTRO),
        {"kind": "bullets", "items": ["The chronology stops in 2010."]},
        paragraph(INADEQUATE_CLOSING),
    ]


def test_compose_letter_publication_outcome_numbers_areas_for_final_development(db):
    verdict = VerdictFactory(outcome=outcome("publish_after_changes", "publication-2016"), commendation="",
                             agenda_item__meeting__date=datetime.date(2026, 11, 18))
    VerdictIssueFactory(verdict=verdict, position=1, text="Bring the terms of reference forward.")
    VerdictIssueFactory(verdict=verdict, position=2, text="Define coercive control.")

    content = compose(verdict)

    assert content["blocks"] == [
        paragraph(f"Thank you for submitting the Domestic Homicide Review (DHR) report for "
                  f"{verdict.agenda_item.submission.review.csp.area_name} to the Home Office Quality Assurance (QA) "
                  f"Panel. The report was considered at the QA Panel meeting on 18 November 2026."),
        paragraph("The QA Panel felt that there are some aspects of the report which may benefit from further "
                  "revision, but the Home Office is content that on completion of these changes, the DHR may be "
                  "published."),
        {"kind": "heading", "text": "Areas for final development"},
        paragraph("Please make these changes before the report is published:"),
        {"kind": "numbered", "items": ["Bring the terms of reference forward.", "Define coercive control."]},
        paragraph("Once the changes are made, please send the Home Office a digital copy of the final report in PDF, "
                  "and the address of the web page where it will be published. I would ask you to publish this "
                  "letter, and the live action plan, as appendices to the report."),
    ]


def test_every_outcome_set_has_a_letter_template_with_wording_for_each_outcome(db):
    for outcome_set in OutcomeSet.objects.prefetch_related("outcomes"):
        wording = current_template(outcome_set).paragraphs
        codes = {o.code for o in outcome_set.outcomes.all()}
        assert set(wording["outcomes"]) == codes, outcome_set.code
        assert set(wording["closing"]) == codes, outcome_set.code
