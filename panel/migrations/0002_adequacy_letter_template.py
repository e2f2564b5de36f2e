import json
from pathlib import Path

from django.db import migrations

TEMPLATE_FILE = Path(__file__).resolve().parent.parent / "letter_templates" / "adequacy-v1.json"


def add_template(apps, schema_editor):
    LetterTemplate = apps.get_model("panel", "LetterTemplate")
    data = json.loads(TEMPLATE_FILE.read_text())
    LetterTemplate.objects.update_or_create(
        era=data["era"], version=data["version"],
        defaults={"name": data["name"], "paragraphs": data["paragraphs"]},
    )


def remove_template(apps, schema_editor):
    apps.get_model("panel", "LetterTemplate").objects.filter(era="adequacy", version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("panel", "0001_initial")]

    operations = [migrations.RunPython(add_template, remove_template)]
