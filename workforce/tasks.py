"""Celery tasks of the employment phase: the daily reminder run (06:00, scheduled by
migrations/0002_reminder_schedule.py), its catch-up (06:30, migrations/0005_catch_up_schedule.py) and a run for
one peer, queued by services after a change with `remind_about_peer.delay_on_commit(peer.pk)`. They take ids and
ISO dates and are safe to run twice."""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from programmes.models import Peer

from . import reminders

logger = logging.getLogger(__name__)

# The daily run is stopped a minute before the broker's visibility timeout, so a run still going is never handed to
# a second worker as if its worker had died (settings, CELERY_VISIBILITY_TIMEOUT); a run stopped is rerun by the
# catch-up. A minute at least, for the very short timeouts of tests.
RUN_TIME_LIMIT = max(settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] - 60, 60)


@shared_task(time_limit=RUN_TIME_LIMIT)
def run_daily_reminders(day: str | None = None) -> dict:
    """Every reminder job for every employed peer on `day` (ISO date; today by default), recorded as a
    ReminderRun."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return reminders.run_day(today)


@shared_task
def catch_up_daily_reminders(day: str | None = None) -> bool:
    """Queue the day's reminder run again when no run of the day has finished by now (its worker was killed and a
    Redis without persistence lost the message, or the run failed); True when it did. Checking and queueing is
    all it does, so it is safe to run any number of times; a second run beside a late first one creates nothing
    twice (the notifications' unique key)."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    if reminders.day_finished(today):
        return False
    logger.warning("No reminder run has finished for %s: queueing it again.", today.isoformat())
    run_daily_reminders.delay(today.isoformat())
    return True


@shared_task
def remind_about_peer(peer_id: int) -> dict:
    """The reminder jobs for one peer, today (after their placement, sessions or plan changed)."""
    return reminders.run(timezone.localdate(), peers=Peer.objects.filter(pk=peer_id))
