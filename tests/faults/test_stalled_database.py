"""A stalled PostgreSQL (issue 22, item 6): a page whose table another connection holds locked answers the 503 page
within 10 s (the statement timeout cancels the wait), and the same page answers 200 once the lock is released.

Before, there was no statement timeout: the request waited as long as the lock was held (a gunicorn worker killed
after 30 s, a 500), and no 503 page existed."""

from __future__ import annotations

import re
import threading
import time

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

HELD_FOR_AT_MOST = 20  # seconds: a watchdog releases the lock, so the test fails rather than hangs


def need_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("statement timeouts and table locks are PostgreSQL's")


@pytest.fixture
def statement_timeout_of_1_second():
    """The test's connection reopened with statement_timeout=1s in place of the configured one (30 s by default,
    too long for a test)."""
    need_postgresql()
    options = connection.settings_dict["OPTIONS"]
    saved = options.get("options", "")
    options["options"] = re.sub(r"-c statement_timeout=\d+", "", saved).strip() + " -c statement_timeout=1000"
    connection.close()
    try:
        yield
    finally:
        options["options"] = saved
        connection.close()


def other_connection() -> psycopg.Connection:
    s = connection.settings_dict
    return psycopg.connect(
        dbname=s["NAME"], user=s["USER"], password=s["PASSWORD"] or None, host=s["HOST"], port=s["PORT"] or 5432
    )


def test_the_configured_timeouts_reach_postgresql():
    need_postgresql()
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        statement_timeout = cursor.fetchone()[0]
    assert statement_timeout == f"{int(settings.DATABASE_STATEMENT_TIMEOUT)}s" == "30s"
    assert settings.DATABASES["default"]["OPTIONS"]["connect_timeout"] == 5


@pytest.mark.parametrize(
    "table",
    [
        "programmes_peer",  # read by the view: the middleware turns the error into the 503 page
        "django_session",  # read by a middleware before any view: handler500 does
    ],
)
def test_a_page_whose_table_is_locked_answers_503_quickly_and_200_once_released(
    table, workforce, statement_timeout_of_1_second
):
    # As a browser sees it: an error outside a view is answered, not raised into the test.
    client = Client(raise_request_exception=False)
    client.force_login(workforce.hr_officer)
    page = reverse("programmes:peer-list")
    assert client.get(page).status_code == 200

    locker = other_connection()
    locker.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")  # held until rollback
    watchdog = threading.Timer(HELD_FOR_AT_MOST, locker.rollback)
    watchdog.start()
    try:
        started = time.monotonic()
        stalled = client.get(page)
        elapsed = time.monotonic() - started
    finally:
        watchdog.cancel()
        locker.rollback()
        locker.close()

    assert stalled.status_code == 503
    assert elapsed < 10, f"the 503 took {elapsed:.1f} s"
    assert stalled["Retry-After"] == "30"
    body = stalled.content.decode()
    assert "<h1>Sorry, the service is not available just now</h1>" in body
    assert 'lang="en-GB"' in body and "<title>Service unavailable" in body

    # The database answers again: the same page, with nothing restarted, still signed in.
    recovered = client.get(page)
    assert recovered.status_code == 200
    assert workforce.peer.full_name in recovered.content.decode()
