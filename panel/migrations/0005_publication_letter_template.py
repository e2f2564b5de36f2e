import json
from pathlib import Path

from django.db import migrations

TEMPLATE = Path(__file__).resolve().parent.parent / "letter_templates" / "publication-v1.json"


def add_template(apps, schema_editor):
    LetterTemplate = apps.get_model("panel", "LetterTemplate")
    OutcomeSet = apps.get_model("panel", "OutcomeSet")
    data = json.loads(TEMPLATE.read_text())
    LetterTemplate.objects.update_or_create(
        outcome_set=OutcomeSet.objects.get(code=data["outcome_set"]), version=data["version"],
        defaults={"name": data["name"], "paragraphs": data["paragraphs"]},
    )


def remove_template(apps, schema_editor):
    data = json.loads(TEMPLATE.read_text())
    apps.get_model("panel", "LetterTemplate").objects.filter(
        outcome_set__code=data["outcome_set"], version=data["version"]).delete()


class Migration(migrations.Migration):
    dependencies = [("panel", "0004_meetings_readers_verdicts")]

    operations = [migrations.RunPython(add_template, remove_template)]
