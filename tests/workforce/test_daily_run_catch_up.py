"""The daily reminder run recorded, its catch-up, and the digest waiting for it (issue 22, item 5): a run that
dies part-way is visible (no finish time); the 06:30 catch-up queues the day's run again only when none has
finished; the 07:00 digest, in a worker, waits for the day's run to finish rather than racing it, and gives up
waiting after a bounded number of tries."""

from __future__ import annotations

import logging
import time
from unittest import mock

import pytest
from django_celery_beat.models import PeriodicTask

from programmes import tasks as programme_tasks
from programmes.models import DigestEmail, Notification
from tests.workforce.test_celery_worker import celery_on_redis  # noqa: F401  (fixture)
from tests.workforce.test_reminder_jobs import DAY, _add_peers
from tests.workforce.test_reminders_under_faults import Crash, root_logger_kept  # noqa: F401  (fixture)
from workforce import reminders, tasks
from workforce.models import ReminderRun


def test_the_daily_run_records_when_it_started_and_finished_and_what_it_created(workforce):
    created = tasks.run_daily_reminders(DAY.isoformat())

    run = ReminderRun.objects.get(day=DAY)
    assert run.finished_at is not None and run.finished_at >= run.started_at
    assert run.created == sum(created.values()) == Notification.objects.count() > 0
    assert reminders.day_finished(DAY)
    assert not reminders.day_finished(DAY.replace(day=DAY.day + 1))


def test_a_run_that_dies_part_way_is_left_without_a_finish_time(workforce):
    with mock.patch.object(reminders, "create_notifications", side_effect=Crash("killed")), pytest.raises(Crash):
        tasks.run_daily_reminders(DAY.isoformat())

    assert ReminderRun.objects.get(day=DAY).finished_at is None
    assert not reminders.day_finished(DAY)


def test_the_catch_up_reruns_the_day_when_no_run_has_finished_and_then_does_nothing(workforce, caplog):
    with mock.patch.object(reminders, "create_notifications", side_effect=Crash("killed")), pytest.raises(Crash):
        tasks.run_daily_reminders(DAY.isoformat())
    assert not Notification.objects.exists()

    # Without a broker the queued run happens in-process, so its effect shows at once.
    assert tasks.catch_up_daily_reminders(DAY.isoformat()) is True
    assert "No reminder run has finished for 2027-01-20" in caplog.text
    assert reminders.day_finished(DAY)
    count = Notification.objects.count()
    assert count > 0

    assert tasks.catch_up_daily_reminders(DAY.isoformat()) is False
    assert Notification.objects.count() == count
    assert ReminderRun.objects.filter(day=DAY).count() == 2  # the dead run and the catch-up's


def test_the_catch_up_leaves_a_finished_day_alone(workforce):
    tasks.run_daily_reminders(DAY.isoformat())
    with mock.patch.object(tasks.run_daily_reminders, "delay") as queued:
        assert tasks.catch_up_daily_reminders(DAY.isoformat()) is False
    queued.assert_not_called()


def test_a_fresh_database_schedules_the_catch_up_after_the_daily_run_and_before_the_digest(db):
    schedules = {t.task: t.crontab for t in PeriodicTask.objects.select_related("crontab")}
    catch_up = schedules["workforce.tasks.catch_up_daily_reminders"]
    run, digest = schedules["workforce.tasks.run_daily_reminders"], schedules["programmes.tasks.send_digests"]
    assert (catch_up.hour, catch_up.minute, str(catch_up.timezone)) == ("6", "30", "Europe/London")
    assert (int(run.hour), int(run.minute)) < (6, 30) < (int(digest.hour), int(digest.minute))


def test_the_digest_called_directly_does_not_wait(workforce):
    reminders.run(DAY)  # notifications, but no recorded run
    assert programme_tasks.send_digests(DAY.isoformat()) > 0


# --- In a worker ----------------------------------------------------------------------------------------------


def wait_for(check, timeout: float):
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("root_logger_kept", "celery_on_redis")
def test_the_digest_in_a_worker_waits_for_the_days_reminder_run_and_carries_what_it_created(workforce, settings):
    settings.DIGEST_WAIT_SECONDS = 1
    _add_peers(workforce, 2)

    digests = programme_tasks.send_digests.delay(DAY.isoformat())  # 07:00, before the run has finished
    wait_for(lambda: digests.state == "RETRY", timeout=30)
    assert not DigestEmail.objects.exists()

    tasks.run_daily_reminders(DAY.isoformat())
    queued = digests.get(timeout=30)

    recipients = set(Notification.objects.values_list("recipient_id", flat=True))
    assert queued == len(recipients) > 0
    wait_for(lambda: DigestEmail.objects.count() == queued, timeout=30)
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()  # every one of them carried


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("root_logger_kept", "celery_on_redis")
def test_the_digest_in_a_worker_stops_waiting_after_its_tries_and_sends_what_there_is(workforce, settings, caplog):
    settings.DIGEST_WAIT_SECONDS = 0.2
    settings.DIGEST_WAIT_ATTEMPTS = 2
    reminders.run(DAY)  # what is due exists, but no run has finished (it keeps failing, say)

    with caplog.at_level(logging.WARNING, logger="programmes.tasks"):
        queued = programme_tasks.send_digests.delay(DAY.isoformat()).get(timeout=30)

    assert queued == len(set(Notification.objects.values_list("recipient_id", flat=True))) > 0
    assert "without the daily reminder run, which has not finished after 2 tries" in caplog.text
