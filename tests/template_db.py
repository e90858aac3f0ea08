"""One migrated template database per pytest-xdist run, copied for each worker.

Under pytest-xdist every worker used to run all the migrations into its own test database (~35 s alone, ~55 s
each when two share the machine's two cores). On PostgreSQL the migrations now run once per run, into a template
database, and each worker's test database is made from it with `CREATE DATABASE ... TEMPLATE ...`: a copy of the
files, about a second. Django does the copy itself when the database's TEST["TEMPLATE"] names the template, and
goes on as it always has (an up-to-date `migrate`, the cache table, the teardown), so a worker's database is
created, reused and dropped as before.

The controller builds the template in a process of its own (`start_build`), started with the first worker, so
that the ~30 s of migrations overlap the workers' start, their collection and the tests that use no database
(which run first: tests/conftest.py). That process holds the run's file lock (one per run, named by xdist's run
id) until it ends, leaving a marker in the run's folder: `ready`, or `failed` with its traceback. A worker waits
for the lock only when a test first needs the database, and for at most `WAIT_SECONDS`; then it copies the
template, or fails with the build's error. Where the controller does not build it (a worker's database kept by
--reuse-db, or a worker started some other way), the first worker to take the lock builds it, as the controller's
process would. The controller drops the template when the run ends (`drop_template`), stopping a build still
going. Without xdist, on another database, with --nomigrations, or with --reuse-db and the worker's database
already there, nothing here runs and pytest-django sets the database up exactly as before.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

MAX_NAME_LENGTH = 63  # PostgreSQL's identifier limit; a longer name would be cut short silently.
WAIT_SECONDS = 600.0  # The migrations take ~30 s, ~60 s on a busy machine: a build still going after this is stuck.
IN_BACKGROUND = "template_db_in_background"  # in a worker's workerinput: the controller builds the template


class TemplateUnavailable(Exception):
    """The run's template database failed to build, or was not built in time."""


def run_directory(runuid: str) -> Path:
    """The run's own folder, which every worker and the controller find from xdist's run id: the lock, the name of
    the template (so that the controller drops exactly the one this run made), the build's markers and output."""
    return Path(tempfile.gettempdir()) / f"pytest-django-template-{runuid}"


def template_name(test_database: str, runuid: str) -> str:
    suffix = f"_template_{runuid[:8]}"
    return test_database[: MAX_NAME_LENGTH - len(suffix)] + suffix


@contextmanager
def run_lock(directory: Path, timeout: float = WAIT_SECONDS) -> Iterator[None]:
    """Held by one process of the run at a time (released when the file closes, also if the process dies); whoever
    builds the template holds it for the build, so waiting for it is waiting for the build."""
    directory.mkdir(exist_ok=True)
    with open(directory / "lock", "a") as lock:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise TemplateUnavailable(
                        f"the run's template database (tests/template_db.py) was still being built after {timeout:.0f}"
                        f" s{_output(directory)}"
                    ) from None
                time.sleep(0.05)
        yield


def _output(directory: Path, lines: int = 30) -> str:
    """The end of the background build's output, for a message (the run's folder goes when the run ends)."""
    try:
        tail = (directory / "build.log").read_text(errors="replace").splitlines()[-lines:]
    except OSError:
        return ""
    return "; the build's output ended:\n" + "\n".join(tail) if tail else ""


def built_template(directory: Path) -> str | None:
    """The name of the run's template once it is built (call with the run's lock held), None before anyone has
    built it; TemplateUnavailable, with the build's traceback, if the build failed."""
    failed = directory / "failed"
    if failed.exists():
        raise TemplateUnavailable(f"building the run's template database failed:\n{failed.read_text()}")
    if (directory / "ready").exists():
        return (directory / "template").read_text().strip()
    return None


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


def _copies_template() -> bool:
    """Whether the test database can be copied from a template: PostgreSQL, and one database."""
    return connections[DEFAULT_DB_ALIAS].vendor == "postgresql" and len(settings.DATABASES) == 1


def use_template_for_worker(
    *,
    runuid: str,
    workerid: str,
    keep_existing: bool,
    verbosity: int,
    in_background: bool = False,
    timeout: float = WAIT_SECONDS,
) -> str | None:
    """Point this xdist worker's test database at the run's template (waiting for the controller's build, or
    building the template if nobody is), so that Django's test-database setup copies it instead of migrating.
    Return the template's name, or None where the usual setup applies unchanged.

    `keep_existing` (--reuse-db without --create-db): a worker database that is already there is used as it is.
    `in_background`: the controller builds the template, so a build that ended without a result is an error here
    rather than a build still to do.
    """
    if not _copies_template():
        return None
    connection = connections[DEFAULT_DB_ALIAS]
    worker_database = connection.creation._get_test_db_name()
    if keep_existing and _database_exists(connection, worker_database):
        return None

    directory = run_directory(runuid)

    def build() -> str:
        template = template_name(worker_database.removesuffix(f"_{workerid}"), runuid)
        # The name first, so that the controller drops even a template whose migrations failed part way.
        (directory / "template").write_text(template)
        _build_template(connection, template, verbosity)
        return template

    template = wait_for_template(directory, build, in_background=in_background, timeout=timeout)
    connection.settings_dict["TEST"]["TEMPLATE"] = template
    return template


