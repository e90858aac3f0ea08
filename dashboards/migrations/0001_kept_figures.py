"""Figures kept for the dashboards of many peers (dashboards.kept), and the job that counts them again every five
minutes (dashboards.tasks.keep_dashboard_figures), editable in the admin under "Periodic tasks"."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


KEEP = ("Count again the kept figures of big dashboards", "dashboards.tasks.keep_dashboard_figures", 5)


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    name, task, minutes = KEEP
    every, _ = IntervalSchedule.objects.get_or_create(every=minutes, period="minutes")
    PeriodicTask.objects.update_or_create(
        name=name, defaults={"task": task, "interval": every, "enabled": True, "description": name}
    )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=KEEP[0]).delete()


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.CreateModel(
            name='KeptFigures',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fingerprint', models.CharField(help_text='SHA-256 of what the figures cover: the teams, peers, plans, vacancies and programmes in view and the dates. A change to any of them (a role, a plan no longer shared) is another scope.', max_length=64, unique=True)),
                ('query', models.CharField(blank=True, help_text="The dashboard's filters, as its address has them.", max_length=500)),
                ('built_at', models.DateTimeField(help_text='When the figures were counted.')),
                ('read_at', models.DateTimeField(help_text='When the page last showed them (to the hour).')),
                ('build_ms', models.PositiveIntegerField(default=0, help_text='How long counting them took, in milliseconds.')),
                ('figures', models.TextField(help_text='The headline figures and the sections as the page shows them, as JSON.')),
                ('user', models.ForeignKey(help_text='Whose dashboard the background job counts again (the scope is worked out afresh for them).', on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'kept dashboard figures',
                'verbose_name_plural': 'kept dashboard figures',
                'indexes': [models.Index(fields=['built_at'], name='dashboards_kept_built_idx')],
            },
        ),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
