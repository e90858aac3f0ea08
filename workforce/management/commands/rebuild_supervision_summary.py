"""`python manage.py rebuild_supervision_summary`: rebuild the maintained supervision summary from the sessions
(after a bulk load or a repair that wrote sessions without the supervision services), printing how many rows."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from workforce.supervision_summary import REBUILD_BATCH, rebuild_summary


class Command(BaseCommand):
    help = (
        "Rebuilds the supervision summary (each peer's last held and planned sessions of each kind) from the "
        "sessions, in one transaction, and prints how many rows it holds."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", type=int, default=REBUILD_BATCH, help=f"Peers read at a time (default {REBUILD_BATCH})."
        )

    def handle(self, *args, batch: int, **options):
        if batch < 1:
            raise CommandError("--batch must be 1 or more.")
        rows = rebuild_summary(batch=batch)
        noun = "row" if rows == 1 else "rows"
        self.stdout.write(self.style.SUCCESS(f"Rebuilt the supervision summary: {rows:,} {noun}."))
