"""One migrated template database per pytest-xdist run, copied for each worker.

Under pytest-xdist every worker used to run all the migrations into its own test database (~35 s alone, ~55 s
each when two share the machine's two cores). On PostgreSQL the migrations now run once per run, into a template
database, and each worker's test database is made from it with `CREATE DATABASE ... TEMPLATE ...`: a copy of the
files, about a second. Django does the copy itself when the database's TEST["TEMPLATE"] names the template, and
goes on as it always has (an up-to-date `migrate`, the cache table, the teardown), so a worker's database is
created, reused and dropped as before.

The first worker to take a file lock (one per run, named by xdist's run id) builds the template; the others wait
for it, then copy it. The controller drops the template when the run ends (`drop_template`). Without xdist, on
another database, with --nomigrations, or with --reuse-db and the worker's database already there, nothing here
runs and pytest-django sets the database up exactly as before.
"""

from __future__ import annotations

import fcntl
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

MAX_NAME_LENGTH = 63  # PostgreSQL's identifier limit; a longer name would be cut short silently.


def run_directory(runuid: str) -> Path:
    """The run's own folder, which every worker and the controller find from xdist's run id: the lock, and the
    name of the template (so that the controller drops exactly the one this run made)."""
    return Path(tempfile.gettempdir()) / f"pytest-django-template-{runuid}"


def template_name(test_database: str, runuid: str) -> str:
    suffix = f"_template_{runuid[:8]}"
    return test_database[: MAX_NAME_LENGTH - len(suffix)] + suffix


@contextmanager
def run_lock(directory: Path) -> Iterator[None]:
    """Held by one worker of the run at a time (released when the file closes, also if the worker dies)."""
    directory.mkdir(exist_ok=True)
    with open(directory / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _database_exists(connection, name: str) -> bool:
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_catalog.pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def _build_template(connection, template: str, verbosity: int) -> None:
    """Migrate a fresh database named `template`, then put the connection back to how it was.

    Django's own test-database creation does the work (dropping a half-built template a dead worker left), under
    the template's name; the connection is closed afterwards, as `CREATE DATABASE ... TEMPLATE` refuses a
    template that anyone is connected to.
    """
    test_settings = connection.settings_dict["TEST"]
    worker_test_name = test_settings.get("NAME")
    original_name = connection.settings_dict["NAME"]
    test_settings["NAME"] = template
    try:
        connection.creation.create_test_db(verbosity=verbosity, autoclobber=True, serialize=False, keepdb=False)
    finally:
        connection.close()
        connection.close_pool()
        test_settings["NAME"] = worker_test_name
        connection.settings_dict["NAME"] = original_name
        settings.DATABASES[connection.alias]["NAME"] = original_name


def use_template_for_worker(*, runuid: str, workerid: str, keep_existing: bool, verbosity: int) -> str | None:
    """Point this xdist worker's test database at the run's template (building the template if no worker has
    yet), so that Django's test-database setup copies it instead of migrating. Return the template's name, or
    None where the usual setup applies unchanged.

    `keep_existing` (--reuse-db without --create-db): a worker database that is already there is used as it is.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql" or len(settings.DATABASES) != 1:
        return None
    worker_database = connection.creation._get_test_db_name()
    if keep_existing and _database_exists(connection, worker_database):
        return None

    template = template_name(worker_database.removesuffix(f"_{workerid}"), runuid)
    directory = run_directory(runuid)
    with run_lock(directory):
        ready = directory / "ready"
        if not ready.exists():
            # The name first, so that the controller drops even a template whose migrations failed part way.
            (directory / "template").write_text(template)
            _build_template(connection, template, verbosity)
            ready.touch()
    connection.settings_dict["TEST"]["TEMPLATE"] = template
    return template


def drop_template(runuid: str) -> None:
    """After the run (in the controller): drop the template the run's workers built, and the run's folder."""
    directory = run_directory(runuid)
    name_file = directory / "template"
    if name_file.exists():
        template = name_file.read_text().strip()
        connection = connections[DEFAULT_DB_ALIAS]
        with connection._nodb_cursor() as cursor:
            # FORCE (PostgreSQL 13+) ends a connection left by a worker stopped while it built the template.
            cursor.execute("SHOW server_version_num")
            force = " WITH (FORCE)" if int(cursor.fetchone()[0]) >= 130000 else ""
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(template)}{force}")
    shutil.rmtree(directory, ignore_errors=True)
