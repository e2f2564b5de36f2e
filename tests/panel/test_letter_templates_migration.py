"""Migration 0007: templates saved in Django's syntax become ((placeholders)) and keep their words; new ones ship."""

import datetime
import importlib
import json

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.template import Context, Engine

from panel.composition import actions_phrase, compose_letter_content
from panel.models import LetterTemplate, OutcomeSet
from tests.factories import NationalRecommendationResponseFactory, RecommendationFactory, VerdictFactory
from tests.factories import VerdictIssueFactory, outcome

pytestmark = pytest.mark.django_db

FOLDER = settings.BASE_DIR / "panel" / "letter_templates"
MIGRATION = importlib.import_module("panel.migrations.0007_letter_templates_as_data")
BEFORE, AFTER = [("panel", "0006_letter_versions_and_seal")], [("panel", "0007_letter_templates_as_data")]
FIRST_SHIPPED = {"adequacy-2011": "adequacy-v1.json", "publication-2016": "publication-v1.json",
                 "not-to-review-2011": "not-to-review-v1.json"}
EVERY_OUTCOME = [(set_code, code) for set_code, codes in (
    ("adequacy-2011", ["adequate", "inadequate"]),
    ("publication-2016", ["publish", "publish_after_changes", "resubmit"]),
    ("not-to-review-2011", ["decision_agreed", "decision_reconsider", "review_direction_advised"]),
) for code in codes]
# What settings.DHRQA_LETTERHEAD gave every letter before the letterhead moved into the templates.
LETTERHEAD_BEFORE = {"unit": "Violent Crime Unit", "address_lines": ["2 Marsham Street", "London", "SW1P 4DF"],
                     "phone": "020 7035 4848", "fax": "020 7035 4745", "website": "www.homeoffice.gov.uk"}


def read(name):
    return json.loads((FOLDER / name).read_text(encoding="utf-8"))


def compose_as_before(verdict, paragraphs, letter_date):
    """The letter as panel.composition made it before 0007, from Django template strings (the code it replaced)."""
    engine = Engine(autoescape=False)
    item = verdict.agenda_item
    review = item.submission.review
    csp = review.csp
    responses = list(verdict.national_responses.all())
    answered = {(rec.position, rec.number) for response in responses for rec in response.recommendations.all()}
    meeting = item.meeting.date
    context = Context({
        "area": csp.area_name,
        "meeting_month": f"{meeting:%B}" if meeting.year == letter_date.year else f"{meeting:%B %Y}",
        "meeting_date": f"{meeting:%-d %B %Y}",
        "national_actions": actions_phrase([number for _position, number in sorted(answered)]),
        "victim": review.victim_pseudonym,
        "review_reference": review.reference,
    })
    code = verdict.outcome.code

    def paragraph(text):
        return {"kind": "paragraph", "text": engine.from_string(text).render(context).strip()}

    blocks = [paragraph(paragraphs["opening"]), paragraph(paragraphs["outcomes"][code])]
    blocks += [{"kind": "paragraph", "text": verdict.commendation}] if verdict.commendation else []
    issues = [issue.text for issue in verdict.issues.all()]
    if issues:
        heading = paragraphs.get("issues_heading", {}).get(code)
        blocks += [{"kind": "heading", "text": heading}] if heading else []
        blocks.append(paragraph(paragraphs["issues_intro"][code]))
        blocks.append({"kind": paragraphs.get("issues_style", "bullets"), "items": issues, "role": "issues"})
    if responses:
        blocks.append(paragraph(paragraphs["national_intro"]))
        blocks += [{"kind": "paragraph", "text": response.text} for response in responses]
    blocks.append({**paragraph(paragraphs["closing"][code]), "role": "closing"})
    return {"letterhead": LETTERHEAD_BEFORE, "salutation": f"Dear {csp.contact_salutation},", "blocks": blocks,
            "closing": paragraphs["sign_off"]}


def full_verdict(outcome_):
    verdict = VerdictFactory(outcome=outcome_, commendation="The chronology is clear.",
                             agenda_item__meeting__date=datetime.date(2025, 11, 18))
    VerdictIssueFactory(verdict=verdict, position=1, text="Bring the terms of reference forward.")
    submission = verdict.agenda_item.submission
    national = [RecommendationFactory(submission=submission, number=str(number), position=number, scope="national",
                                      national_body="home_office") for number in (3, 4, 5)]
    NationalRecommendationResponseFactory(verdict=verdict, position=1, recommendations=national,
                                          text="The Home Office will write to the College of Policing.")
    return verdict


@pytest.mark.parametrize(("set_code", "code"), EVERY_OUTCOME)
def test_converted_first_version_makes_the_same_letter_as_before(set_code, code):
    verdict = full_verdict(outcome(code, set_code))
    converted = LetterTemplate.objects.get(outcome_set__code=set_code, version=1)
    before = compose_as_before(verdict, read(FIRST_SHIPPED[set_code])["paragraphs"], datetime.date(2026, 1, 9))

    content = compose_letter_content(verdict=verdict, template=converted, letter_date=datetime.date(2026, 1, 9))

    assert {key: content[key] for key in before} == {**before, "letterhead": {**LETTERHEAD_BEFORE,
                                                                              "logo": "home-office"}}
    assert "November 2025" in content["blocks"][0]["text"]


