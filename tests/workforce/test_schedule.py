"""The daily schedules exist on a fresh database (a data migration) and name tasks Celery knows; the
administrator edits them in the admin (django-celery-beat's "Periodic tasks")."""

from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from peersupport.celery import app


def test_a_fresh_database_has_the_daily_reminder_and_digest_schedules(db):
    tasks = {t.task: t for t in PeriodicTask.objects.select_related("crontab")}
    assert {"workforce.tasks.run_daily_reminders", "programmes.tasks.send_digests"} <= set(tasks)
    reminders = tasks["workforce.tasks.run_daily_reminders"]
    assert reminders.enabled
    assert (reminders.crontab.hour, reminders.crontab.minute, str(reminders.crontab.timezone)) == (
        "6",
        "0",
        "Europe/London",
    )
    app.loader.import_default_modules()
    assert set(tasks) <= set(app.tasks)


def test_the_administrator_edits_a_schedule_in_the_admin(world, client):
    task = PeriodicTask.objects.get(task="workforce.tasks.run_daily_reminders")
    client.force_login(world.administrator)
    assert client.get(reverse("admin:django_celery_beat_periodictask_change", args=[task.pk])).status_code == 200
    client.force_login(world.hr_officer)
    assert client.get(reverse("admin:django_celery_beat_periodictask_change", args=[task.pk])).status_code == 302
