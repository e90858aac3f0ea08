"""Loads the peer career pathway (seed 002) and the competency framework (seed 003) from
development/reference/ with the historical models; running it again updates the same rows."""

from django.db import migrations


def load(apps, schema_editor):
    from development.reference_data import load_development_reference_data

    load_development_reference_data(apps)


def unload(apps, schema_editor):
    from development.reference_data import FRAMEWORK_FILE, PATHWAY_FILE, read

    apps.get_model("development", "CompetencyFramework").objects.filter(
        name=read(FRAMEWORK_FILE)["name"], trust=None, assessments__isnull=True
    ).delete()
    codes = [level["code"] for level in read(PATHWAY_FILE)["levels"]]
    apps.get_model("development", "CareerLevel").objects.filter(code__in=codes, progressions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("development", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