def test_converted_first_versions_say_so_in_the_new_language():
    converted = LetterTemplate.objects.get(outcome_set__code="adequacy-2011", version=1)

    assert (converted.era, converted.paragraphs["opening"], converted.paragraphs["national_intro"]) == (
        "2014 layout",
        "Thank you for submitting the Domestic Homicide Review (DHR) report from ((area)) to the Home Office Quality "
        "Assurance (QA) Panel. The review was considered at the QA Panel meeting in ((meeting_month)).",
        "The QA Panel also notes there are a number of recommendations that are of national relevance "
        "(((national_actions)) of the Action Plan).",
    )
    assert "{{" not in json.dumps([template.paragraphs for template in LetterTemplate.objects.all()])


def test_shipped_files_are_the_templates_in_use():
    for name in ("2014-layout.json", "current-layout.json", "not-to-review.json"):
        data = read(name)
        template = LetterTemplate.objects.filter(outcome_set__code=data["outcome_set"]).order_by("-version").first()

        assert (template.name, template.era, template.letterhead, template.paragraphs) == (
            data["name"], data["era"], data["letterhead"], data["paragraphs"]), name
    versions = {outcome_set.code: list(outcome_set.letter_templates.order_by("version").values_list("version",
                                                                                                   flat=True))
                for outcome_set in OutcomeSet.objects.all()}
    assert versions == {"adequacy-2011": [1], "publication-2016": [1, 2], "not-to-review-2011": [1]}


def test_current_layout_differs_from_its_first_version_only_in_order_and_letterhead():
    first = LetterTemplate.objects.get(outcome_set__code="publication-2016", version=1)
    second = LetterTemplate.objects.get(outcome_set__code="publication-2016", version=2)

    changed = sorted(key for key in first.paragraphs if first.paragraphs[key] != second.paragraphs[key])

    assert changed == ["layout"]
    assert (first.paragraphs["layout"], second.paragraphs["layout"]) == (
        ["opening", "outcome", "commendation", "issues", "national_responses", "closing"],
        ["opening", "commendation", "outcome", "issues", "national_responses", "closing"])


@pytest.mark.parametrize(
    ("text", "converted"),
    [
        ("From {{ area }} in {{meeting_month}}.", "From ((area)) in ((meeting_month))."),
        ("({{ national_actions }} of the plan)", "(((national_actions)) of the plan)"),
        ("Reference {{ review_reference }}.", "Reference ((reference))."),
        ("No placeholders.", "No placeholders."),
    ],
)
def test_conversion_of_django_variables(text, converted):
    assert MIGRATION._to_placeholders(text, None) == converted
    assert MIGRATION._to_django(converted) == text.replace("{{meeting_month}}", "{{ meeting_month }}")


@pytest.mark.parametrize("text", ["{{ area|upper }}", "{% if victim %}x{% endif %}", "{{ review.csp.name }}"])
def test_conversion_stops_at_anything_more_than_a_variable(text):
    template = LetterTemplate.objects.first()

    with pytest.raises(RuntimeError) as stopped:
        MIGRATION._to_placeholders(text, template)

    assert str(stopped.value) == f"Letter template {template.pk} has Django template code to convert by hand: {text!r}"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_migration_backwards_and_forwards_converts_a_template_saved_in_djangos_syntax(secretariat):
    old_apps = migrate(BEFORE)
    OldTemplate = old_apps.get_model("panel", "LetterTemplate")
    adequacy = OldTemplate.objects.get(outcome_set__code="adequacy-2011", version=1)
    assert adequacy.paragraphs["opening"] == read("adequacy-v1.json")["paragraphs"]["opening"]
    assert OldTemplate.objects.filter(outcome_set__code="publication-2016").count() == 1
    OldTemplate.objects.create(outcome_set=adequacy.outcome_set, version=2, name="Edited in 2025", paragraphs={
        **adequacy.paragraphs, "opening": "Review {{ review_reference }} from {{area}}, {{ victim }}.",
    })

    new_apps = migrate(AFTER)

    NewTemplate = new_apps.get_model("panel", "LetterTemplate")
    rows = {(row.outcome_set.code, row.version): row for row in NewTemplate.objects.select_related("outcome_set")}
    assert sorted(rows) == [("adequacy-2011", 1), ("adequacy-2011", 2), ("adequacy-2011", 3),
                            ("not-to-review-2011", 1), ("publication-2016", 1), ("publication-2016", 2)]
    edited = rows[("adequacy-2011", 2)]
    assert (edited.paragraphs["opening"], edited.era, edited.letterhead["unit"], edited.paragraphs["layout"]) == (
        "Review ((reference)) from ((area)), ((victim)).", "2014 layout", "Violent Crime Unit",
        ["opening", "outcome", "commendation", "issues", "national_responses", "closing"])
    # The 2014 layout ships again on top of the edited version, which it no longer matches.
    assert rows[("adequacy-2011", 3)].paragraphs == read("2014-layout.json")["paragraphs"]
