"""Loads the induction template (seed 001's checklist, the 4-week new starter timetable, mandatory
training, systems access, training dates and objectives) from workforce/reference/induction_template.json.
Running it again updates the items in place (update_or_create on section and title)."""

import json
from pathlib import Path

from django.db import migrations

TEMPLATE = Path(__file__).resolve().parent.parent / "reference" / "induction_template.json"


def load_template(apps, schema_editor):
    Item = apps.get_model("workforce", "InductionTemplateItem")
    for item in json.loads(TEMPLATE.read_text(encoding="utf-8"))["items"]:
        Item.objects.update_or_create(
            section=item["section"],
            title=item["title"],
            defaults={
                "week": item["week"],
                "order": item["order"],
                "description": item["description"],
                "source": item["source"][:100],
            },
        )


def remove_template(apps, schema_editor):
    Item = apps.get_model("workforce", "InductionTemplateItem")
    for item in json.loads(TEMPLATE.read_text(encoding="utf-8"))["items"]:
        Item.objects.filter(section=item["section"], title=item["title"]).delete()


class Migration(migrations.Migration):
    dependencies = [("workforce", "0002_reminder_schedule")]

    operations = [migrations.RunPython(load_template, remove_template)]
