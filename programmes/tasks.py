"""Celery tasks of the shared model: the daily digest email of notifications (scheduled at 07:00 by
workforce/migrations/0002_reminder_schedule.py) and the deletion of uploaded files whose records have gone.
Tasks take ids and ISO dates, never records, and are safe to run twice."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import notifications, services_files


def _day(day: str | None) -> datetime.date:
    return datetime.date.fromisoformat(day) if day else timezone.localdate()


logger = logging.getLogger(__name__)

# Jobs that must have finished before the day's digest goes, so it never races them: a later phase registers its
# own (workforce's daily reminder run, from its AppConfig.ready) as a name and a check of the day.
DIGEST_WAITS_FOR: dict[str, Callable[[datetime.date], bool]] = {}


def digest_waits_for(name: str, finished: Callable[[datetime.date], bool]) -> None:
    DIGEST_WAITS_FOR[name] = finished


def unfinished_before_digest(day: datetime.date) -> list[str]:
    return [name for name, finished in DIGEST_WAITS_FOR.items() if not finished(day)]


@shared_task(bind=True, max_retries=None)
def send_digests(self, day: str | None = None) -> int:
    """Queue one digest per person with notifications not yet emailed; returns how many were queued.

    Scheduled at 07:00, it first waits for the day's reminder run: while that has not finished it tries again
    every DIGEST_WAIT_SECONDS, DIGEST_WAIT_ATTEMPTS times at most, then sends what there is (logged), so a run that
    keeps failing does not hold the email back all day. Called directly (a command, a test) it does not wait."""
    today = _day(day)
    waiting = unfinished_before_digest(today)
    if waiting and not (self.request.called_directly or self.request.is_eager):
        if self.request.retries < settings.DIGEST_WAIT_ATTEMPTS:
            raise self.retry(countdown=settings.DIGEST_WAIT_SECONDS)
        logger.warning(
            "Sending the digests for %s without %s, which has not finished after %s tries.",
            today.isoformat(),
            " and ".join(waiting),
            self.request.retries,
        )
    user_ids = notifications.digest_recipient_ids(today)
    for user_id in user_ids:
        send_digest.delay(user_id, today.isoformat())
    return len(user_ids)


@shared_task
def send_digest(user_id: int, day: str | None = None) -> bool:
    """Send one person's digest for the day (at most one a day); True when an email went."""
    return notifications.send_digest(user_id=user_id, day=_day(day))


@shared_task
def delete_recorded_files() -> dict[str, int]:
    """Delete the uploaded files recorded for deletion (programmes.FileDeletion) and tick them off; queued after
    the transaction that recorded them commits, and run again at the end of every daily retention run."""
    return services_files.delete_recorded_files()
