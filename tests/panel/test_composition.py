"""Composing a letter's words from a verdict and the shipped templates (panel.composition)."""

import datetime
import json

import pytest
from django.conf import settings

from panel.composition import actions_phrase, compose_letter_content
from panel.models import LetterTemplate, OutcomeSet
from panel.placeholders import PLACEHOLDERS
from panel.refusals import LetterCannotBeComposed
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


LETTERHEAD_2014 = {
    "unit": "Violent Crime Unit",
    "address_lines": ["2 Marsham Street", "London", "SW1P 4DF"],
    "phone": "020 7035 4848",
    "fax": "020 7035 4745",
    "website": "www.homeoffice.gov.uk",
    "logo": "home-office",
}


def paragraph(text):
    return {"kind": "paragraph", "text": text}


def closing(text):
    return {"kind": "paragraph", "text": text, "role": "closing"}


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


def test_compose_letter_people_and_sign_off(db):
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
    assert content["letterhead"] == LETTERHEAD_2014
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
    assert content["blocks"][6] == closing(ADEQUATE_CLOSING)


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
        closing(ADEQUATE_CLOSING),
    ]


def test_compose_letter_without_issues_has_no_issues_intro_or_bullets(db):
    verdict = VerdictFactory(commendation="The Panel commends the review.")

    content = compose(verdict)

    assert content["blocks"] == [
        opening(verdict, "December"),
        paragraph(ADEQUATE),
        paragraph("The Panel commends the review."),
        closing(ADEQUATE_CLOSING),
    ]


def test_compose_letter_issues_become_one_bullet_list_in_position_order(db):
    verdict = VerdictFactory(commendation="")
    VerdictIssueFactory(verdict=verdict, position=2, text="Second issue; and,")
    VerdictIssueFactory(verdict=verdict, position=1, text="First issue;")

    content = compose(verdict)

    assert content["blocks"][2:] == [
        paragraph(ADEQUATE_ISSUES_INTRO),
        {"kind": "bullets", "items": ["First issue;", "Second issue; and,"], "role": "issues"},
        closing(ADEQUATE_CLOSING),
    ]


def test_compose_letter_inadequate_uses_inadequate_paragraphs(db):
    verdict = VerdictFactory(outcome=outcome("inadequate"), commendation="")
    VerdictIssueFactory(verdict=verdict, position=1, text="The chronology stops in 2010.")

    content = compose(verdict)

    assert content["blocks"] == [
        opening(verdict, "December"),
        paragraph(INADEQUATE),
        paragraph(INADEQUATE_ISSUES_INTRO),
        {"kind": "bullets", "items": ["The chronology stops in 2010."], "role": "issues"},
        closing(INADEQUATE_CLOSING),
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
        {"kind": "numbered", "items": ["Bring the terms of reference forward.", "Define coercive control."],
         "role": "issues"},
        closing("Once the changes are made, please send the Home Office a digital copy of the final report in PDF, "
                "and the address of the web page where it will be published. I would ask you to publish this "
                "letter, and the live action plan, as appendices to the report."),
    ]


def test_every_outcome_set_has_a_letter_template_with_wording_for_each_outcome(db):
    for outcome_set in OutcomeSet.objects.prefetch_related("outcomes"):
        wording = current_template(outcome_set).paragraphs
        codes = {o.code for o in outcome_set.outcomes.all()}
        assert set(wording["outcomes"]) == codes, outcome_set.code
        assert set(wording["closing"]) == codes, outcome_set.code


# Every outcome of every shipped template, and the placeholder language in a letter

SHIPPED = {"adequacy-2011": "2014-layout.json", "publication-2016": "current-layout.json",
           "not-to-review-2011": "not-to-review.json"}
EVERY_OUTCOME = [(set_code, code) for set_code, codes in (
    ("adequacy-2011", ["adequate", "inadequate"]),
    ("publication-2016", ["publish", "publish_after_changes", "resubmit"]),
    ("not-to-review-2011", ["decision_agreed", "decision_reconsider", "review_direction_advised"]),
) for code in codes]


