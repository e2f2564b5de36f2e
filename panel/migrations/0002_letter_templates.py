import json
from pathlib import Path

from django.db import migrations

TEMPLATE_FOLDER = Path(__file__).resolve().parent.parent / "letter_templates"
TEMPLATE_FILES = ("adequacy-v1.json", "not-to-review-v1.json")


def add_templates(apps, schema_editor):
    LetterTemplate = apps.get_model("panel", "LetterTemplate")
    for name in TEMPLATE_FILES:
        data = json.loads((TEMPLATE_FOLDER / name).read_text())
        LetterTemplate.objects.update_or_create(
            era=data["era"], version=data["version"],
            defaults={"name": data["name"], "paragraphs": data["paragraphs"]},
        )


def remove_templates(apps, schema_editor):
    LetterTemplate = apps.get_model("panel", "LetterTemplate")
    for name in TEMPLATE_FILES:
        data = json.loads((TEMPLATE_FOLDER / name).read_text())
        LetterTemplate.objects.filter(era=data["era"], version=data["version"]).delete()


class Migration(migrations.Migration):
    dependencies = [("panel", "0001_initial")]

    operations = [migrations.RunPython(add_templates, remove_templates)]
