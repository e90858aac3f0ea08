"""A deleted file's row keeps its folder only: the names of files deleted before this release are cut the same way
(programmes.services_files.forgotten, copied here as it was, as a migration must not import code that changes)."""

import posixpath

from django.db import migrations, models

REMOVED = "(name removed when the file was deleted)"


def forget_deleted_names(apps, schema_editor):
    FileDeletion = apps.get_model("programmes", "FileDeletion")
    rows = list(FileDeletion.objects.filter(deleted_at__isnull=False).exclude(name__endswith=REMOVED))
    for row in rows:
        folder = posixpath.dirname(row.name)
        row.name = f"{folder}/{REMOVED}" if folder else REMOVED
    FileDeletion.objects.bulk_update(rows, ["name"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0015_notification_team_return_due"),
    ]

    operations = [
        migrations.AlterField(
            model_name="filedeletion",
            name="name",
            field=models.CharField(
                help_text="The file's name in the default storage (MEDIA_ROOT); once deleted, its folder only.",
                max_length=500,
            ),
        ),
        # Names already forgotten cannot be given back.
        migrations.RunPython(forget_deleted_names, migrations.RunPython.noop),
    ]
