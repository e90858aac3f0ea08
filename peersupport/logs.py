"""Logs with a request id (issue 20, operations): every line of a request, and of the Celery tasks it queues, carries
the request's id.

django-guid's middleware takes a well-formed `X-Request-ID` from the request (a UUID; anything else is replaced)
or makes one, keeps it in a context variable for the request, and returns it in the response's `X-Request-ID`.
Here: a logging filter that adds it to every record (`request_id`, "-" outside a request or task), and the Celery
hooks that carry it into a task. The publishing side puts it in the message's headers; the task's side takes it
back for the task's run and restores what was there after, so a task run in-process (no broker) keeps the
request's id and gives it back, and a task a worker takes with no id (beat's) gets a new one.
"""

from __future__ import annotations

import logging
from contextvars import Token

from django_guid.context import guid

# The message header the request id travels in, from the web process to the worker.
TASK_HEADER = "request_id"

_tokens: dict[str, Token] = {}


def json_formatter(**kwargs) -> logging.Formatter:
    """python-json-logger's formatter, leaving out the `request` object Django adds to its request errors: its text
    holds the query string, which may carry what a user typed (the message already names the path)."""
    from pythonjsonlogger.core import RESERVED_ATTRS
    from pythonjsonlogger.json import JsonFormatter

    return JsonFormatter(reserved_attrs=[*RESERVED_ATTRS, "request"], **kwargs)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (the handlers' filter, so records of every logger get it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = guid.get() or "-"
        return True


def put_request_id_in_message(headers: dict | None = None, **kwargs) -> None:
    """`before_task_publish`: the task queued inside a request (or a task) carries its id."""
    current = guid.get()
    if current and headers is not None:
        headers[TASK_HEADER] = current


def take_request_id_for_task(task_id: str | None = None, task=None, **kwargs) -> None:
    """`task_prerun`: the task's lines carry the id it was queued with, or (run in-process) the caller's, or a
    new one."""
    from django_guid.utils import generate_guid

    request_id = (task.request.get(TASK_HEADER) if task is not None else None) or guid.get() or generate_guid()
    if task_id is not None:
        _tokens[task_id] = guid.set(request_id)


def give_request_id_back(task_id: str | None = None, **kwargs) -> None:
    """`task_postrun`: what was there before the task (nothing in a worker; the request's id in-process)."""
    token = _tokens.pop(task_id, None) if task_id is not None else None
    if token is not None:
        try:
            guid.reset(token)
        except ValueError:  # set in another context (never expected): leave the worker with none
            guid.set(None)


def configure_worker_logging(loglevel=None, **kwargs) -> None:
    """`setup_logging`: a Celery worker or beat logs through the project's LOGGING (JSON in production, with the
    request id) at the level given on its command line."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
    if loglevel:
        logging.getLogger().setLevel(loglevel)
