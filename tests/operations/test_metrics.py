"""Prometheus metrics (issue 20, operations): /metrics counts requests, their time and the database's queries, and
answers only the addresses in METRICS_ALLOWED_IPS (a 404 for everyone else, whatever X-Forwarded-For says); tasks
are counted and timed by name and state, and a worker serves them on WORKER_METRICS_PORT to the same addresses."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from prometheus_client import REGISTRY

from peersupport import metrics
from tests.faults.conftest import free_port

TASK = "programmes.tasks.delete_recorded_files"


def sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.mark.django_db
def test_metrics_count_requests_their_time_and_database_queries(client, world):
    client.force_login(world.hr_officer)
    client.get(reverse("programmes:peer-list"))
    body = client.get(reverse("metrics")).content.decode()
    assert 'django_http_requests_total_by_view_transport_method_total{method="GET",transport="http",view=' in body
    assert 'django_http_requests_latency_seconds_by_view_method_bucket{le="0.1",method="GET"' in body
    assert 'django_http_responses_total_by_status_view_method_total{method="GET",status="200"' in body
    if connection.vendor == "postgresql":
        assert sample("django_db_execute_total", alias="default", vendor="postgresql") > 0


@pytest.mark.parametrize(
    ("remote_addr", "forwarded_for", "allowed", "status"),
    [
        ("127.0.0.1", None, ["127.0.0.1"], 200),
        ("10.1.2.3", None, ["127.0.0.1"], 404),
        ("10.1.2.3", "127.0.0.1", ["127.0.0.1"], 404),  # the header is never believed
        ("10.1.2.3", None, ["10.0.0.0/8"], 200),
        ("10.1.2.3", None, ["192.0.2.10", "10.1.2.3"], 200),
        ("::1", None, ["127.0.0.1"], 404),
        ("127.0.0.1", None, [], 404),
    ],
)
def test_metrics_answer_only_the_configured_addresses(client, remote_addr, forwarded_for, allowed, status):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    with override_settings(METRICS_ALLOWED_IPS=allowed):
        response = client.get(reverse("metrics"), **extra)
    assert response.status_code == status
    if status == 404:
        assert b"django_http" not in response.content


def test_a_malformed_allowed_address_is_ignored():
    with override_settings(METRICS_ALLOWED_IPS=["not-an-address", "10.0.0.0/8"]):
        assert metrics.address_allowed("10.9.9.9")
        assert not metrics.address_allowed("192.0.2.1")
        assert not metrics.address_allowed("garbage")
        assert not metrics.address_allowed(None)


@pytest.mark.django_db
def test_tasks_are_counted_and_timed_by_name_and_state():
    from programmes import tasks

    before = sample("celery_tasks_total", task=TASK, state="success")
    timed = sample("celery_task_duration_seconds_count", task=TASK)
    tasks.delete_recorded_files.delay()  # in-process: no broker in tests
    assert sample("celery_tasks_total", task=TASK, state="success") == before + 1
    assert sample("celery_task_duration_seconds_count", task=TASK) == timed + 1


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  # nosec B310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_the_worker_serves_its_metrics_on_the_configured_port_to_allowed_addresses_only():
    metrics.task_metrics()  # the task metrics exist from the worker's start
    port = free_port()
    with override_settings(WORKER_METRICS_PORT=port, WORKER_METRICS_ADDRESS="127.0.0.1"):
        metrics.start_worker_metrics_server()
        try:
            status, body = _get(f"http://127.0.0.1:{port}/metrics")
            assert status == 200
            assert "# TYPE celery_tasks_total counter" in body
            with override_settings(METRICS_ALLOWED_IPS=["10.0.0.0/8"]):
                assert _get(f"http://127.0.0.1:{port}/metrics") == (404, "")
        finally:
            metrics.stop_worker_metrics()


def test_no_worker_metrics_server_without_a_port():
    with override_settings(WORKER_METRICS_PORT=0):
        metrics.start_worker_metrics_server()
    assert metrics._WorkerMetrics.server is None


def test_metrics_refuse_a_post(client):
    assert client.post(reverse("metrics")).status_code == 405
    assert client.head(reverse("metrics")).status_code == 200
