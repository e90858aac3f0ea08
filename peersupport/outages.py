"""A stalled or unreachable database answers a 503 page quickly, and the site recovers by itself (issue 22).

The waits are bounded in settings (DATABASE_CONNECT_TIMEOUT, DATABASE_STATEMENT_TIMEOUT); what a request then gets
is decided here. django.db's OperationalError covers a connection that could not be made in time or was lost, a
statement cancelled by the timeout ("canceling statement due to statement timeout"), a lock not granted in time:
all of them pass when the database answers again. The page is rendered without the request's context processors,
so it reads nothing from the database, and says when to try again (Retry-After). Nothing is held across requests:
the next request opens a new connection (CONN_HEALTH_CHECKS checks a kept one first), so the site recovers on its
own once PostgreSQL answers.
"""

from __future__ import annotations

import logging
import sys

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)

# Seconds a browser or client is told to wait before trying again.
RETRY_AFTER_SECONDS = 30


def is_database_unavailable(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError)


def database_unavailable(request: HttpRequest, error: BaseException) -> HttpResponse:
    """The 503 page: static text only (no user, no navigation), so rendering it needs no database."""
    logger.warning("The database did not answer %s %s in time: %s", request.method, request.path, error)
    response = HttpResponse(render_to_string("503.html", {"retry_after_seconds": RETRY_AFTER_SECONDS}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A view (or the template it renders) that could not reach the database in time answers the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_database_unavailable(exception):
            return database_unavailable(request, exception)
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: an error raised outside a view (a middleware loading the session or the user) reaches Django's
    500 handler while it is being handled; a database that did not answer gets the 503 page there too."""
    error = sys.exc_info()[1]
    if is_database_unavailable(error):
        return database_unavailable(request, error)
    return defaults.server_error(request)
