"""Writes of the API app: creating and revoking personal API tokens, and logging each use of one."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from programmes.security import client_ip_address

from .models import ApiToken, ApiTokenUse

# What every token starts with, so a leaked one is recognisable (secret scanners, logs).
TOKEN_PREFIX = "psp_"  # noqa: S105  (the recognisable start of every token, not a secret)
PREFIX_SHOWN = len(TOKEN_PREFIX) + 6
LONGEST_LIFE = datetime.timedelta(days=366)


def hash_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    """A token just created: the record and the token itself, which is shown once and never again."""

    record: ApiToken
    token: str


@transaction.atomic
def create_token(*, user, name: str, expires_on: datetime.date) -> NewToken:
    """A new personal API token for `user`, valid until the end of `expires_on` (London time)."""
    today = timezone.localdate()
    errors = {}
    if not name.strip():
        errors["name"] = "Enter a name for the token, e.g. what it is for."
    if expires_on <= today:
        errors["expires_on"] = "The expiry date must be after today."
    elif expires_on > today + LONGEST_LIFE:
        errors["expires_on"] = "A token can last at most a year: choose an earlier expiry date."
    if errors:
        raise ValidationError(errors)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    end_of_day = datetime.datetime.combine(expires_on + datetime.timedelta(days=1), datetime.time.min)
    record = ApiToken(
        user=user,
        name=name.strip(),
        prefix=token[:PREFIX_SHOWN],
        key_hash=hash_of(token),
        expires_at=timezone.make_aware(end_of_day),
    )
    record.full_clean()
    record.save()
    return NewToken(record=record, token=token)


@transaction.atomic
def revoke_token(*, token: ApiToken) -> ApiToken:
    """Revoke a token at once; revoking it again changes nothing."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
    return locked


def active_token(token: str) -> ApiToken | None:
    """The token record of a presented token, with its user, when it is neither expired nor revoked."""
    record = ApiToken.objects.select_related("user").filter(key_hash=hash_of(token)).first()
    if record is None or not record.is_active() or not record.user.is_active:
        return None
    return record


def log_use(*, token: ApiToken, request) -> None:
    """One row for one request made with the token: a single INSERT."""
    ApiTokenUse.objects.create(
        token=token,
        method=request.method[:10],
        path=request.get_full_path()[:300],
        ip_address=client_ip_address(request) or None,
    )
