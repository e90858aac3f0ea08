"""A real Celery worker (issue 20, operations): a task queued inside a request runs in the worker's pool process with
the request's id on its log lines (JSON), and the worker's main process serves the pool's task counts and durations
on WORKER_METRICS_PORT."""

from __future__ import annotations

import json
import os
import re
import subprocess
import urllib.request
import uuid

import pytest
from django_guid.context import guid

from peersupport.celery import app, worker_argv
from tests.faults.conftest import free_port, private_redis_server, stop_group, wait_until
from tests.faults.test_killed_worker import BASE_DIR, database_url
from tests.workforce.test_celery_worker import forget_broker_connections

pytestmark = pytest.mark.celery_worker

TASK = "programmes.tasks.delete_recorded_files"
WORKER_START = 45  # seconds a worker may take to start on a busy machine


@pytest.fixture
def worker(django_db_setup, tmp_path):
    """One worker (a prefork pool of one) on a private Redis, serving its metrics; this process queues to it."""
    with private_redis_server() as redis:
        saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
        app.conf.update(broker_url=redis.url, task_always_eager=False)
        forget_broker_connections()
        port = free_port()
        log = tmp_path / "worker.log"
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": redis.url,
            "WORKER_METRICS_PORT": str(port),
            "LOG_FORMAT": "json",
        }
        env.pop("CELERY_RESULT_BACKEND", None)
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        process = subprocess.Popen(  # noqa: S603  # fixed command  # nosec B603
            worker_argv(f"ops-{uuid.uuid4().hex[:8]}@%h"),
            cwd=BASE_DIR,
            env=env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until(lambda: "ready." in log.read_text(errors="replace"), timeout=WORKER_START, what="worker ready")
            yield log, port
        finally:
            stop_group(process)
            app.conf.update(saved)
            forget_broker_connections()
            print(log.read_text(errors="replace")[-4000:])  # shown when the test fails


def test_a_queued_task_logs_the_requests_id_and_is_counted_by_the_worker(worker):
    log, port = worker
    from programmes import tasks

    request_id = uuid.uuid4().hex
    token = guid.set(request_id)  # as inside a request (django-guid's middleware)
    try:
        result = tasks.delete_recorded_files.apply_async(ignore_result=True)
    finally:
        guid.reset(token)

    done = re.compile(rf"{re.escape(TASK)}\[{result.id}\] succeeded")
    wait_until(lambda: done.search(log.read_text(errors="replace")), timeout=30, what="the task done")
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    succeeded = [line for line in lines if done.search(line["message"])]
    assert [line["request_id"] for line in succeeded] == [request_id]

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:  # noqa: S310  # nosec B310
        body = response.read().decode()
    assert f'celery_tasks_total{{state="success",task="{TASK}"}} 1.0' in body
    assert f'celery_task_duration_seconds_count{{task="{TASK}"}} 1.0' in body
