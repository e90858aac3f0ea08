"""Helpers of the integrity tests (issue 22): people using a real server (pytest-django's live_server, a threaded
HTTP server over the test database) from several threads at once, and a lock held from another database
connection so that their requests block inside their writes until the test lets them go, together."""

from __future__ import annotations

import contextlib
import re
import threading
import time
from collections.abc import Callable, Iterator

import pytest
import requests
from django.conf import settings
from django.db import connection, connections, transaction
from django.test import Client

from tests.form_client import integrity_fields

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TIMEOUT = 60  # seconds: a request that takes longer has hung (the test fails rather than waits for ever)


class Person:
    """One signed-in person's browser: a session cookie, and the hidden fields of the last form opened."""

    def __init__(self, base_url: str, user):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        self.base_url = base_url
        self.cookies = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}

    def _session(self) -> requests.Session:
        session = requests.Session()  # one per request: a Session is not shared between threads
        session.cookies.update(self.cookies)
        return session

    def open(self, path: str) -> dict[str, str]:
        """GET a form's page; answer its hidden fields (the CSRF token and the form's token or version)."""
        session = self._session()
        page = session.get(self.base_url + path, timeout=TIMEOUT)
        assert page.status_code == 200, (path, page.status_code)
        self.cookies.update(session.cookies.get_dict())
        html = page.text
        return {"csrfmiddlewaretoken": CSRF.search(html).group(1), **integrity_fields(html)}

    def post(self, path: str, data: dict) -> requests.Response:
        return self._session().post(self.base_url + path, data=data, allow_redirects=False, timeout=TIMEOUT)

    def follow(self, answer: requests.Response) -> str:
        """The page a redirect leads to, with the cookies the answer set (its messages travel in one)."""
        session = self._session()
        session.cookies.update(answer.cookies.get_dict())
        page = session.get(self.base_url + answer.headers["Location"], timeout=TIMEOUT)
        assert page.status_code == 200, (answer.headers["Location"], page.status_code)
        return page.text


class Together:
    """Calls run in threads started together; `results()` joins them (bounded) and answers what each returned."""

    def __init__(self, *calls: Callable[[], object]):
        self._results: list = [None] * len(calls)
        self._errors: list = []
        self._threads = [threading.Thread(target=self._run, args=(i, call)) for i, call in enumerate(calls)]
        for thread in self._threads:
            thread.start()

    def _run(self, i: int, call) -> None:
        try:
            self._results[i] = call()
        except BaseException as error:  # noqa: BLE001  (raised again in the test's thread by results())
            self._errors.append(error)
        finally:
            connections.close_all()  # this thread's own database connection, if it opened one

    def results(self) -> list:
        for thread in self._threads:
            thread.join(TIMEOUT)
            assert not thread.is_alive(), "a request hung"
        if self._errors:
            raise self._errors[0]
        return self._results


def waiting_on(table: str) -> int:
    """How many other sessions wait for a lock on `table` (or on a row of it). PostgreSQL keeps the view of
    pg_stat_activity a transaction first reads until it ends (a poll reads it once some session waits), and the
    lock is held in one (`holding`): the snapshot is cleared first, or a session that connected after that read
    is never seen and the requests wait until their statement timeout (tests/integrity/test_live_helpers.py)."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(DISTINCT a.pid) FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid "
            "WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND NOT l.granted "
            "AND (l.relation = %s::regclass OR a.query ILIKE %s)",
            [table, f"%{table}%"],
        )
        return cursor.fetchone()[0]


def wait_for_waiters(table: str, count: int, timeout: float = 20.0) -> bool:
    """Poll until `count` sessions wait on `table`; answer whether they did (bounded: never hangs, and gives up
    well before the 30 s statement timeout cancels the waiting requests)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if waiting_on(table) >= count:
            return True
        time.sleep(0.05)
    return False


@contextlib.contextmanager
def holding(sql: str, params=()) -> Iterator[None]:
    """Hold a lock taken by `sql` in a transaction of the test's own connection until the block ends."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        yield


def need_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row and table locks)")
