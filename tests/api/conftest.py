"""Helpers for the API's tests: a personal API token for a named person, and requests made with it."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from api import services


def token_for(user, *, days: int = 30, name: str = "Board report") -> str:
    return services.create_token(
        user=user, name=name, expires_on=timezone.localdate() + datetime.timedelta(days=days)
    ).token


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """The throttle counts requests in the cache: each test starts with none counted."""
    cache.clear()
    yield
    cache.clear()
