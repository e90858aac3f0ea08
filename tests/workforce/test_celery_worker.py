"""The reminder jobs through real Celery: a worker on Redis runs the daily task, and an unreachable broker
never breaks a web request (the next daily run sends what was due).

These tests commit their data (transaction=True): the worker runs in another thread, with its own
database connection, and must see it.
"""

from __future__ import annotations

import datetime
import io
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command
from django.db import connections
from django.urls import reverse

from peersupport.celery import app
from programmes.models import Notification
from tests.conftest import REDIS_URL, need, redis_available
from workforce import tasks

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = datetime.date(2026, 11, 23)


def forget_broker_connections() -> None:
    """Drop the connection and producer pools and the result backend made for the configuration in use
    before (the app caches them, per thread for the backend)."""
    app._pool = None
    app.amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


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
    forget_broker_connections()
    try:
        # The embedded worker sets the root logger's level (ERROR by default) for the rest of the process:
        # WARNING keeps the warnings other tests look for (the broker-down log line) visible.
        with start_worker(
            app, pool="solo", queues=[queue], perform_ping_check=False, shutdown_timeout=30, loglevel="WARNING"
        ) as worker:
            yield worker
    finally:
        app.conf.update(saved)
        forget_broker_connections()
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


CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def broker_down():
    """Celery queueing for real (not in-process) to a broker that cannot be reached."""
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=CLOSED_PORT_BROKER, task_always_eager=False)
    forget_broker_connections()
    try:
        yield
    finally:
        app.conf.update(saved)
        forget_broker_connections()


def test_a_web_request_completes_with_the_broker_down_and_the_next_run_sends_what_was_due(
    workforce, client, broker_down, caplog
):
    w = workforce
    client.force_login(w.peer_worker)

    # The peer shares her plan with her line manager; the service queues her reminders after commit,
    # which fails to reach the broker: the request still completes and the sharing is saved.
    response = client.post(reverse("workforce:wap-sharing", args=[w.wap.pk]), {"line_manager": "on"})

    assert response.status_code == 302
    w.wap.refresh_from_db()
    assert w.wap.shared_with_line_manager
    assert "the broker is unreachable" in caplog.text
    assert not Notification.objects.exists()

    # The next daily run (here the command cron users run) sends what was due: her plan's review of
    # 1 December is overdue on the 3rd, to her and now to her line manager.
    out = io.StringIO()
    call_command("run_reminders", "--date", "2026-12-03", stdout=out)

    overdue = Notification.objects.filter(kind=Notification.Kind.WAP_REVIEW_OVERDUE, subject__contains=str(w.wap.pk))
    assert {n.recipient for n in overdue} == {w.peer_worker, w.line_manager}
    assert "Created" in out.getvalue()
