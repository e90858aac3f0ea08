"""`/health/ready` under real outages (issue 20, operations): the application runs as a real gunicorn process against
a PostgreSQL and a redis-server of the test's own, which the test stops, hangs and starts again. The load balancer's
question gets a 503 naming what is down within a few seconds, never a hang, and 200 again once it is back, with
nothing restarted; the 503s are logged as warnings, never as errors with a traceback."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import need
from tests.faults.conftest import (
    POSTGRESQL_BIN,
    PrivatePostgreSQL,
    PrivateRedis,
    free_port,
    private_postgresql_server,
    private_redis_server,
    stop_group,
    wait_until,
)

pytestmark = pytest.mark.faults

BASE_DIR = Path(__file__).resolve().parents[2]
HEALTH_CHECK_TIMEOUT = 2  # seconds each check may take (HEALTH_CHECK_TIMEOUT), set small for the test
BOUND = 6  # seconds within which the 503 must come: the check's timeout, a second's grace, and a loaded machine
ALL_OK = {"database": "ok", "cache": "ok", "broker": "ok", "migrations": "ok"}
HUNG_FOR_AT_MOST = 20  # seconds: a watchdog resumes a stopped process, so the test fails rather than hangs


@dataclass
class Web:
    url: str
    log: Path
    postgresql: PrivatePostgreSQL
    redis: PrivateRedis

    def ready(self) -> tuple[int, dict, float]:
        """(status, JSON body, seconds taken) of GET /health/ready."""
        started = time.monotonic()
        try:
            with urllib.request.urlopen(f"{self.url}/health/ready", timeout=30) as response:  # noqa: S310  # nosec B310
                status, body = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        return status, json.loads(body), time.monotonic() - started

    def back_to_ready(self) -> None:
        wait_until(lambda: self.ready()[0] == 200, timeout=30, every=0.5, what="/health/ready answering 200 again")


def _test_database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _copy_migrated_database(postgresql: PrivatePostgreSQL) -> None:
    """The test database, migrated by pytest-django, copied into the private server (faster than migrating)."""
    dump = subprocess.run(  # noqa: S603  # fixed command  # nosec B603
        [f"{POSTGRESQL_BIN}/pg_dump", "-Fc", "--no-owner", "--no-privileges", "-d", _test_database_url()],
        check=True,
        capture_output=True,
        timeout=120,
    ).stdout
    subprocess.run(  # noqa: S603  # fixed command  # nosec B603
        [f"{POSTGRESQL_BIN}/pg_restore", "--no-owner", "--no-privileges", "-d", postgresql.url],
        input=dump,
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.fixture
def web(django_db_setup, tmp_path) -> Iterator[Web]:
    need("PostgreSQL (the test database is copied with pg_dump)", connection.vendor == "postgresql")
    need("gunicorn", shutil.which("gunicorn", path=os.path.dirname(sys.executable)) is not None)
    with private_postgresql_server() as postgresql, private_redis_server() as redis:
        _copy_migrated_database(postgresql)
        port = free_port()
        log = tmp_path / "web.log"
        env = {
            **os.environ,
            "DATABASE_URL": postgresql.url,
            "REDIS_URL": f"redis://127.0.0.1:{redis.port}/1",
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis.port}/0",
            "HEALTH_CHECK_TIMEOUT": str(HEALTH_CHECK_TIMEOUT),
            # Longer than the bound: the check's own timeout must answer for a hung server, not the connection's.
            "DATABASE_CONNECT_TIMEOUT": "15",
            "LOG_FORMAT": "json",
            "DEBUG": "false",
            "SECURE_HTTPS": "false",
            "STATIC_MANIFEST": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
        }
        env.pop("CELERY_RESULT_BACKEND", None)
        server = subprocess.Popen(  # noqa: S603  # fixed command  # nosec B603
            [sys.executable, "-m", "gunicorn", "peersupport.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=BASE_DIR,
            env=env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        web = Web(url=f"http://127.0.0.1:{port}", log=log, postgresql=postgresql, redis=redis)

        def live():
            try:
                with urllib.request.urlopen(f"{web.url}/health/live", timeout=5) as response:  # noqa: S310  # nosec B310
                    return response.status == 200
            except OSError:
                return False

        try:
            wait_until(live, timeout=60, every=0.5, what="gunicorn answering /health/live")
            yield web
        finally:
            stop_group(server)
            print(log.read_text(errors="replace")[-6000:])  # shown when the test fails


def _resume_after(pid: int, seconds: float) -> threading.Timer:
    watchdog = threading.Timer(seconds, lambda: os.kill(pid, signal.SIGCONT))
    watchdog.daemon = True
    watchdog.start()
    return watchdog


def assert_unavailable(web: Web, *down: str) -> None:
    status, body, elapsed = web.ready()
    assert status == 503, body
    assert body == {"status": "unavailable", "checks": {**ALL_OK, **dict.fromkeys(down, "unavailable")}}
    assert elapsed < BOUND, f"/health/ready took {elapsed:.1f} s with {', '.join(down)} down"


def test_ready_answers_503_while_postgresql_or_redis_is_down_and_200_once_they_are_back(web):
    assert web.ready()[:2] == (200, {"status": "ok", "checks": ALL_OK})

    web.postgresql.stop()
    assert_unavailable(web, "database")
    web.postgresql.start()
    web.back_to_ready()

    # Hung: the kernel still accepts connections, the postmaster answers nothing. The check gives up after
    # HEALTH_CHECK_TIMEOUT, long before the connection's own DATABASE_CONNECT_TIMEOUT would.
    postmaster = web.postgresql.postmaster_pid()
    os.kill(postmaster, signal.SIGSTOP)
    watchdog = _resume_after(postmaster, HUNG_FOR_AT_MOST)
    try:
        assert_unavailable(web, "database")
    finally:
        os.kill(postmaster, signal.SIGCONT)
        watchdog.cancel()
    web.back_to_ready()

    # Redis is both the cache and the broker here.
    web.redis.stop()
    assert_unavailable(web, "cache", "broker")
    web.redis.start_again()
    web.back_to_ready()

    watchdog = web.redis.hang(at_most=HUNG_FOR_AT_MOST)
    try:
        assert_unavailable(web, "cache", "broker")
    finally:
        web.redis.resume()
        watchdog.cancel()
    web.back_to_ready()

    # Each 503 was one warning naming what was down; nothing logged as an error, no traceback.
    records = [json.loads(line) for line in web.log.read_text().splitlines() if line.startswith("{")]
    not_ready = [r["message"] for r in records if r["level"] == "WARNING" and r["message"].startswith("Not ready")]
    assert "Not ready: database" in not_ready
    assert "Not ready: cache, broker" in not_ready
    assert [r for r in records if r["level"] in ("ERROR", "CRITICAL")] == []
    assert "Traceback" not in web.log.read_text()
    assert all(r["request_id"] != "-" for r in records if r["message"].startswith("Not ready"))