def shipped(set_code):
    return json.loads((settings.BASE_DIR / "panel" / "letter_templates" / SHIPPED[set_code]).read_text())


def full_verdict(outcome_):
    """A verdict with a commendation, two issues and a response to national recommendations 3 and 4."""
    verdict = VerdictFactory(outcome=outcome_, commendation="The chronology is clear.",
                             agenda_item__meeting__date=datetime.date(2026, 11, 18))
    VerdictIssueFactory(verdict=verdict, position=1, text="Bring the terms of reference forward.")
    VerdictIssueFactory(verdict=verdict, position=2, text="Define coercive control.")
    NationalRecommendationResponseFactory(verdict=verdict, position=1, recommendations=recommendations(verdict, 3, 4),
                                          text="The Home Office will write to the College of Policing.")
    return verdict


@pytest.mark.parametrize(("set_code", "code"), EVERY_OUTCOME)
def test_compose_letter_every_outcome_follows_its_shipped_template(db, set_code, code):
    verdict = full_verdict(outcome(code, set_code))
    csp = verdict.agenda_item.submission.review.csp
    data = shipped(set_code)
    wording = data["paragraphs"]

    def filled(text):
        for name, value in [("((area))", csp.area_name), ("((meeting_month))", "November"),
                            ("((meeting_date))", "18 November 2026"),
                            ("((national_actions))", "Actions three and four"),
                            ("((csp_contact_salutation))", csp.contact_salutation)]:
            text = text.replace(name, value)
        return text

    heading = wording["issues_heading"][code]
    slots = {
        "opening": [paragraph(filled(wording["opening"]))],
        "outcome": [paragraph(wording["outcomes"][code])],
        "commendation": [paragraph("The chronology is clear.")],
        "issues": [*([{"kind": "heading", "text": heading}] if heading else []),
                   paragraph(wording["issues_intro"][code]),
                   {"kind": wording["issues_style"], "items": ["Bring the terms of reference forward.",
                                                               "Define coercive control."], "role": "issues"}],
        "national_responses": [paragraph(filled(wording["national_intro"])),
                               paragraph("The Home Office will write to the College of Policing.")],
        "closing": [closing(wording["closing"][code])],
    }

    content = compose(verdict, letter_date=datetime.date(2026, 11, 20))

    assert content["blocks"] == [block for slot in wording["layout"] for block in slots[slot]]
    assert (content["letterhead"], content["salutation"], content["closing"]) == (
        data["letterhead"], f"Dear {csp.contact_salutation},", "Yours sincerely,")
    assert "((" not in json.dumps(content)


def test_compose_letter_current_layout_puts_strengths_before_the_verdict(db):
    verdict = full_verdict(outcome("publish_after_changes", "publication-2016"))

    content = compose(verdict)

    assert [block.get("text", block.get("items")) for block in content["blocks"][1:4]] == [
        "The chronology is clear.",
        "The QA Panel felt that there are some aspects of the report which may benefit from further revision, but "
        "the Home Office is content that on completion of these changes, the DHR may be published.",
        "Areas for final development",
    ]
    assert content["letterhead"] == {
        "unit": "Interpersonal Abuse Unit", "address_lines": ["2 Marsham Street", "London", "SW1P 4DF"],
        "phone": "020 7035 4848", "fax": "", "website": "www.gov.uk/home-office", "logo": "home-office",
    }


def new_version(outcome_set_code, **paragraphs):
    """The next version of a set's template, with some of its wording replaced (as if saved outside the pages)."""
    template = current_template(OutcomeSet.objects.get(code=outcome_set_code))
    return LetterTemplate.objects.create(
        outcome_set=template.outcome_set, version=template.version + 1, name=template.name, era=template.era,
        letterhead=template.letterhead, paragraphs={**template.paragraphs, **paragraphs},
    )


