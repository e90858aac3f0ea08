"""Two records of one person: the peers whose email another peer of their trust already held when emails became
unique per trust (for HR to merge), and the record of each merge (`services.merge_peers`). Shared model."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .shared import Peer


class PeerEmailDuplicate(models.Model):
    """A peer who had the same email (ignoring case) as an earlier peer of the same trust when a trust's emails
    became unique (migration 0008). The email was moved here from the peer's record (and its history says so), so
    nothing is lost: HR merges the two records of the person (or corrects the email), and the report is resolved."""

    class Resolution(models.TextChoices):
        MERGED = "merged", "Merged into one record"
        EMAIL_RESTORED = "email_restored", "Email given back to the record"

    peer = models.ForeignKey(
        Peer, on_delete=models.CASCADE, related_name="email_duplicates", help_text="The record whose email was moved."
    )
    same_as = models.ForeignKey(
        Peer,
        on_delete=models.CASCADE,
        related_name="email_duplicates_kept",
        help_text="The earlier record of the trust, which kept the email.",
    )
    email = models.EmailField(help_text="The email the record had.")
    found_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=20, choices=Resolution.choices, blank=True)

    class Meta:
        ordering = ["resolved_at", "found_at", "pk"]
        verbose_name = "peer email duplicate"

    def __str__(self) -> str:
        return f"{self.peer} had the email of {self.same_as}"


class PeerMerge(models.Model):
    """Two records of one person made one: every record of the merged peer now belongs to the kept one, and the
    merged peer is gone (its own history stays under its number)."""

    kept = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="merges")
    merged_peer_id = models.BigIntegerField(help_text="The number of the record merged in (its history keeps it).")
    merged_full_name = models.CharField(max_length=200)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    moved = models.JSONField(default=dict, help_text="How many records of each kind moved to the kept peer.")
    filled = models.JSONField(default=list, help_text="The kept peer's empty fields filled from the merged one.")

    class Meta:
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"Peer #{self.merged_peer_id} merged into {self.kept}"
