"""A whole Celery worker killed during the daily reminder run (issue 22, item 5): a real `celery worker` process
(prefork, one child) on a private Redis takes the run (it queues the run's parts, and takes one) and blocks inside
its write of the notifications (another connection holds a lock on the table); the worker's process group is killed
with SIGKILL (as the OOM killer or a host crash would), the lock released, and a new worker started. The run is given
to the new worker once the visibility timeout set for the test has passed, and completes with every notification
exactly once.

Before, the visibility timeout was Redis's default (an hour) and could not be configured: the run waited an hour,
racing the 07:00 digest. The run also left no record, so nothing could tell that it had died."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from peersupport.celery import worker_argv
from tests.faults.conftest import stop_group, wait_until
from tests.workforce.test_reminder_jobs import DAY, _add_peers
from tests.workforce.test_reminders_under_faults import assert_each_once, keys, reference_keys
from workforce import tasks
from workforce.models import ReminderRun

pytestmark = [pytest.mark.faults, pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parents[2]
VISIBILITY_TIMEOUT = 5  # seconds, for the test (300 in production: settings, CELERY_VISIBILITY_TIMEOUT)
RESTORE_INTERVAL = 10  # kombu looks for unacknowledged messages this often (settings: unacked_restore_interval)
WORKER_START = 45  # seconds a worker may take to start and take a message on a busy machine


def database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def other_connection(**kwargs) -> psycopg.Connection:
    s = connection.settings_dict
    return psycopg.connect(
        dbname=s["NAME"],
        user=s["USER"],
        password=s["PASSWORD"] or None,
        host=s["HOST"],
        port=s["PORT"] or 5432,
        **kwargs,
    )


class Worker:
    """`celery -A peersupport worker` in a process group of its own, on the test's database and private Redis."""

    def __init__(self, broker_url: str, log: Path):
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": broker_url,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "DIGEST_WAIT_SECONDS": "1",  # must stay below the visibility timeout (settings check it)
            "DATABASE_STATEMENT_TIMEOUT": "120",  # the first worker waits on the test's lock until it is killed
        }
        self.log = log
        self.process = subprocess.Popen(
            worker_argv(f"faults-{uuid.uuid4().hex[:8]}@%h"),
            cwd=BASE_DIR,
            env=env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the pool's child dies with it
        )

    def kill_all(self, sig=signal.SIGKILL) -> None:
        stop_group(self.process, sig, wait=15)


@pytest.fixture
def workers(celery_queues_to, tmp_path):
    started: list[Worker] = []
    log = tmp_path / "worker.log"

    def start() -> Worker:
        worker = Worker(celery_queues_to.url, log)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.kill_all()
    print(log.read_text(errors="replace")[-6000:])  # shown when the test fails


def blocked_inserts(monitor: psycopg.Connection) -> list[int]:
    """Backends waiting for a lock while inserting notifications: the run, pinned inside its write."""
    rows = monitor.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
        "AND query LIKE 'INSERT INTO \"programmes_notification\"%%'"
    ).fetchall()
    return [pid for (pid,) in rows]


def backend_alive(monitor: psycopg.Connection, pid: int) -> bool:
    return bool(monitor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone())


def test_a_worker_killed_during_the_reminder_run_the_run_completes_once_on_the_next_worker(
    workforce, celery_queues_to, workers
):
    redis = celery_queues_to
    _add_peers(workforce, 3)
    expected = reference_keys()

    monitor = other_connection(autocommit=True)
    locker = other_connection()
    try:
        # Inserting notifications waits behind this lock (reads do not): the run stops inside its write.
        locker.execute("LOCK TABLE programmes_notification IN SHARE MODE")
        tasks.run_daily_reminders.apply_async((DAY.isoformat(),))
        first = workers()
        [stuck] = wait_until(lambda: blocked_inserts(monitor), timeout=WORKER_START, what="the run blocking")
        assert redis.client().hlen("unacked") == 1  # taken by the worker, not acknowledged

        first.kill_all(signal.SIGKILL)
        killed_at = time.monotonic()
        locker.rollback()
        # The killed worker's database session ends with its transaction rolled back: nothing was written.
        wait_until(lambda: not backend_alive(monitor, stuck), timeout=15, what="the killed worker's session ending")
        assert keys() == []
        dead = ReminderRun.objects.get(day=DAY)
        assert dead.finished_at is None  # the run that died is visible
        assert redis.client().hlen("unacked") == 1  # the message waits for its visibility timeout

        workers()
        deadline = WORKER_START + VISIBILITY_TIMEOUT + RESTORE_INTERVAL
        wait_until(
            lambda: ReminderRun.objects.filter(day=DAY, finished_at__isnull=False).exists(),
            timeout=deadline,
            every=0.5,
            what=f"the run finishing on the new worker (visibility timeout {VISIBILITY_TIMEOUT} s)",
        )
        took = time.monotonic() - killed_at
    finally:
        locker.close()
        monitor.close()

    assert_each_once(expected)
    finished = ReminderRun.objects.get(day=DAY, finished_at__isnull=False)
    assert finished.created == len(expected)
    # The run fans out (workforce.tasks): the killed worker held one part of it, which the new worker ran again, and
    # the run left unfinished is the one its final step recorded finished.
    assert finished.pk == dead.pk
    assert ReminderRun.objects.filter(day=DAY).count() == 1
    wait_until(lambda: redis.client().hlen("unacked") == 0, timeout=10, what="the message being acknowledged")
    assert took < deadline + 15
