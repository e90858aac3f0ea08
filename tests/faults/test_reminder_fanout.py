"""The daily reminder run fanned out across a pool of real Celery workers (issue 19, item 5): two `celery worker`
processes (prefork, one child each) on a private Redis, broker and result backend, take the parts of the run (one
per trust, the big trusts in batches of 3 peers in post for the test) from the task beat runs; the chord's final step
records the run finished. Every notification that one run over everyone creates exists exactly once, the run is
recorded finished with that count, and a second run creates nothing."""

from __future__ import annotations

import os
import re
import subprocess
import uuid
from pathlib import Path

import pytest

from peersupport.celery import app, worker_argv
from programmes.models import Notification
from tests.faults.conftest import wait_until
from tests.faults.test_killed_worker import BASE_DIR, database_url
from tests.workforce.test_celery_worker import forget_broker_connections
from tests.workforce.test_reminder_jobs import DAY
from tests.workforce.test_reminder_parts import add_trusts
from tests.workforce.test_reminders_under_faults import assert_each_once, reference_keys
from workforce import reminders, tasks
from workforce.models import ReminderRun

pytestmark = [pytest.mark.faults, pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

PEERS_PER_PART = 3
WORKER_START = 45  # seconds a worker may take to start on a busy machine
RUN_WAIT = 60  # seconds the run may take, from queueing to its final step


def start_worker(broker_url: str, log: Path) -> subprocess.Popen:
    """`celery -A peersupport worker`, one pool process, in a process group of its own (so it can be ended whole)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": broker_url,  # the result backend defaults to it (settings)
        "REMINDER_PEERS_PER_PART": str(PEERS_PER_PART),
    }
    env.pop("CELERY_RESULT_BACKEND", None)
    return subprocess.Popen(
        worker_argv(f"fanout-{uuid.uuid4().hex[:8]}@%h"),
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, 15)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.wait(timeout=10)


@pytest.fixture
def worker_pool(celery_queues_to, tmp_path):
    """Two worker processes on the private Redis; this process queues to it and reads results from it."""
    saved = app.conf.result_backend
    app.conf.update(result_backend=celery_queues_to.url)
    forget_broker_connections()
    logs = [tmp_path / f"worker{i}.log" for i in (1, 2)]
    processes = [start_worker(celery_queues_to.url, log) for log in logs]
    try:
        for log in logs:
            wait_until(
                lambda log=log: "ready." in log.read_text(errors="replace"),
                timeout=WORKER_START,
                what=f"{log.name} ready",
            )
        yield logs
    finally:
        for process in processes:
            stop(process)
        app.conf.update(result_backend=saved)
        forget_broker_connections()
        for log in logs:
            print(log.name, log.read_text(errors="replace")[-4000:])  # shown when the test fails


def parts_done(log: Path) -> int:
    return len(re.findall(r"workforce\.tasks\.run_reminder_part\[[^\]]+\] succeeded", log.read_text(errors="replace")))


def test_the_daily_run_fanned_out_over_two_workers_creates_every_notification_once(workforce, worker_pool):
    add_trusts((8, 5, 2, 0))
    expected = reference_keys()
    parts = reminders.parts(DAY, peers_per_part=PEERS_PER_PART)
    assert len(parts) >= 8  # several trusts, the biggest in batches

    created = tasks.run_daily_reminders.apply_async((DAY.isoformat(),)).get(timeout=RUN_WAIT)

    assert_each_once(expected)
    assert sum(created.values()) == len(expected)
    run = ReminderRun.objects.get(day=DAY)
    assert run.finished_at is not None and run.created == len(expected)
    # Every part ran once, and both workers took some.
    done = [parts_done(log) for log in worker_pool]
    assert sum(done) == len(parts)
    assert min(done) > 0, done

    # The same day again (beat firing twice, the catch-up beside a late run): nothing more.
    again = tasks.run_daily_reminders.apply_async((DAY.isoformat(),)).get(timeout=RUN_WAIT)
    assert sum(again.values()) == 0
    assert_each_once(expected)
    assert Notification.objects.count() == len(expected)
    assert list(ReminderRun.objects.filter(day=DAY).order_by("pk").values_list("created", flat=True)) == [
        len(expected),
        0,
    ]
    assert not ReminderRun.objects.filter(day=DAY, finished_at__isnull=True).exists()
