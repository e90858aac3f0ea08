"""A hung Redis (issue 22, item 3): with the broker SIGSTOPped, a supervision session saved through the web answers
in under 5 s, saved, and the reminders it would have queued are left to the daily run (logged).

Before the broker's socket timeouts, the enqueue after the commit waited on the socket for as long as Redis hung
(31 s and more), and the user saw an error for a session that had been saved."""

from __future__ import annotations

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.faults.conftest import hidden_fields
from workforce.models import SupervisionSession

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

HUNG_FOR_AT_MOST = 20  # seconds: the watchdog resumes Redis, so without the timeouts the test fails, not hangs


def test_a_session_saved_while_redis_is_hung_answers_within_5_seconds_and_is_saved(
    workforce, client, celery_queues_to, caplog
):
    w, redis = workforce, celery_queues_to
    client.force_login(w.supervisor)
    page = client.get(reverse("workforce:supervision-create"))
    assert page.status_code == 200
    # The broker works before it hangs: the web process has a connection open to it (the worst case).
    from workforce import tasks

    tasks.remind_about_peer.delay_or_log(w.peer.pk)
    assert redis.client().llen("celery") == 1
    held_on = timezone.localdate() - datetime.timedelta(days=1)

    watchdog = redis.hang(at_most=HUNG_FOR_AT_MOST)
    try:
        started = time.monotonic()
        response = client.post(
            reverse("workforce:supervision-create"),
            {
                **hidden_fields(page.content.decode()),
                "kind": "peer",
                "format": "group",
                "status": "held",
                "date": held_on.isoformat(),
                "duration_minutes": 60,
                "supervisor": w.supervisor.pk,
                "attendees": [w.peer.pk, w.colleague.pk],
                "themes": "Boundaries when sharing your story.",
                "actions": "",
            },
        )
        elapsed = time.monotonic() - started
    finally:
        redis.resume()
        watchdog.cancel()

    session = SupervisionSession.objects.get(date=held_on, supervisor=w.supervisor, themes__startswith="Boundaries")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("workforce:supervision-notes", args=[session.pk])
    assert set(session.attendances.values_list("peer_id", flat=True)) == {w.peer.pk, w.colleague.pk}
    assert elapsed < 5, f"the save took {elapsed:.1f} s with Redis hung"
    assert "the broker is unreachable" in caplog.text  # logged; the daily run catches up