def wait_for_template(directory: Path, build: Callable[[], str], *, in_background: bool, timeout: float) -> str:
    """The name of the run's template, once whoever holds the run's lock has built it; `build` makes it here if
    nobody has tried (not `in_background`). TemplateUnavailable if the build failed, ended without a result, or
    took longer than `timeout` seconds."""
    with run_lock(directory, timeout):
        template = built_template(directory)
        if template is None:
            if in_background:
                raise TemplateUnavailable(
                    f"the controller's build of the run's template database ended without a result{_output(directory)}"
                )
            template = build()
            (directory / "ready").touch()
    return template


def controller_test_database() -> str:
    """The test database's name before pytest-django adds an xdist worker's suffix (a tox environment's is added,
    as it is in every worker)."""
    name = connections[DEFAULT_DB_ALIAS].creation._get_test_db_name()
    tox_environment = os.getenv("TOX_PARALLEL_ENV")
    return f"{name}_{tox_environment}" if tox_environment else name


def worker_needs_template(workerid: str, keep_existing: bool) -> bool:
    """In the controller, before the worker starts: whether its test database will be copied from the template
    (on PostgreSQL, unless --reuse-db finds it there already). An unreachable server counts as no: the worker then
    meets the error where it always did."""
    if not _copies_template():
        return False
    if not keep_existing:
        return True
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        return not _database_exists(connection, f"{controller_test_database()}_{workerid}")
    except DatabaseError:
        return False


def start_build(runuid: str, verbosity: int, cwd: Path, test_database: str | None = None) -> subprocess.Popen | None:
    """In the controller: build the run's template in a process of its own (`_build_here`), which holds the run's
    lock until it ends, leaving `ready` or `failed`."""
    directory = run_directory(runuid)
    directory.mkdir(exist_ok=True)
    template = template_name(test_database or controller_test_database(), runuid)
    # The name first, so that the controller drops even a template whose migrations failed part way.
    (directory / "template").write_text(template)
    return spawn_holding_lock(
        directory, [sys.executable, "-m", "tests.template_db", str(directory), template, str(verbosity)], cwd
    )


def spawn_holding_lock(directory: Path, command: list[str], cwd: Path) -> subprocess.Popen | None:
    """Start `command` holding the run's lock (its file open in the process) until it ends, before any worker can
    take it; its output to the run's folder. A failure to start it is left as `failed`, for the workers to
    report."""
    with open(directory / "lock", "a") as lock, open(directory / "build.log", "wb") as log:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free: no worker has started yet
        try:
            return subprocess.Popen(
                command,
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                pass_fds=[lock.fileno()],
            )
        except OSError:
            (directory / "failed").write_text(traceback.format_exc())
            return None


def stop_build(process: subprocess.Popen | None) -> None:
    """Wait for the background build to end, stopping it if it is still going (the run ended first, or Ctrl-C)."""
    if process is None:
        return
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def drop_template(runuid: str) -> None:
    """After the run (in the controller): drop the template the run built, and the run's folder."""
    directory = run_directory(runuid)
    name_file = directory / "template"
    try:
        if name_file.exists():
            template = name_file.read_text().strip()
            connection = connections[DEFAULT_DB_ALIAS]
            with connection._nodb_cursor() as cursor:
                # FORCE (PostgreSQL 13+) ends a connection left by a build stopped part way.
                cursor.execute("SHOW server_version_num")
                force = " WITH (FORCE)" if int(cursor.fetchone()[0]) >= 130000 else ""
                cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(template)}{force}")
    except DatabaseError as error:
        # The server gone (the tests' errors say so already): the run's results stand, and the name is shown.
        warnings.warn(f"the run's template database {template} was not dropped: {error}", stacklevel=2)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _build_here(directory: Path, template: str, verbosity: int) -> int:
    """The background build (`start_build`): Django set up as pytest-django sets it up for the tests, then the
    template migrated; `ready` once it is, `failed` with the traceback if anything goes wrong (Ctrl-C too)."""
    try:
        import django
        from django.test.utils import setup_test_environment

        django.setup()
        setup_test_environment(debug=False)
        _build_template(connections[DEFAULT_DB_ALIAS], template, verbosity)
    except BaseException:
        (directory / "failed").write_text(traceback.format_exc())
        return 1
    (directory / "ready").touch()
    return 0


if __name__ == "__main__":
    sys.exit(_build_here(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])))
