"""Writes that survive people and faults: the one-time submission tokens that make every create form
idempotent (CONVENTIONS, "Idempotent creates"). Shared by every phase."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SubmissionToken(models.Model):
    """A create form's one-time token, claimed in the same transaction as the record it creates.

    The form carries a random token; the first POST inserts this row (the unique key decides who is
    first, even for two requests at once) and records what it created; a second POST of the same token
    finds the row and shows the first result instead of saving again (a double click, a retried request,
    the back button)."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submission_tokens")
    form = models.CharField(max_length=100, help_text="The page that claimed it (its URL name).")
    claimed_at = models.DateTimeField(auto_now_add=True)
    result_url = models.CharField(max_length=300, blank=True, help_text="Where the first submission led.")
    result_label = models.CharField(max_length=200, blank=True, help_text="What the first submission saved.")

    class Meta:
        ordering = ["-claimed_at"]
        indexes = [models.Index(fields=["claimed_at"])]

    def __str__(self) -> str:
        return f"{self.form} by {self.user} at {self.claimed_at:%d %b %Y %H:%M}"


class FileDeletion(models.Model):
    """An uploaded file whose record has gone, to be deleted from storage (an outbox row).

    Written in the same transaction that removes the rows pointing at the file, so a crash after the commit
    cannot leave personal data on disk with nothing pointing at it: a retrying job deletes the file and ticks
    the row off (CONVENTIONS, "After-commit side effects that must happen")."""

    name = models.CharField(
        max_length=500,
        help_text="The file's name in the default storage (MEDIA_ROOT); once deleted, its folder only.",
    )
    reason = models.CharField(max_length=200, help_text="Why it goes, e.g. 'retention'; never a person's data.")
    recorded_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        indexes = [models.Index(fields=["deleted_at", "recorded_at"])]

    def __str__(self) -> str:
        state = f"deleted {self.deleted_at:%d %b %Y %H:%M}" if self.deleted_at else "to delete"
        return f"File {self.name} ({state})"
