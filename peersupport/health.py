"""Health endpoints for load balancers and orchestrators (issue 20, operations): `/health/live` and `/health/ready`.

`/health/live` says the process answers and touches nothing else (no database, no cache, no session). `/health/ready`
runs django-health-check's checks side by side, each bounded by `HEALTH_CHECK_TIMEOUT` on top of the settings' own
connect and socket timeouts: the database answers `SELECT 1`, the cache (Redis when `REDIS_URL` is set) stores and
reads back a key, the Celery broker (when `CELERY_BROKER_URL` is set) answers a PING, and every migration on disk is
applied. The answer is JSON with the name and state of each check only: no versions, host names or error text.
A failed check is a 503, logged as one warning line without a traceback, never as an error.

`HealthEndpointsMiddleware` answers both before the session, sign-in, host-name and lock-out middleware: a load
balancer's probe is never redirected to sign in (an expired session's cookie included), loads no session, and may
name the server by its address rather than one of ALLOWED_HOSTS. The security headers still apply.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime
import logging
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import async_to_sync, iscoroutinefunction
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers
from django.views import View
from health_check import Cache, Database
from health_check.base import HealthCheck
from health_check.contrib.redis import Redis
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

logger = logging.getLogger(__name__)


def _timeout() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.HEALTH_CHECK_TIMEOUT)


@dataclasses.dataclass
class DatabaseCheck(Database):
    """`SELECT 1` on a connection of its own (closed after), bounded by DATABASE_CONNECT_TIMEOUT when connecting."""

    def __post_init__(self):
        self.timeout = _timeout()


# Migrations on disk that this process has seen applied: they stay applied for the code it runs (a new migration
# comes with new code, and so a new process), so once true the graph is not walked again on every probe.
_migrations_applied = False


@dataclasses.dataclass
class MigrationsCheck(HealthCheck):
    """Every migration of the code this process runs is applied to the database."""

    def __post_init__(self):
        self.timeout = _timeout()

    def run(self) -> None:
        global _migrations_applied  # noqa: PLW0603  (a per-process memo, see above)
        if _migrations_applied:
            return
        connection = connections[DEFAULT_DB_ALIAS]
        try:
            with connection.temporary_connection():
                executor = MigrationExecutor(connection)
                plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except Exception as error:  # noqa: BLE001  (any failure to read the migration table is "not ready")
            raise ServiceUnavailable("unreadable") from error
        if plan:
            raise ServiceUnavailable("not applied")
        _migrations_applied = True


def _redis_client(url: str, timeout: float):
    from redis.asyncio import Redis as RedisClient

    return RedisClient.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)


def ready_checks() -> dict[str, HealthCheck]:
    """The checks of `/health/ready`, by the name the answer gives them."""
    checks: dict[str, HealthCheck] = {"database": DatabaseCheck()}
    checks["cache"] = Cache(timeout=_timeout())
    broker = settings.CELERY_BROKER_URL
    if broker:
        timeout = min(settings.CELERY_BROKER_SOCKET_TIMEOUT, settings.HEALTH_CHECK_TIMEOUT)
        checks["broker"] = Redis(client_factory=lambda: _redis_client(broker, timeout))
        checks["broker"].timeout = _timeout()
    checks["migrations"] = MigrationsCheck()
    return checks


class ReadyView(HealthCheckView):
    """django-health-check's view, always answering JSON of names and states only, 503 when a check failed."""

    http_method_names = ["get", "head"]

    @contextlib.contextmanager
    def get_executor(self):
        # The checks' threads are not waited for: one blocked connecting to a hung server past its timeout ends on
        # its own (at DATABASE_CONNECT_TIMEOUT); the event loop's default executor would hold the answer until then.
        pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="health-check")
        try:
            yield pool
        finally:
            pool.shutdown(wait=False)

    def get_checks(self):
        self.names = ready_checks()
        return list(self.names.values())

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:
            self.results = await asyncio.gather(*(check.get_result(executor) for check in self.get_checks()))
        states = {
            name: "ok" if result.error is None else "unavailable"
            for name, result in zip(self.names, self.results, strict=True)
        }
        failed = [name for name, state in states.items() if state != "ok"]
        response = JsonResponse({"status": "unavailable" if failed else "ok", "checks": states})
        if failed:
            logger.warning("Not ready: %s", ", ".join(failed))
            response.status_code = 503
            response["Retry-After"] = "10"
            # django.request logs every 5xx as an error; this one is an expected answer, logged above as a warning.
            response._has_been_logged = True
        return response


ready = ReadyView.as_view()


class LiveView(View):
    """The process answers: nothing else is touched."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> JsonResponse:
        response = JsonResponse({"status": "ok"})
        add_never_cache_headers(response)
        return response


live = LiveView.as_view()


HEALTH_URL_NAMES = {"health-live", "health-ready"}


def _run_async(view, request: HttpRequest) -> HttpResponse:
    """The async view's answer from synchronous code. async_to_sync refuses to run in a thread whose event loop is
    running (a server or a caller with its own loop, such as Playwright's synchronous API in the browser tests):
    there it runs in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return async_to_sync(view)(request)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="health-answer") as pool:
        return pool.submit(async_to_sync(view), request).result()


class HealthEndpointsMiddleware:
    """Answers /health/live and /health/ready itself, before the middleware below it (see the module's docstring);
    every other request goes on as usual."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/health/"):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                match = None
            if match is not None and match.url_name in HEALTH_URL_NAMES:
                view = match.func
                if iscoroutinefunction(view):
                    return _run_async(view, request)
                return view(request)
        return self.get_response(request)
