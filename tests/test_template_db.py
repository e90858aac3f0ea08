"""The test database of each pytest-xdist worker is copied from one migrated template per run
(tests/template_db.py)."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.template_db import MAX_NAME_LENGTH, template_name


def test_a_template_name_fits_postgresqls_limit_and_names_the_run():
    name = template_name("test_" + "x" * 80, "0123456789abcdef")
    assert len(name) <= MAX_NAME_LENGTH
    assert name.endswith("_template_01234567")
    assert template_name("test_peersupport", "0123456789abcdef") == "test_peersupport_template_01234567"


def test_each_workers_database_is_copied_from_the_runs_migrated_template(request, db):
    workerinput = getattr(request.config, "workerinput", None)
    if workerinput is None or connection.vendor != "postgresql":
        # Without xdist (or on SQLite) the database is migrated as pytest-django always did.
        assert "TEMPLATE" not in connection.settings_dict["TEST"]
        pytest.skip("copied from a template only under pytest-xdist on PostgreSQL (make test)")
    worker_database = connection.settings_dict["NAME"]
    expected = template_name(worker_database.removesuffix(f"_{workerinput['workerid']}"), workerinput["testrunuid"])
    assert connection.settings_dict["TEST"]["TEMPLATE"] == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [expected])
        assert cursor.fetchone()[0] == 1  # migrated once, kept until the run ends
        cursor.execute("SELECT count(*) FROM django_migrations")
        assert cursor.fetchone()[0] >= 45  # the copy holds every migration, applied once in the template
