"""The Celery application: Redis broker, schedules in the database (django-celery-beat).

With CELERY_BROKER_URL unset, settings make tasks run in-process (eager), so the quick start
needs no Redis; with it set, `make worker` and `make beat` run them.

Every task takes ids, not data, and is safe to run twice (DESIGN section 2). The result backend (the broker's
Redis by default) serves the chord of the daily reminder run (workforce.tasks), which fans out across the
workers. Tasks queued from a web request use `delay_on_commit`: the message is sent once the request's
transaction has committed, and an unreachable or hung broker never breaks the request (settings bound every wait
on it). The job is logged and left to the next daily run, which recomputes from the database everything that is
due.
"""

import functools
import logging
import os
import socket
import threading
import time

from celery import Celery, signals
from celery.contrib.django.task import DjangoTask
from django.db import transaction
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")

logger = logging.getLogger(__name__)


# What a broker that cannot be reached, or hangs, raises: kombu's OperationalError around the transport's error, or
# the socket's and redis-py's own errors (a timeout reading the reply) when they get through.
BROKER_ERRORS = (OperationalError, RedisError, socket.timeout, ConnectionError)
# After a failure, this process does not try the same broker again for this many seconds: a request queueing a
# task per peer of a group session would otherwise wait out the socket timeout once per peer.
BROKER_BACKOFF_SECONDS = 30.0
_broker_failed_at: dict[str, float] = {}
_broker_failed_lock = threading.Lock()


class Task(DjangoTask):
    def delay_on_commit(self, *args, **kwargs) -> None:
        transaction.on_commit(functools.partial(self.delay_or_log, *args, **kwargs))

    def delay_or_log(self, *args, **kwargs):
        """Queue the task; when the broker cannot be reached or does not answer, log it and carry on."""
        broker = str(self.app.conf.broker_url)
        failed_at = _broker_failed_at.get(broker)
        if failed_at is not None and time.monotonic() - failed_at < BROKER_BACKOFF_SECONDS:
            logger.warning(
                "Did not queue %s%r: the broker is unreachable (it failed %.0f s ago); the next daily run will "
                "catch up.",
                self.name,
                args,
                time.monotonic() - failed_at,
            )
            return None
        try:
            # One attempt, bounded by the transport's socket timeouts: kombu's retry would wait them out three times
            # (the publish, then the reconnection's handshake and PING). redis-py reconnects a connection the broker
            # closed (a restarted Redis) by itself, so one attempt loses nothing there. No result is kept: nothing
            # waits for one, and a request must not subscribe to it on the result backend.
            result = self.apply_async(args, kwargs, retry=False, ignore_result=True)
        except BROKER_ERRORS:
            with _broker_failed_lock:
                _broker_failed_at[broker] = time.monotonic()
            logger.warning(
                "Could not queue %s%r: the broker is unreachable; the next daily run will catch up.",
                self.name,
                args,
                exc_info=True,
            )
            return None
        _broker_failed_at.pop(broker, None)
        return result


# Before the app (and so before django-celery's fixup, whose receiver of the same signal sets Django up and loads
# prometheus_client): a worker serving metrics chooses where its pool processes write them (peersupport.metrics).
# Only a worker or beat imports its task modules this way, never a web process.
@signals.import_modules.connect
def _worker_metrics_folder(**kwargs):
    from peersupport import metrics

    metrics.prepare_worker_metrics(**kwargs)


app = Celery("peersupport", task_cls="peersupport.celery:Task")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# Operations (issue 20): the request id travels with the tasks a request queues (peersupport.logs), workers and beat
# log through the project's LOGGING, and tasks are counted and timed for Prometheus (peersupport.metrics). The
# modules are imported when a signal first fires: Django's settings are not loaded yet when this one is, and
# prometheus_client must not be imported before the worker has chosen where its pool processes write their figures.
@signals.before_task_publish.connect
def _request_id_to_message(**kwargs):
    from peersupport import logs

    logs.put_request_id_in_message(**kwargs)


@signals.task_prerun.connect
def _task_starts(**kwargs):
    from peersupport import logs, metrics

    logs.take_request_id_for_task(**kwargs)
    metrics.task_started(**kwargs)


@signals.task_postrun.connect
def _task_ends(**kwargs):
    from peersupport import logs, metrics

    try:
        metrics.task_finished(**kwargs)
    finally:
        logs.give_request_id_back(**kwargs)


@signals.setup_logging.connect
def _worker_logging(**kwargs):
    from peersupport import logs

    logs.configure_worker_logging(**kwargs)


@signals.worker_ready.connect
def _worker_metrics_server(**kwargs):
    from peersupport import metrics

    metrics.start_worker_metrics_server(**kwargs)


@signals.worker_shutdown.connect
def _worker_metrics_stop(**kwargs):
    from peersupport import metrics

    metrics.stop_worker_metrics(**kwargs)


def worker_argv(hostname: str, loglevel: str = "INFO") -> list[str]:
    """The command of one Celery worker process of one child, as the fault tests and bench/reminders.py start it
    (`sys.executable` is the venv's Python): no gossip, mingle or heartbeat, so it starts fast and alone."""
    import sys

    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "peersupport",
        "worker",
        "--pool=prefork",
        "--concurrency=1",
        f"--loglevel={loglevel}",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        f"--hostname={hostname}",
    ]
