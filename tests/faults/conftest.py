"""Helpers of the fault tests (issue 22): private Redis processes the tests start, hang (SIGSTOP) and stop, and
the project's Celery app pointed at one of them. Never the shared services on 6379 and 5432.

Every fault test is marked `faults` (`pytest -m faults` runs them alone) and bounds its own waits: a watchdog
resumes a stopped process after a fixed time, so a test fails rather than hangs when the fault is not handled.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from peersupport.celery import app
from tests.conftest import need
from tests.workforce.test_celery_worker import forget_broker_connections

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    """A TCP port nothing listens on now (the kernel's pick)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, *, timeout: float, every: float = 0.1, what: str = "the condition"):
    """Poll `check()` until it returns something true, at most `timeout` seconds; fail the test otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {timeout} s")
        time.sleep(every)


@dataclass
class PrivateRedis:
    """A redis-server of the test's own on a free port, with nothing saved to disk."""

    port: int
    process: subprocess.Popen
    stopped: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2, socket_connect_timeout=2)

    def hang(self, *, at_most: float) -> threading.Timer:
        """SIGSTOP the server, as a hung Redis (the kernel still accepts connections, nothing answers); a
        watchdog resumes it after `at_most` seconds whatever happens."""
        with self._lock:
            os.kill(self.process.pid, signal.SIGSTOP)
            self.stopped = True
        watchdog = threading.Timer(at_most, self.resume)
        watchdog.daemon = True
        watchdog.start()
        return watchdog

    def resume(self) -> None:
        with self._lock:
            if self.stopped and self.process.poll() is None:
                os.kill(self.process.pid, signal.SIGCONT)
            self.stopped = False


@contextlib.contextmanager
def private_redis_server() -> Iterator[PrivateRedis]:
    need("redis-server", os.path.exists(REDIS_SERVER))
    port = free_port()
    process = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = PrivateRedis(port=port, process=process)
    try:
        client = server.client()

        def answers():
            try:
                return client.ping()
            except Exception:  # noqa: BLE001  (not up yet)
                return False

        wait_until(answers, timeout=10, what="the private redis-server answering")
        yield server
    finally:
        server.resume()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    with private_redis_server() as server:
        yield server


@pytest.fixture
def celery_queues_to(private_redis) -> Iterator[PrivateRedis]:
    """Tasks queued for real (not in-process) to the private Redis, with the project's transport options (the
    timeouts under test); everything restored afterwards."""
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=private_redis.url, task_always_eager=False)
    forget_broker_connections()
    try:
        yield private_redis
    finally:
        private_redis.resume()
        app.conf.update(saved)
        forget_broker_connections()


class _FormFields(HTMLParser):
    """The hidden inputs of a page's forms (a one-time submission token, the record's version), so a test posts
    what a browser would."""

    def __init__(self):
        super().__init__()
        self.hidden: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and attrs.get("type") == "hidden" and name and name != "csrfmiddlewaretoken":
            self.hidden[name] = attrs.get("value") or ""


def hidden_fields(html: str) -> dict[str, str]:
    parser = _FormFields()
    parser.feed(html)
    return parser.hidden
