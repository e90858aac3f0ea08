"""Celery tasks of the employment phase: the daily reminder run (06:00, scheduled by
migrations/0002_reminder_schedule.py) and a run for one peer, queued by services after a change with
`remind_about_peer.delay_on_commit(peer.pk)`. They take ids and ISO dates and are safe to run twice."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from programmes.models import Peer

from . import reminders


@shared_task
def run_daily_reminders(day: str | None = None) -> dict:
    """Every reminder job for every employed peer on `day` (ISO date; today by default)."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return reminders.run(today)


@shared_task
def remind_about_peer(peer_id: int) -> dict:
    """The reminder jobs for one peer, today (after their placement, sessions or plan changed)."""
    return reminders.run(timezone.localdate(), peers=Peer.objects.filter(pk=peer_id))
