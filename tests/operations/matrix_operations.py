"""Permission matrix rows for the operations endpoints (issue 20): the health endpoints answer everyone, signed in or
not (a load balancer never signs in); /metrics answers every request from an address in METRICS_ALLOWED_IPS (the
test client's 127.0.0.1, the default) whoever is signed in, and is a 404 from anywhere else
(tests/operations/test_metrics.py)."""

from tests.matrix import Row, answers

EVERYONE = answers(default=200, anonymous=200)

ROWS: list[Row] = [
    Row("health-live", EVERYONE),
    Row("health-ready", EVERYONE),
    Row("metrics", EVERYONE, label="from an allowed address"),
]
