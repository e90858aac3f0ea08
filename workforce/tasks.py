"""Celery tasks of the employment phase: the daily reminder run (06:00, scheduled by
migrations/0002_reminder_schedule.py), fanned out across the workers as one task per part (a trust, or a batch of
a big trust's peers) with a final step that records the run; its catch-up (06:30,
migrations/0005_catch_up_schedule.py); and a run for one peer, queued by services after a change with
`remind_about_peer.delay_on_commit(peer.pk)`. They take ids and ISO dates and are safe to run twice."""

from __future__ import annotations

import datetime
import logging

from celery import chord, shared_task
from celery.backends.base import DisabledBackend
from django.conf import settings
from django.utils import timezone

from programmes.models import Peer

from . import reminders

logger = logging.getLogger(__name__)

# A task of the daily run is stopped a minute before the broker's visibility timeout, so a task still going is never
# handed to a second worker as if its worker had died (settings, CELERY_VISIBILITY_TIMEOUT); a run stopped is rerun
# by the catch-up. A minute at least, for the very short timeouts of tests.
RUN_TIME_LIMIT = max(settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] - 60, 60)


def _day(day: str | None) -> datetime.date:
    return datetime.date.fromisoformat(day) if day else timezone.localdate()


@shared_task(bind=True, ignore_result=False, time_limit=RUN_TIME_LIMIT)
def run_daily_reminders(self, day: str | None = None) -> dict:
    """Every reminder job for every peer on `day` (ISO date; today by default), recorded as a ReminderRun; returns
    the notifications created per job.

    On a worker it records the run's start, then replaces itself with a chord: one `run_reminder_part` per part
    (reminders.parts: a trust, or a batch of a big trust's peers), which any worker on any machine takes, and
    `finish_daily_reminders`, which records the run finished once every part has returned; the result of this task
    is the final step's. A part that fails leaves the run unfinished, and the 06:30 catch-up runs the day again
    (the parts that had finished create nothing twice). Called directly, in-process (no broker) or with no result
    backend to join the parts, it runs the same parts one after the other (reminders.run_day)."""
    today = _day(day)
    if self.request.called_directly or self.request.is_eager or isinstance(self.backend, DisabledBackend):
        return reminders.run_day(today)
    record = reminders.start_day(today)
    parts = reminders.parts(today)
    if not parts:  # nobody at all: a chord needs a part
        return reminders.finish_day(record.pk, [])
    header = [run_reminder_part.si(today.isoformat(), *part.ids()) for part in parts]
    logger.info("Reminder run %s for %s: %d parts queued.", record.pk, today.isoformat(), len(parts))
    return self.replace(chord(header, finish_daily_reminders.s(record.pk)))


@shared_task(ignore_result=False, time_limit=RUN_TIME_LIMIT)
def run_reminder_part(
    day: str, trust_id: int, first_peer_id: int | None = None, next_part_peer_id: int | None = None
) -> dict:
    """One part of the daily run: every job for the peers of one trust with ids from `first_peer_id` to before
    `next_part_peer_id` (None: open). Safe to run twice, or beside a second run (the notifications' unique key)."""
    return reminders.run_part(_day(day), reminders.Part(trust_id, first_peer_id, next_part_peer_id))


@shared_task(ignore_result=False)
def finish_daily_reminders(results: list[dict], run_id: int) -> dict:
    """The chord's final step: record the daily run `run_id` as finished, with what its parts created."""
    return reminders.finish_day(run_id, results)


@shared_task
def catch_up_daily_reminders(day: str | None = None) -> bool:
    """Queue the day's reminder run again when no run of the day has finished by now (its worker was killed and a
    Redis without persistence lost the message, or the run failed); True when it did. Checking and queueing is
    all it does, so it is safe to run any number of times; a second run beside a late first one creates nothing
    twice (the notifications' unique key)."""
    today = _day(day)
    if reminders.day_finished(today):
        return False
    logger.warning("No reminder run has finished for %s: queueing it again.", today.isoformat())
    run_daily_reminders.delay(today.isoformat())
    return True


@shared_task
def remind_about_peer(peer_id: int) -> dict:
    """The reminder jobs for one peer, today (after their placement, sessions or plan changed)."""
    return reminders.run(timezone.localdate(), peers=Peer.objects.filter(pk=peer_id))
