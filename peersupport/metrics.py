"""Prometheus metrics (issue 20, operations): a web process's `/metrics` (django-prometheus: requests, latency,
database queries) for the addresses in METRICS_ALLOWED_IPS only, and a Celery worker's task counts and durations on
WORKER_METRICS_PORT.

A prefork worker runs its tasks in child processes, so the worker uses prometheus_client's multiprocess mode: each
process writes its figures to files in PROMETHEUS_MULTIPROC_DIR (a fresh temporary folder when the environment
gives none) and the worker's main process serves their sum. The folder must be chosen before prometheus_client is
imported, so nothing here imports it at module level (peersupport.celery imports this module on the worker's first
signal, before Django is set up).
"""

from __future__ import annotations

import atexit
import ipaddress
import logging
import os
import shutil
import sys
import tempfile
import threading
import time

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views import View

logger = logging.getLogger(__name__)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def address_allowed(address: str | None) -> bool:
    """Whether `address` is one of METRICS_ALLOWED_IPS (addresses or networks such as 10.0.0.0/8)."""
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for allowed in settings.METRICS_ALLOWED_IPS:
        try:
            if ip in ipaddress.ip_network(allowed, strict=False):
                return True
        except ValueError:
            logger.warning("METRICS_ALLOWED_IPS holds %r, which is not an address or a network", allowed)
    return False


class MetricsView(View):
    """`/metrics` for the configured addresses; a 404 for everyone else. The address is the connection's
    (REMOTE_ADDR), never X-Forwarded-For: Prometheus scrapes each web server directly, not through the balancer."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        if not address_allowed(request.META.get("REMOTE_ADDR")):
            raise Http404
        from django_prometheus.exports import ExportToDjangoView

        response = ExportToDjangoView(request)
        response["Cache-Control"] = "no-store"
        return response


metrics = MetricsView.as_view()


# Celery task metrics, made on first use (see the module's docstring).
_task_metrics: tuple | None = None
_task_metrics_lock = threading.Lock()
_started: dict[str, float] = {}


def task_metrics():
    global _task_metrics  # noqa: PLW0603  (made once per process, on first use)
    with _task_metrics_lock:
        if _task_metrics is None:
            from prometheus_client import Counter, Histogram

            _task_metrics = (
                Counter("celery_tasks", "Celery tasks run, by task and final state", ["task", "state"]),
                Histogram(
                    "celery_task_duration_seconds",
                    "Time a Celery task ran, by task",
                    ["task"],
                    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600),
                ),
            )
        return _task_metrics


def task_started(task_id: str | None = None, **kwargs) -> None:
    """`task_prerun`."""
    if task_id is not None:
        _started[task_id] = time.monotonic()


def task_finished(task_id: str | None = None, task=None, state: str | None = None, **kwargs) -> None:
    """`task_postrun`: one more task of this name in this state (success, failure, retry), and how long it ran."""
    started = _started.pop(task_id, None) if task_id is not None else None
    name = getattr(task, "name", None) or "unknown"
    tasks_total, duration = task_metrics()
    tasks_total.labels(task=name, state=(state or "unknown").lower()).inc()
    if started is not None:
        duration.labels(task=name).observe(time.monotonic() - started)


class _WorkerMetrics:
    created_dir: str | None = None
    server = None


def prepare_worker_metrics(**kwargs) -> None:
    """`import_modules` (a worker's or beat's main process, before Django and prometheus_client are loaded): with
    WORKER_METRICS_PORT set, every process of the worker writes its figures to a shared folder, removed when the
    process that made it ends."""
    if not settings.WORKER_METRICS_PORT or os.environ.get(MULTIPROC_ENV):
        return
    if "prometheus_client" in sys.modules:
        logger.warning("prometheus_client was loaded before the worker started: task metrics of pool processes lost")
        return
    _WorkerMetrics.created_dir = tempfile.mkdtemp(prefix="celery-metrics-")
    os.environ[MULTIPROC_ENV] = _WorkerMetrics.created_dir
    atexit.register(_remove_metrics_folder, os.getpid())


def _remove_metrics_folder(owner_pid: int) -> None:
    if os.getpid() == owner_pid and _WorkerMetrics.created_dir is not None:
        shutil.rmtree(_WorkerMetrics.created_dir, ignore_errors=True)
        _WorkerMetrics.created_dir = None


def start_worker_metrics_server(**kwargs) -> None:
    """`worker_ready`: serve the worker's metrics (every pool process's) on WORKER_METRICS_PORT, to the
    addresses in METRICS_ALLOWED_IPS only."""
    port = settings.WORKER_METRICS_PORT
    if not port:
        return
    from http.server import ThreadingHTTPServer

    from prometheus_client import REGISTRY, CollectorRegistry, MetricsHandler
    from prometheus_client.multiprocess import MultiProcessCollector

    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = REGISTRY

    class Handler(MetricsHandler.factory(registry)):
        def do_GET(self) -> None:
            if not address_allowed(self.client_address[0]):
                self.send_error(404)
                return
            super().do_GET()

    try:
        server = ThreadingHTTPServer((settings.WORKER_METRICS_ADDRESS, port), Handler)
    except OSError as error:
        logger.error("Could not serve the worker's metrics on port %s: %s", port, error)
        return
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="worker-metrics", daemon=True).start()
    _WorkerMetrics.server = server
    logger.info("Serving the worker's metrics on port %s", port)


def stop_worker_metrics(**kwargs) -> None:
    """`worker_shutdown`: stop serving, and remove the folder the worker made for its figures."""
    if _WorkerMetrics.server is not None:
        _WorkerMetrics.server.shutdown()
        _WorkerMetrics.server.server_close()
        _WorkerMetrics.server = None
    _remove_metrics_folder(os.getpid())
