"""Celery task of the privacy app: the daily retention run (03:00, scheduled by
migrations/0002_retention_schedule.py), which also purges create forms' claimed submission tokens older than a
week. It takes an ISO date and is safe to run twice."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from programmes import integrity

from . import services


@shared_task
def apply_retention(day: str | None = None) -> dict:
    """Remove unsuccessful applicants' data whose retention period has passed on `day` (ISO date; today by default)."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    run = services.apply_retention(today=today)
    # Create forms' claimed tokens are kept a week (a repeat of the form within it saves nothing): then removed.
    purged = integrity.purge_submission_tokens()
    return {"ran_for": run.ran_for.isoformat(), "removed": run.removed, "months": run.months, "tokens_purged": purged}
