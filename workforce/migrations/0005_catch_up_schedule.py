"""The record of each daily reminder run (ReminderRun) and the catch-up of the 06:00 run: at 06:30 the day's run
is queued again if none has finished (workforce.tasks.catch_up_daily_reminders), editable in the admin under
"Periodic tasks" like the other schedules (issue 22: redelivery within minutes)."""

from django.db import migrations, models

CATCH_UP = (
    "Catch-up of the daily reminders (reruns them if the 06:00 run has not finished)",
    "workforce.tasks.catch_up_daily_reminders",
    6,
    30,
)


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    name, task, hour, minute = CATCH_UP
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute=str(minute),
        hour=str(hour),
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/London",
    )
    PeriodicTask.objects.update_or_create(
        name=name, defaults={"task": task, "crontab": crontab, "enabled": True, "description": name}
    )


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=CATCH_UP[0]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workforce", "0004_wap_named_sharing"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReminderRun",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField(help_text="The day the run was for.")),
                ("started_at", models.DateTimeField(auto_now_add=True)),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, help_text="Empty while running, or if the run died.", null=True),
                ),
                ("created", models.PositiveIntegerField(default=0, help_text="Notifications this run created.")),
            ],
            options={
                "ordering": ["-started_at", "-pk"],
                "indexes": [models.Index(fields=["day", "finished_at"], name="workforce_r_day_82d151_idx")],
            },
        ),
        migrations.RunPython(create_schedules, remove_schedules),
    ]
