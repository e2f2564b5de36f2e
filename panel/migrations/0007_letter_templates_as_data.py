"""Letter templates as data: ((placeholders)) instead of Django's, an era, and the letterhead in each template.

1. Adds a template's era, its letterhead and who saved the version.
2. Converts every template saved so far in place, keeping its words: Django's
   {{ name }} becomes ((name)) (panel.placeholders), and what the code fixed
   before is written out as it was (the greeting, the layout, no heading above
   the issues, bullet points), so each version makes the same letters word for
   word. Its letterhead is the one every letter carried until now (the
   defaults of the DHRQA_LETTERHEAD setting this replaces), with the Home
   Office logo.
3. Ships the templates in panel/letter_templates/ (README.md there): each
   becomes the next version of its outcome set's template, unless the newest
   version already says the same.
4. From then on, a database trigger refuses any change to a saved version.
"""

import json
import re
from pathlib import Path

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models

FOLDER = Path(__file__).resolve().parent.parent / "letter_templates"
SHIPPED = ("2014-layout.json", "current-layout.json", "not-to-review.json")

LETTERHEAD_UNTIL_NOW = {
    "unit": "Violent Crime Unit",
    "address_lines": ["2 Marsham Street", "London", "SW1P 4DF"],
    "phone": "020 7035 4848",
    "fax": "020 7035 4745",
    "website": "www.homeoffice.gov.uk",
    "logo": "home-office",
}
ERAS = {"adequacy-2011": "2014 layout", "publication-2016": "Current layout", "not-to-review-2011": "Current layout"}
LAYOUT_UNTIL_NOW = ["opening", "outcome", "commendation", "issues", "national_responses", "closing"]
SALUTATION_UNTIL_NOW = "Dear ((csp_contact_salutation)),"

DJANGO_VARIABLE = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
PLACEHOLDER = re.compile(r"\(\(([a-z_]+)\)\)")
RENAMED = {"review_reference": "reference"}


def _to_placeholders(text, template):
    converted = DJANGO_VARIABLE.sub(lambda match: f"(({RENAMED.get(match.group(1), match.group(1))}))", text)
    if "{{" in converted or "{%" in converted:
        # Anything more than a plain variable has no equivalent: stop rather than keep words no letter can use.
        raise RuntimeError(f"Letter template {template.pk} has Django template code to convert by hand: {text!r}")
    return converted


def _to_django(text):
    back = {new: old for old, new in RENAMED.items()}
    return PLACEHOLDER.sub(lambda match: "{{ " + back.get(match.group(1), match.group(1)) + " }}", text)


def _each_text(paragraphs, convert):
    return {
        key: convert(value) if isinstance(value, str)
        else {code: convert(text) for code, text in value.items()} if isinstance(value, dict)
        else value
        for key, value in paragraphs.items()
    }


def check_constraints_now(apps, schema_editor):
    # Postgres only: SQLite (`make run` without DATABASE_URL) checks foreign keys at commit and has no such statement.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def convert_templates(apps, schema_editor):
    LetterTemplate = apps.get_model("panel", "LetterTemplate")
    for template in LetterTemplate.objects.select_related("outcome_set"):
        paragraphs = _each_text(template.paragraphs, lambda text: _to_placeholders(text, template))
        codes = list(paragraphs.get("outcomes", {}))
        paragraphs = {
            "salutation": SALUTATION_UNTIL_NOW,
            "layout": LAYOUT_UNTIL_NOW,
            "issues_style": "bullets",
            **paragraphs,
            "issues_heading": {code: "" for code in codes} | paragraphs.get("issues_heading", {}),
        }
        template.paragraphs = paragraphs
        template.era = ERAS.get(template.outcome_set.code, template.outcome_set.name[:100])
        template.letterhead = LETTERHEAD_UNTIL_NOW
        template.save(update_fields=["paragraphs", "era", "letterhead"])


def convert_back(apps, schema_editor):
    LetterTemplate = apps.get_model("panel", "LetterTemplate")
    for template in LetterTemplate.objects.all():
        paragraphs = _each_text(template.paragraphs, _to_django)
        for key in ("salutation", "layout"):
            paragraphs.pop(key, None)
        template.paragraphs = paragraphs
        template.save(update_fields=["paragraphs"])


def _shipped():
    for name in SHIPPED:
        yield json.loads((FOLDER / name).read_text(encoding="utf-8"))


def ship_templates(apps, schema_editor):
    LetterTemplate = apps.get_model("panel", "LetterTemplate")
    OutcomeSet = apps.get_model("panel", "OutcomeSet")
    for data in _shipped():
        outcome_set = OutcomeSet.objects.get(code=data["outcome_set"])
        newest = LetterTemplate.objects.filter(outcome_set=outcome_set).order_by("-version").first()
        fields = {key: data[key] for key in ("name", "era", "letterhead", "paragraphs")}
        if newest is not None and all(getattr(newest, key) == value for key, value in fields.items()):
            continue
        LetterTemplate.objects.create(outcome_set=outcome_set, version=newest.version + 1 if newest else 1,
                                      **fields)


def unship_templates(apps, schema_editor):
    LetterTemplate = apps.get_model("panel", "LetterTemplate")
    for data in _shipped():
        LetterTemplate.objects.filter(
            outcome_set__code=data["outcome_set"], version__gt=1, name=data["name"], era=data["era"],
            letterhead=data["letterhead"], paragraphs=data["paragraphs"],
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("panel", "0006_letter_versions_and_seal"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="lettertemplate",
            name="created_by",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name="lettertemplate",
            name="era",
            field=models.CharField(default="", max_length=100),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="lettertemplate",
            name="letterhead",
            field=models.JSONField(default=dict, help_text="unit, address_lines, phone, fax, website and logo"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="lettertemplate",
            name="paragraphs",
            field=models.JSONField(help_text="The standard wording keyed by the part of the letter it fills"),
        ),
        migrations.RunPython(convert_templates, convert_back),
        migrations.RunPython(ship_templates, unship_templates),
        # Check the rows' deferred constraints now: the new column's index and foreign key are created
        # after the last operation, which Postgres refuses while checks are pending.
        migrations.RunPython(check_constraints_now, check_constraints_now),
        # From now on a saved version never changes: a change is the next version.
        pgtrigger.migrations.AddTrigger(
            model_name="lettertemplate",
            trigger=pgtrigger.compiler.Trigger(
                name="template_version_unchanged",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition=(
                        'WHEN (OLD."created_by_id" IS DISTINCT FROM (NEW."created_by_id") '
                        'OR OLD."era" IS DISTINCT FROM (NEW."era") OR OLD."id" IS DISTINCT FROM (NEW."id") '
                        'OR OLD."letterhead" IS DISTINCT FROM (NEW."letterhead") '
                        'OR OLD."name" IS DISTINCT FROM (NEW."name") '
                        'OR OLD."outcome_set_id" IS DISTINCT FROM (NEW."outcome_set_id") '
                        'OR OLD."paragraphs" IS DISTINCT FROM (NEW."paragraphs") '
                        'OR OLD."version" IS DISTINCT FROM (NEW."version"))'
                    ),
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update rows from % table', TG_TABLE_NAME;",
                    hash="16d6c18d7c29f82a10c259ce7200849dcb4a3a4c", operation="UPDATE",
                    pgid="pgtrigger_template_version_unchanged_c7fc6", table="panel_lettertemplate", when="BEFORE",
                ),
            ),
        ),
    ]
