"""Figures kept for the dashboards too big to count on every request (dashboards.kept).

A row holds what the dashboard page shows of one scope: the headline figures and each section's summary, chart
and first rows. It is derived data, counted again from the records at most DASHBOARD_KEEP_MINUTES later, and
dropped a week after it was last read."""

from django.conf import settings
from django.db import models


class KeptFigures(models.Model):
    fingerprint = models.CharField(
        max_length=64,
        unique=True,
        help_text="SHA-256 of what the figures cover: the teams, peers, plans, vacancies and programmes in view "
        "and the dates. A change to any of them (a role, a plan no longer shared) is another scope.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Whose dashboard the background job counts again (the scope is worked out afresh for them).",
    )
    query = models.CharField(max_length=500, blank=True, help_text="The dashboard's filters, as its address has them.")
    built_at = models.DateTimeField(help_text="When the figures were counted.")
    read_at = models.DateTimeField(help_text="When the page last showed them (to the hour).")
    build_ms = models.PositiveIntegerField(default=0, help_text="How long counting them took, in milliseconds.")
    # JSON as text, not jsonb: jsonb reorders an object's keys, and the page's charts are written out as they were.
    figures = models.TextField(help_text="The headline figures and the sections as the page shows them, as JSON.")

    class Meta:
        verbose_name = "kept dashboard figures"
        verbose_name_plural = "kept dashboard figures"
        indexes = [models.Index(fields=["built_at"], name="dashboards_kept_built_idx")]

    def __str__(self) -> str:
        return f"Dashboard figures counted at {self.built_at:%Y-%m-%d %H:%M}"
