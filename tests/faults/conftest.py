"""Helpers of the fault tests (issue 22): private Redis processes the tests start, hang (SIGSTOP) and stop, and
the project's Celery app pointed at one of them. Never the shared services on 6379 and 5432.

Every fault test is marked `faults` (`pytest -m faults` runs them alone) and bounds its own waits: a watchdog
resumes a stopped process after a fixed time, so a test fails rather than hangs when the fault is not handled.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
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


def stop_group(process: subprocess.Popen, sig: int = signal.SIGTERM, *, wait: float = 20) -> None:
    """Signal a process started with start_new_session=True and its whole group (a worker's pool, gunicorn's
    workers); if it has not ended within `wait` seconds, kill the group."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


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

    def stop(self) -> None:
        """End the server (connections refused from now on)."""
        self.resume()
        self.process.terminate()
        self.process.wait(timeout=10)

    def start_again(self) -> None:
        """A new server on the same port, once stopped; answering when this returns."""
        self.process = subprocess.Popen(_redis_argv(self.port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for_redis(self)


def _redis_argv(port: int) -> list[str]:
    return [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]


def _wait_for_redis(server: PrivateRedis) -> None:
    client = server.client()

    def answers():
        try:
            return client.ping()
        except Exception:  # noqa: BLE001  (not up yet)
            return False

    wait_until(answers, timeout=10, what="the private redis-server answering")


@contextlib.contextmanager
def private_redis_server() -> Iterator[PrivateRedis]:
    need("redis-server", os.path.exists(REDIS_SERVER))
    port = free_port()
    process = subprocess.Popen(_redis_argv(port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = PrivateRedis(port=port, process=process)
    try:
        _wait_for_redis(server)
        yield server
    finally:
        server.resume()
        # The server now running (start_again may have replaced the first).
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)


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


# A private PostgreSQL (issue 20, /health/ready): a cluster of the test's own in a temporary folder, on a free port,
# that the test stops and starts. As root (CI, this machine) the server runs as the `postgres` account, which initdb
# and postgres insist on.
POSTGRESQL_BIN = next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)), "")


def _as_postgres(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@dataclass
class PrivatePostgreSQL:
    port: int
    data: str
    log: str

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _ctl(self, *args: str, timeout: float = 60) -> None:
        subprocess.run(  # noqa: S603  # fixed command  # nosec B603
            _as_postgres([f"{POSTGRESQL_BIN}/pg_ctl", "-D", self.data, *args]),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
        )

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data} -c fsync=off"
        self._ctl("-l", self.log, "-o", options, "-w", "-t", "60", "start", timeout=90)

    def stop(self) -> None:
        self._ctl("-m", "fast", "-w", "stop")

    def running(self) -> bool:
        return os.path.exists(os.path.join(self.data, "postmaster.pid"))

    def postmaster_pid(self) -> int:
        with open(os.path.join(self.data, "postmaster.pid")) as pid_file:
            return int(pid_file.readline())


@contextlib.contextmanager
def private_postgresql_server() -> Iterator[PrivatePostgreSQL]:
    need(f"PostgreSQL's initdb and pg_ctl under /usr/lib/postgresql/*/bin (found {POSTGRESQL_BIN!r})", POSTGRESQL_BIN)
    # A folder of its own under /tmp, not pytest's (private to root, which the postgres account cannot enter).
    folder = tempfile.mkdtemp(prefix="private-postgresql-")
    try:
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        data, log = os.path.join(folder, "data"), os.path.join(folder, "server.log")
        subprocess.run(  # noqa: S603  # fixed command  # nosec B603
            _as_postgres([f"{POSTGRESQL_BIN}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=120,
        )
        server = PrivatePostgreSQL(port=free_port(), data=data, log=log)
        server.start()
        try:
            yield server
        finally:
            with contextlib.suppress(OSError, ValueError):
                os.kill(server.postmaster_pid(), signal.SIGCONT)
            if server.running():
                with contextlib.suppress(subprocess.SubprocessError):
                    server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
