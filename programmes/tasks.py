"""Celery tasks of the shared model: the daily digest email of notifications (scheduled at 07:00 by
workforce/migrations/0002_reminder_schedule.py). Tasks take ids and ISO dates, never records, and are
safe to run twice."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from . import notifications


def _day(day: str | None) -> datetime.date:
    return datetime.date.fromisoformat(day) if day else timezone.localdate()


@shared_task
def send_digests(day: str | None = None) -> int:
    """Queue one digest per person with notifications not yet emailed; returns how many were queued."""
    today = _day(day)
    user_ids = notifications.digest_recipient_ids(today)
    for user_id in user_ids:
        send_digest.delay(user_id, today.isoformat())
    return len(user_ids)


@shared_task
def send_digest(user_id: int, day: str | None = None) -> bool:
    """Send one person's digest for the day (at most one a day); True when an email went."""
    return notifications.send_digest(user_id=user_id, day=_day(day))
