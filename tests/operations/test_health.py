"""The health endpoints (issue 20, operations): /health/live touches nothing; /health/ready answers 200 when the
database, the cache, the broker and the migrations are all right, and otherwise a 503 naming what is not, revealing
nothing else and logged as one warning. Real outages, with a real server process: tests/faults/test_health_ready.py."""

from __future__ import annotations

import logging

import pytest
from django.test import override_settings
from django.urls import reverse

from peersupport import health
from tests.conftest import REDIS_URL, need, redis_available
from tests.faults.conftest import free_port

REFUSED = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there


@pytest.fixture(autouse=True)
def forget_migrations_memo(monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)


def test_live_answers_ok_without_touching_the_database_or_setting_a_cookie(client):
    """No django_db mark: any query, the session's included (a cookie is sent), would fail the test."""
    client.cookies["sessionid"] = "a-session-key-that-would-be-looked-up"
    response = client.get(reverse("health-live"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response.cookies == {}
    assert "no-store" in response["Cache-Control"]
    assert client.head(reverse("health-live")).status_code == 200


@pytest.mark.django_db
@override_settings(CELERY_BROKER_URL="")
def test_ready_answers_ok_when_everything_answers(client):
    response = client.get(reverse("health-ready"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "migrations": "ok"}}
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_ready_checks_the_broker_when_there_is_one(client):
    need(f"Redis at {REDIS_URL}", redis_available())
    with override_settings(CELERY_BROKER_URL=REDIS_URL):
        assert client.get(reverse("health-ready")).json()["checks"]["broker"] == "ok"
    with override_settings(CELERY_BROKER_URL=REFUSED):
        response = client.get(reverse("health-ready"))
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "unavailable"


@pytest.mark.django_db
@override_settings(CELERY_BROKER_URL="")
def test_an_unreachable_cache_is_a_503_naming_it_and_nothing_else(client, caplog):
    from django.core.cache import caches

    cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REFUSED}
    with override_settings(CACHES={"default": cache}), caplog.at_level(logging.INFO):
        try:
            response = client.get(reverse("health-ready"), HTTP_ACCEPT="text/html")
        finally:
            caches["default"].close()
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "cache": "unavailable", "migrations": "ok"},
    }
    assert response["Retry-After"] == "10"
    body = response.content.decode()
    for secret in ("127.0.0.1", "redis", "Error", "Traceback", "5.2", "psycopg"):
        assert secret not in body
    # One warning naming the check; no error (django.request logs other 5xx as errors) and no traceback.
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records if r.levelno >= logging.WARNING] == [
        ("peersupport.health", "WARNING", "Not ready: cache")
    ]
    assert not any(r.exc_info for r in caplog.records if r.levelno >= logging.WARNING)


@pytest.mark.django_db
@override_settings(CELERY_BROKER_URL="")
def test_migrations_not_applied_is_a_503(client, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("a migration", False)])
    response = client.get(reverse("health-ready"))
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "unavailable"


@pytest.mark.django_db
@override_settings(CELERY_BROKER_URL="", SECURE_SSL_REDIRECT=True)
def test_health_endpoints_are_not_redirected_to_https(client):
    """A load balancer asks a web server over plain HTTP; the site's pages are still redirected."""
    assert client.get(reverse("health-live")).status_code == 200
    assert client.get(reverse("health-ready")).status_code == 200
    assert client.get(reverse("login")).status_code == 301


@pytest.mark.django_db
@override_settings(CELERY_BROKER_URL="")
def test_health_endpoints_answer_a_user_whose_session_has_expired(world, client, time_machine):
    """The session rules redirect an expired session's pages to sign in; the health endpoints still answer."""
    import datetime

    client.force_login(world.hr_officer)
    time_machine.move_to(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(hours=12))
    assert client.get(reverse("health-live")).status_code == 200
    assert client.get(reverse("health-ready")).status_code == 200


@pytest.mark.django_db
@override_settings(CELERY_BROKER_URL="")
def test_a_probe_naming_the_server_by_its_address_is_answered(client):
    """A load balancer's probe may send the server's address as its host name, which is not in ALLOWED_HOSTS."""
    assert client.get(reverse("health-live"), HTTP_HOST="10.0.3.7:8000").status_code == 200
    assert client.get(reverse("health-ready"), HTTP_HOST="10.0.3.7:8000").status_code == 200
    assert client.get(reverse("login"), HTTP_HOST="10.0.3.7:8000").status_code == 400


def test_health_answers_carry_the_security_headers(client):
    response = client.get(reverse("health-live"))
    assert "Content-Security-Policy" in response
    assert response["X-Content-Type-Options"] == "nosniff"


def test_health_endpoints_refuse_a_post(client):
    assert client.post(reverse("health-live")).status_code == 405
    assert client.post(reverse("health-ready")).status_code == 405


@pytest.mark.django_db
@override_settings(CELERY_BROKER_URL="")
def test_ready_answers_in_a_thread_whose_event_loop_is_running(client):
    """A caller with a running event loop (Playwright's synchronous API in the browser tests, an ASGI server):
    async_to_sync refuses to run there, so the answer comes from a thread of its own rather than a 500."""
    import asyncio

    async def from_inside_a_loop():
        return client.get("/health/ready")

    response = asyncio.run(from_inside_a_loop())
    assert response.status_code == 200 and response.json()["status"] == "ok"
