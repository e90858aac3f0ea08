"""The integrity tests' own lock helpers (tests/integrity/live.py) see what they wait for."""

from __future__ import annotations

import pytest
from django.db import transaction

from programmes.models import Trust
from tests import factories
from tests.integrity.live import Together, holding, need_postgresql, wait_for_waiters


@pytest.mark.django_db(transaction=True)
def test_a_waiter_that_connects_after_an_earlier_poll_saw_one_is_seen():
    """The lock is held in a transaction, and PostgreSQL keeps the view of pg_stat_activity the transaction first
    reads (a poll reads it once some session waits): without clearing it, a session that connected after that
    poll was never counted, and a clean-clone run failed on it with a statement timeout."""
    need_postgresql()
    trust = factories.TrustFactory()

    def lock_the_row():
        with transaction.atomic():
            return Trust.objects.select_for_update().get(pk=trust.pk).pk

    with holding("SELECT 1 FROM programmes_trust WHERE id = %s FOR UPDATE", [trust.pk]):
        first = Together(lock_the_row)
        one_seen = wait_for_waiters("programmes_trust", 1, timeout=10)  # pg_stat_activity read with one waiting
        second = Together(lock_the_row)  # connects after that read
        both_seen = wait_for_waiters("programmes_trust", 2, timeout=10)
    assert first.results() == second.results() == [trust.pk]
    assert one_seen and both_seen, f"waiters seen: first {one_seen}, both {both_seen}"
