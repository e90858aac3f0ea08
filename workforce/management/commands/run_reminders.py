"""`python manage.py run_reminders [--date YYYY-MM-DD]`: the daily reminder jobs, run synchronously (for
cron users and the demo), printing what they created."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from workforce import reminders


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--date must be a date written YYYY-MM-DD, e.g. 2026-12-01, not {value!r}.") from error


class Command(BaseCommand):
    help = "Runs the reminder jobs (supervision, WAP reviews, reviews, induction) and prints what they created."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to run them for, YYYY-MM-DD (default: today).")

    def handle(self, *args, date=None, **options):
        today = _date(date) if date else timezone.localdate()
        created = reminders.run_day(today)
        total = sum(created.values())
        self.stdout.write(f"Reminders for {reminders.day_text(today)}.")
        if not total:
            self.stdout.write("Created nothing: everything due has been notified already.")
            return
        parts = ", ".join(f"{count} {job}" for job, count in created.items() if count)
        noun = "notification" if total == 1 else "notifications"
        self.stdout.write(self.style.SUCCESS(f"Created {total} {noun}: {parts}."))
