"""Celery task of the privacy app: the daily retention run (03:00, scheduled by
migrations/0002_retention_schedule.py). It takes an ISO date and is safe to run twice."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def apply_retention(day: str | None = None) -> dict:
    """Remove unsuccessful applicants' data whose retention period has passed on `day` (ISO date; today by default)."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    run = services.apply_retention(today=today)
    return {"ran_for": run.ran_for.isoformat(), "removed": run.removed, "months": run.months}
