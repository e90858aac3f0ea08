"""The reminder jobs through real Celery: a worker on Redis runs the daily task, and an unreachable broker
never breaks a web request (the next daily run sends what was due).

These tests commit their data (transaction=True): the worker runs in another thread, with its own
database connection, and must see it.
"""

from __future__ import annotations

import datetime
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connections

from peersupport.celery import app
from programmes.models import Notification
from tests.conftest import REDIS_URL, need, redis_available
from workforce import tasks

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def celery_on_redis():
    """The project's Celery app pointed at the test Redis, on a queue of this test's own (pytest-xdist
    runs tests side by side), with a worker thread; everything restored afterwards."""
    need(f"Redis at {REDIS_URL}", redis_available())
    queue = f"test-{uuid.uuid4().hex}"
    saved = {
        key: app.conf[key]
        for key in (
            "broker_url",
            "result_backend",
            "task_always_eager",
            "task_default_queue",
            "broker_connection_retry_on_startup",
        )
    }
    app.conf.update(
        broker_url=REDIS_URL,
        result_backend=REDIS_URL,
        task_always_eager=False,
        task_default_queue=queue,
        broker_connection_retry_on_startup=False,
    )
    app._pool = None  # a producer pool made for another broker must not be reused
    try:
        with start_worker(app, pool="solo", queues=[queue], perform_ping_check=False, shutdown_timeout=30) as worker:
            yield worker
    finally:
        app.conf.update(saved)
        app._pool = None
        connections.close_all()


def test_the_daily_reminder_task_runs_in_a_celery_worker_on_redis(workforce, celery_on_redis):
    result = tasks.run_daily_reminders.delay(TODAY.isoformat())
    created = result.get(timeout=60)

    assert sum(created.values()) > 0
    assert Notification.objects.count() == sum(created.values())
    # The peer worker is overdue for peer supervision (last held 4 November): she and her supervisor hear.
    overdue = Notification.objects.filter(
        kind=Notification.Kind.SUPERVISION_OVERDUE, subject__contains=f":{workforce.peer.pk}:"
    )
    assert {n.recipient for n in overdue} >= {workforce.peer_worker, workforce.supervisor}

    # Run again through the worker: nothing new.
    again = tasks.run_daily_reminders.delay(TODAY.isoformat()).get(timeout=60)
    assert sum(again.values()) == 0
    assert Notification.objects.count() == sum(created.values())
