"""Logs with a request id (issue 20, operations): every response carries X-Request-ID (the request's own when it is
a well-formed UUID, otherwise a new one); every log line carries it, JSON in production; a task queued by the
request carries it into the worker and, run in-process, gives it back afterwards. The real worker:
tests/operations/test_worker_operations.py."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import uuid
from types import SimpleNamespace

import pytest
from celery import signals
from django.conf import settings
from django.urls import reverse
from django_guid.context import guid

from peersupport import logs

NEW_ID = re.compile(r"^[0-9a-f]{32}$")


@pytest.fixture(autouse=True)
def no_request_id_left_over():
    token = guid.set(None)
    yield
    guid.reset(token)


@pytest.mark.django_db  # the sign-in page lists the trusts' identity providers
def test_a_response_carries_a_new_request_id(client):
    first = client.get(reverse("health-live"))["X-Request-ID"]
    second = client.get(reverse("login"))["X-Request-ID"]
    assert NEW_ID.match(first) and NEW_ID.match(second) and first != second


def test_a_well_formed_incoming_request_id_is_kept(client):
    given = str(uuid.uuid4())
    assert client.get(reverse("health-live"), HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given


@pytest.mark.parametrize("given", ["not-a-uuid", "x" * 500, "1234; rm -rf", "abc\r\nSet-Cookie: a=b"])
def test_a_malformed_incoming_request_id_is_replaced(client, given):
    returned = client.get(reverse("health-live"), HTTP_X_REQUEST_ID=given)["X-Request-ID"]
    assert NEW_ID.match(returned)


def _console_handler() -> logging.Handler:
    return next(h for h in logging.getLogger().handlers if h.get_name() == "console")


def test_production_logs_are_json_lines_with_the_request_id():
    assert settings.LOG_FORMAT == "json"  # DEBUG is off in tests, as in production
    handler = _console_handler()
    record = logging.LogRecord("peersupport.test", logging.WARNING, __file__, 1, "Saved %s", ("a record",), None)
    guid.set("0f0e0d0c0b0a09080706050403020100")
    assert handler.filter(record)
    line = json.loads(handler.format(record))
    assert line["level"] == "WARNING"
    assert line["logger"] == "peersupport.test"
    assert line["message"] == "Saved a record"
    assert line["request_id"] == "0f0e0d0c0b0a09080706050403020100"
    assert "time" in line


def test_a_line_outside_any_request_has_a_dash_for_its_id():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", (), None)
    logs.RequestIdFilter().filter(record)
    assert record.request_id == "-"


def test_development_logs_are_plain_lines():
    formatter = logging.Formatter(settings.LOGGING["formatters"]["text"]["format"])
    record = logging.LogRecord("peersupport.test", logging.INFO, __file__, 1, "Saved", (), None)
    record.request_id = "abc"
    assert formatter.format(record) == "INFO peersupport.test [abc] Saved"


def test_a_task_queued_in_a_request_carries_its_id_in_the_message():
    headers: dict = {}
    logs.put_request_id_in_message(headers=headers)
    assert headers == {}  # outside a request: nothing to carry
    guid.set("11111111111111111111111111111111")
    logs.put_request_id_in_message(headers=headers)
    assert headers == {logs.TASK_HEADER: "11111111111111111111111111111111"}


def _task(**request) -> SimpleNamespace:
    return SimpleNamespace(request=SimpleNamespace(get=lambda key, default=None: request.get(key, default)))


def test_a_worker_takes_the_id_from_the_message_and_forgets_it_after_the_task():
    logs.take_request_id_for_task(task_id="t1", task=_task(request_id="22222222222222222222222222222222"))
    assert guid.get() == "22222222222222222222222222222222"
    logs.give_request_id_back(task_id="t1")
    assert guid.get() is None


def test_a_task_with_no_id_gets_a_new_one():
    logs.take_request_id_for_task(task_id="t2", task=_task())
    assert NEW_ID.match(guid.get())
    logs.give_request_id_back(task_id="t2")
    assert guid.get() is None


@pytest.mark.django_db
def test_a_task_run_in_process_keeps_the_requests_id_and_gives_it_back():
    from programmes import tasks

    seen = []

    def record(**kwargs):
        seen.append(guid.get())

    signals.task_success.connect(record)
    try:
        guid.set("33333333333333333333333333333333")
        tasks.delete_recorded_files.delay()  # in-process: no broker in tests
    finally:
        signals.task_success.disconnect(record)
    assert seen == ["33333333333333333333333333333333"]
    assert guid.get() == "33333333333333333333333333333333"


def test_json_lines_leave_out_the_request_and_its_query_string():
    handler = _console_handler()
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/p",), None)
    record.request = "<WSGIRequest: GET '/p?name=Samira'>"
    record.status_code = 500
    line = json.loads(handler.format(record))
    assert "request" not in line and "Samira" not in json.dumps(line)
    assert line["status_code"] == 500


def _settings_with(**env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("LOG_FORMAT", "DEBUG")}
    environment.update(env, DJANGO_SETTINGS_MODULE="peersupport.settings")
    code = "import django; django.setup(); from django.conf import settings; print(settings.LOG_FORMAT)"
    return subprocess.run(  # noqa: S603  # fixed command  # nosec B603
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_logs_are_plain_in_development_json_in_production_and_nothing_else():
    assert _settings_with(DEBUG="true").stdout.split() == ["text"]
    assert _settings_with(DEBUG="false").stdout.split() == ["json"]
    assert _settings_with(DEBUG="true", LOG_FORMAT="json").stdout.split() == ["json"]
    refused = _settings_with(DEBUG="false", LOG_FORMAT="xml")
    assert refused.returncode != 0
    assert "LOG_FORMAT must be json or text" in refused.stderr
