"""The API against its own OpenAPI schema (issue 20 item 2), with schemathesis: for every operation of /api/schema/,
requests generated from the schema are sent with the personal API token of each role (HR, the peer lead, a line
manager and a peer's own account, which is refused everywhere), and every answer must be free of server errors and,
where the schema describes the answer, match it. Few examples per operation (the endpoints' own tests check their
content), so the whole run stays well under a minute. Requests go to the application in-process (WSGI), inside the
test's transaction, over the development world (placements, reviews, supervision, training, a vacancy)."""

from __future__ import annotations

import datetime

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from api import services
from tests.recruitment.world import make_vacancy

ROLES = ["hr_officer", "peer_lead", "line_manager", "peer_worker"]
EXAMPLES = 3
CHECKS = [not_a_server_error, response_schema_conformance]


def _token(user) -> str:
    return services.create_token(
        user=user, name="Schema check", expires_on=timezone.localdate() + datetime.timedelta(days=1)
    ).token


@pytest.fixture
def wsgi_app():
    """The application as a WSGI server runs it, on the test's own database connection: as Django's test client
    does, the connection is not closed at the end of each request (it holds the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def schema(development, settings, wsgi_app):
    settings.API_THROTTLE_RATE = "100000/minute"
    make_vacancy(by=development.hr_officer, post=development.post, reference="NS-API-01")
    return schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", wsgi_app, headers={"Authorization": f"Bearer {_token(development.hr_officer)}"}
    )


def _operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


def test_the_schema_describes_every_endpoint(schema):
    paths = {op.path for op in _operations(schema)}
    assert {
        "/api/v1/trusts/",
        "/api/v1/posts/{id}/",
        "/api/v1/vacancies/{id}/funnel/",
        "/api/v1/supervision-compliance/",
        "/api/v1/dashboard/",
        "/api/v1/imports/{kind}/",
        "/api/v1/workforce-growth/",
    } <= paths


def _check_of(operation, headers: dict, seen: set):
    """The requests hypothesis generates for one operation, sent with one role's token and checked."""

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        response = case.call(headers=headers)
        seen.add(response.status_code)
        case.validate_response(response, checks=CHECKS, headers=headers)

    return check


def test_every_operation_answers_as_its_schema_says_for_every_role(schema, development):
    tokens = {role: _token(getattr(development, role)) for role in ROLES}
    failures, answered = [], {role: set() for role in ROLES}
    for operation in _operations(schema):
        for role, token in tokens.items():
            try:
                _check_of(operation, {"Authorization": f"Bearer {token}"}, answered[role])()
            except Exception as error:  # noqa: BLE001  (every failure is collected and reported together)
                failures.append(f"{operation.label} as {role}: {error}")
    assert not failures, "\n\n".join(failures)
    # The run reached real answers (not only refusals), and the peer's own account only refusals.
    assert all(200 in answered[role] for role in ROLES if role != "peer_worker"), answered
    assert answered["peer_worker"] <= {400, 404}, answered["peer_worker"]