def test_compose_letter_each_placeholder_becomes_its_value(db):
    inline = [name for name in PLACEHOLDERS if name != "national_actions"]
    new_version("adequacy-2011", opening=" ".join(f"{name}=(({name}))." for name in inline),
                national_intro="national_actions=((national_actions)).")
    verdict = VerdictFactory(
        agenda_item__submission__review__csp__area_name="Kent",
        agenda_item__submission__review__csp__contact_name="Councillor Michael Hill OBE",
        agenda_item__submission__review__csp__contact_salutation="Mr Hill",
        agenda_item__submission__review__reference="KENT-2014-01",
        agenda_item__meeting__date=datetime.date(2014, 1, 22),
        agenda_item__meeting__chair__full_name="Christian Papaleontiou",
        commendation="",
    )
    NationalRecommendationResponseFactory(verdict=verdict, position=1,
                                          recommendations=recommendations(verdict, 3, 4, 5, 6, 7, 8), text="Noted.")

    content = compose(verdict, letter_date=datetime.date(2014, 2, 6))

    assert content["blocks"][0] == paragraph(
        "area=Kent. csp_contact=Councillor Michael Hill OBE. csp_contact_salutation=Mr Hill. meeting_month=January. "
        "meeting_date=22 January 2014. outcome=Adequate. chair=Christian Papaleontiou. reference=KENT-2014-01. "
        "victim=Louise."
    )
    assert content["blocks"][2] == paragraph("national_actions=Actions three to eight.")


@pytest.mark.parametrize("value", ["((reference))", "{{ area }}", "{% now 'Y' %}", "((area", "(( chair ))", "))"])
def test_compose_letter_values_that_look_like_placeholders_go_in_as_written(db, value):
    verdict = VerdictFactory(agenda_item__submission__review__csp__area_name=value,
                             agenda_item__submission__review__csp__contact_salutation=f"{value} ((victim))",
                             agenda_item__meeting__date=datetime.date(2026, 12, 9))

    content = compose(verdict)

    assert content["blocks"][0] == paragraph(
        f"Thank you for submitting the Domestic Homicide Review (DHR) report from {value} to the Home Office "
        "Quality Assurance (QA) Panel. The review was considered at the QA Panel meeting in December.")
    assert content["salutation"] == f"Dear {value} ((victim)),"


def refusal(verdict):
    with pytest.raises(LetterCannotBeComposed) as refused:
        compose(verdict)
    return str(refused.value)


def test_compose_letter_unknown_placeholder_refused_naming_the_paragraph(db):
    template = new_version("adequacy-2011", closing={"adequate": "Send it to ((areaa)).", "inadequate": "Again."})

    message = refusal(VerdictFactory())

    assert message == (f"{template} cannot make this letter: its closing paragraph for Adequate has ((areaa)), "
                       "which is not a placeholder: did you mean ((area))? Correct the template, or the case, "
                       "and try again")


def test_compose_letter_old_django_placeholder_refused(db):
    new_version("adequacy-2011", opening="Thank you, {{ area }}.")

    message = refusal(VerdictFactory())

    assert message.endswith('its opening paragraph has "{{ area }}": write placeholders with double round brackets, '
                            "as ((area)). Correct the template, or the case, and try again")


def test_compose_letter_wording_missing_for_the_outcome_refused(db):
    new_version("adequacy-2011", outcomes={"adequate": "Adequate."})

    message = refusal(VerdictFactory(outcome=outcome("inadequate")))

    assert message.endswith("cannot make this letter: it has no verdict paragraph for Inadequate. Correct the "
                            "template, or the case, and try again")


def test_compose_letter_placeholder_with_nothing_to_say_refused(db):
    new_version("adequacy-2011", opening="Thank you, ((csp_contact)).")

    message = refusal(VerdictFactory(agenda_item__submission__review__csp__contact_name=""))

    assert message.endswith("cannot make this letter: it uses ((csp_contact)), the name of the CSP's contact, as "
                            "the letter is addressed to them, and this case has none. Correct the template, or the "
                            "case, and try again")


def test_compose_letter_layout_that_leaves_out_a_part_refused(db):
    template = new_version("adequacy-2011", layout=["opening", "outcome", "closing"])

    assert refusal(VerdictFactory()) == (
        f"{template} cannot make this letter: its layout must place each of opening, outcome, commendation, issues, "
        "national_responses, closing once. Correct the template, or the case, and try again")
