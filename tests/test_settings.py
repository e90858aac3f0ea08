"""Configuration from the environment: production refuses unsafe settings, and `check --deploy` is clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "q7w3-production-like-secret-key-with-plenty-of-entropy-9f8e7d6c5b4a3210zyx",
    "ALLOWED_HOSTS": "peersupport.example.nhs.uk",
    "DATABASE_URL": "sqlite:///:memory:",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.nhs.uk:587",
}


def run(args, **env):
    # Not the test suite's own settings (pyproject.toml's env): production runs without them.
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION and not k.startswith("SECURE_") and k != "DATABASE_SYNCHRONOUS_COMMIT"
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_is_clean_with_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run(["manage.py", "check"], **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run(["manage.py", "check"], **{**PRODUCTION, "ALLOWED_HOSTS": ""})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


SHOW = "from django.conf import settings as s; print(s.CELERY_TASK_ALWAYS_EAGER, s.DATABASES['default']['ENGINE'])"


def test_without_a_broker_tasks_run_in_process_and_the_database_defaults_to_sqlite():
    env = {**PRODUCTION, "CELERY_BROKER_URL": "", "DATABASE_URL": ""}
    del env["DATABASE_URL"]
    result = run(
        ["-c", f"import django, os; os.environ.pop('DATABASE_URL', None); django.setup(); {SHOW}"],
        DJANGO_SETTINGS_MODULE="peersupport.settings",
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3"]


def test_with_a_broker_tasks_go_to_the_worker():
    result = run(
        ["-c", f"import django; django.setup(); {SHOW}"], DJANGO_SETTINGS_MODULE="peersupport.settings", **PRODUCTION
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"


JIT = "from django.conf import settings as s; print(s.DATABASES['default'].get('OPTIONS', {}).get('options', '-'))"


def test_postgresql_connections_run_without_jit_unless_asked():
    # bench/run.py: PostgreSQL's JIT spent most of a slow page's time compiling the access rules' subqueries.
    postgres = {**PRODUCTION, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/peersupport"}
    code = ["-c", f"import django; django.setup(); {JIT}"]
    off = run(code, DJANGO_SETTINGS_MODULE="peersupport.settings", **postgres)
    on = run(code, DJANGO_SETTINGS_MODULE="peersupport.settings", **postgres, DATABASE_JIT="true")
    assert (off.returncode, on.returncode) == (0, 0), off.stderr + on.stderr
    # The statement timeout (issue 22) is joined to the same options, whichever way JIT goes.
    assert (off.stdout.strip(), on.stdout.strip()) == (
        "-c jit=off -c statement_timeout=30000",
        "-c statement_timeout=30000",
    )


def test_synchronous_commit_is_the_servers_unless_set_and_a_wrong_value_refuses_to_start():
    postgres = {**PRODUCTION, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/peersupport"}
    code = ["-c", f"import django; django.setup(); {JIT}"]
    off = run(code, DJANGO_SETTINGS_MODULE="peersupport.settings", **postgres, DATABASE_SYNCHRONOUS_COMMIT="off")
    assert off.returncode == 0, off.stderr
    assert off.stdout.strip() == "-c jit=off -c synchronous_commit=off -c statement_timeout=30000"
    wrong = run(code, DJANGO_SETTINGS_MODULE="peersupport.settings", **postgres, DATABASE_SYNCHRONOUS_COMMIT="x -c y")
    assert wrong.returncode != 0
    assert "DATABASE_SYNCHRONOUS_COMMIT must be on or off" in wrong.stderr


PREPARE = "DATABASE_PREPARE_THRESHOLD"
PREPARED = (
    "from django.conf import settings as s; o = s.DATABASES['default']['OPTIONS'];"
    " print(o.get('server_side_binding'), o.get('prepare_threshold'))"
)


def test_queries_are_prepared_on_their_second_run_unless_told_not_to_and_a_wrong_value_refuses_to_start():
    # Planning was most of PostgreSQL's time on the busiest pages; a prepared query keeps its plan on the connection.
    postgres = {**PRODUCTION, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/peersupport"}
    code = ["-c", f"import django; django.setup(); {PREPARED}"]
    default = run(code, DJANGO_SETTINGS_MODULE="peersupport.settings", **postgres)
    later = run(code, DJANGO_SETTINGS_MODULE="peersupport.settings", **postgres, DATABASE_PREPARE_THRESHOLD="5")
    never = run(code, DJANGO_SETTINGS_MODULE="peersupport.settings", **postgres, DATABASE_PREPARE_THRESHOLD="")
    assert (default.returncode, later.returncode, never.returncode) == (0, 0, 0), default.stderr + never.stderr
    assert (default.stdout.strip(), later.stdout.strip(), never.stdout.strip()) == ("True 1", "True 5", "None None")
    # 0 would prepare every query at its first run, and a migration sending several statements at once is refused.
    for wrong_value in ("0", "-1", "x"):
        wrong = run(code, DJANGO_SETTINGS_MODULE="peersupport.settings", **{**postgres, PREPARE: wrong_value})
        assert wrong.returncode != 0, wrong_value
        assert "DATABASE_PREPARE_THRESHOLD must be a number of runs from 1, or empty" in wrong.stderr
    # How many a connection keeps: a number from 1, or the process refuses to start with the setting named.
    kept = "from django.conf import settings as s; print(s.DATABASE_PREPARED_MAX)"
    many = run(
        ["-c", f"import django; django.setup(); {kept}"],
        DJANGO_SETTINGS_MODULE="peersupport.settings",
        **{**postgres, "DATABASE_PREPARED_MAX": "800"},
    )
    assert (many.returncode, many.stdout.strip()) == (0, "800"), many.stderr
    for wrong_value in ("0", "-5", "lots"):
        wrong = run(
            code, DJANGO_SETTINGS_MODULE="peersupport.settings", **{**postgres, "DATABASE_PREPARED_MAX": wrong_value}
        )
        assert wrong.returncode != 0, wrong_value
        assert "DATABASE_PREPARED_MAX must be a number of statements from 1" in wrong.stderr


def test_a_query_run_twice_on_a_connection_is_prepared_by_postgresql(db):
    from django.db import connection

    from programmes.models import Trust

    if connection.vendor != "postgresql":
        pytest.fail("a PostgreSQL setting: run the suite on PostgreSQL (as CI does)")

    def prepared() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall() if '"programmes_trust"."ods_code" = $1' in row[0]]

    assert list(Trust.objects.filter(ods_code="PREPARED-TWICE")) == []
    assert prepared() == []  # run once: planned as any query
    assert list(Trust.objects.filter(ods_code="PREPARED-AGAIN")) == []
    assert len(prepared()) == 1  # the same query again (its parameter aside): prepared, its plan kept
    # ...and the connection keeps 500 of them (peersupport/prepared.py), not psycopg's 100.
    assert connection.connection.prepared_max == 500


def test_the_test_databases_commit_without_waiting_for_the_disk(db):
    # pyproject.toml: the suite's throw-away databases (a commit 2-3 ms with the wait, 0.13 ms without).
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting (CI runs on PostgreSQL)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "off"


FROZEN = "import gc, peersupport.wsgi; print(gc.get_freeze_count())"


def test_the_web_process_freezes_what_it_loaded_at_start_unless_told_not_to():
    # peersupport/wsgi.py: full garbage collections no longer walk the views, forms and URL patterns.
    frozen = run(["-c", FROZEN], DJANGO_SETTINGS_MODULE="peersupport.settings", **PRODUCTION)
    kept = run(["-c", FROZEN], DJANGO_SETTINGS_MODULE="peersupport.settings", **PRODUCTION, WSGI_GC_FREEZE="false")
    assert (frozen.returncode, kept.returncode) == (0, 0), frozen.stderr + kept.stderr
    assert int(frozen.stdout) > 100_000  # the URL patterns' views and forms among them
    assert int(kept.stdout) == 0


WAITS = (
    "from django.conf import settings as s; o = s.CELERY_BROKER_TRANSPORT_OPTIONS; "
    "c = s.CACHES['default']['OPTIONS']; "
    "print(o['socket_timeout'], o['socket_connect_timeout'], o['visibility_timeout'], "
    "c['socket_timeout'], c['socket_connect_timeout'])"
)


def test_every_wait_on_redis_is_bounded_and_the_visibility_timeout_is_configurable():
    default = run(
        ["-c", f"import django; django.setup(); {WAITS}"], DJANGO_SETTINGS_MODULE="peersupport.settings", **PRODUCTION
    )
    assert default.returncode == 0, default.stderr
    assert default.stdout.split() == ["2.0", "2.0", "600", "2.0", "2.0"]
    configured = run(
        ["-c", f"import django; django.setup(); {WAITS}"],
        DJANGO_SETTINGS_MODULE="peersupport.settings",
        **PRODUCTION,
        CELERY_VISIBILITY_TIMEOUT="900",
        CELERY_BROKER_SOCKET_TIMEOUT="1.5",
        REDIS_SOCKET_TIMEOUT="0.5",
    )
    assert configured.stdout.split() == ["1.5", "2.0", "900", "0.5", "0.5"], configured.stderr


def test_a_digest_wait_as_long_as_the_visibility_timeout_refuses_to_start():
    result = run(["manage.py", "check"], **PRODUCTION, DIGEST_WAIT_SECONDS="600")
    assert result.returncode != 0
    assert "DIGEST_WAIT_SECONDS must be less than CELERY_VISIBILITY_TIMEOUT" in result.stderr
