"""Load the seeds' reference data: job description templates, team preparation agenda, myths,
role definitions, code of conduct, core principles, recovery-focused language, training courses."""

from django.db import migrations


def load(apps, schema_editor):
    from programmes.reference_data import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("programmes", "0002_preparation")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
