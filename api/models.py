"""Personal API tokens and the log of their use (issue 20 item 2).

A member of staff creates a named token with an expiry on the tokens page; it is shown once and only its SHA-256
hash is kept, with a short prefix by which the owner recognises it in the list. A token is refused once expired or
revoked. Every request made with a token adds one row to its use log (one INSERT, nothing updated)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    """A personal API token: its owner, a name they chose, when it expires, and whether it was revoked. The
    token itself is never stored: `key_hash` is the SHA-256 of it, `prefix` its first characters."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. “Power BI board report”.")
    prefix = models.CharField(max_length=16, help_text="The token's first characters, to recognise it by.")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class ApiTokenUse(models.Model):
    """One request made with a token: when, which method and path, and from which address."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="uses")
    used_at = models.DateTimeField(default=timezone.now)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=300)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-used_at", "-pk"]
        indexes = [models.Index(fields=["token", "-used_at"])]

    def __str__(self) -> str:
        return f"{self.method} {self.path} at {self.used_at:%d %b %Y %H:%M}"
