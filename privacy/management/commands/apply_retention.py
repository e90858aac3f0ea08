"""`python manage.py apply_retention [--date YYYY-MM-DD]`: the retention job, run now (for cron users and the
demo): removes unsuccessful applicants' data whose retention period has passed and prints how many."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from privacy import services


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--date must be a date written YYYY-MM-DD, e.g. 2027-01-31, not {value!r}.") from error


class Command(BaseCommand):
    help = "Removes the personal data of unsuccessful applicants whose retention period has passed."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to run it for, YYYY-MM-DD (default: today).")

    def handle(self, *args, date=None, **options):
        today = _date(date) if date else timezone.localdate()
        run = services.apply_retention(today=today)
        noun = "applicant" if run.removed == 1 else "applicants"
        self.stdout.write(
            self.style.SUCCESS(
                f"Retention for {today:%d %B %Y} ({run.months} months): removed the data of {run.removed} "
                f"unsuccessful {noun}."
            )
        )
