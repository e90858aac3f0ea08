"""The controller builds the run's template database in the background, and the workers wait for it only when a
test first needs the database (tests/template_db.py); the tests that use no database run first meanwhile
(tests/conftest.py). Real processes and the real file lock; a build that fails, dies or sticks is reported to the
worker, never waited for without end."""

from __future__ import annotations

import shutil
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import (
    DISTRIBUTION,
    _is_transactional,
    _uses_database,
    pytest_collection_modifyitems,
)
from tests.template_db import (
    TemplateUnavailable,
    run_directory,
    spawn_holding_lock,
    start_build,
    stop_build,
    wait_for_template,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def directory():
    """A run's folder of the test's own (the name a run id gives it), removed afterwards."""
    path = run_directory(f"test{uuid.uuid4().hex}")
    path.mkdir()
    yield path
    shutil.rmtree(path, ignore_errors=True)


def not_to_be_built_here() -> str:
    raise AssertionError("a worker built the template while the controller's build held the lock")


def builder(directory: Path, script: str):
    """A stand-in for the controller's build: `script` run in a process holding the run's lock, as `start_build`
    runs the migrations."""
    (directory / "template").write_text("test_x_template_0123abcd")
    process = spawn_holding_lock(directory, [sys.executable, "-c", script, str(directory)], ROOT)
    assert process is not None
    return process


def test_a_worker_waits_for_the_build_in_the_background_and_takes_its_template(directory):
    process = builder(directory, "import pathlib, sys, time; time.sleep(1); pathlib.Path(sys.argv[1], 'ready').touch()")
    started = time.monotonic()
    try:
        template = wait_for_template(directory, not_to_be_built_here, in_background=True, timeout=30)
    finally:
        stop_build(process)
    assert template == "test_x_template_0123abcd"
    assert time.monotonic() - started >= 0.5  # it waited for the build rather than finding the lock free
    # A worker coming later finds the template at once.
    assert wait_for_template(directory, not_to_be_built_here, in_background=True, timeout=0) == template


def test_a_build_that_dies_without_a_result_is_reported_with_its_output(directory):
    process = builder(directory, "import os, signal; print('migrating half way', flush=True); os.kill(os.getpid(), 9)")
    try:
        with pytest.raises(TemplateUnavailable, match=r"ended without a result(.|\n)*migrating half way"):
            wait_for_template(directory, not_to_be_built_here, in_background=True, timeout=30)
    finally:
        stop_build(process)


def test_a_build_that_does_not_end_is_waited_for_no_longer_than_the_timeout(directory):
    process = builder(directory, "import time; print('applying 0042', flush=True); time.sleep(60)")
    started = time.monotonic()
    try:
        with pytest.raises(TemplateUnavailable, match=r"still being built after 1 s(.|\n)*applying 0042"):
            wait_for_template(directory, not_to_be_built_here, in_background=True, timeout=1)
    finally:
        stop_build(process)
    assert time.monotonic() - started < 10
    assert process.returncode is not None  # the controller stops a build still going when the run ends


def test_without_a_build_in_the_background_the_first_worker_builds_and_the_next_one_copies(directory):
    built = []

    def build() -> str:  # as a worker's: the name written first, for the controller to drop
        built.append(1)
        (directory / "template").write_text("test_x_template_0123abcd")
        return "test_x_template_0123abcd"

    assert wait_for_template(directory, build, in_background=False, timeout=30) == "test_x_template_0123abcd"
    assert (directory / "ready").exists()
    assert wait_for_template(directory, not_to_be_built_here, in_background=False, timeout=30) == (
        "test_x_template_0123abcd"
    )
    assert built == [1]


def test_a_failed_build_in_the_background_fails_the_worker_with_the_builds_error(directory, monkeypatch):
    """The controller's real build (`start_build`: Django set up, then the migrations) against a server that
    refuses connections: the worker fails with the build's traceback."""
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:1/nowhere")
    runuid = directory.name.removeprefix("pytest-django-template-")
    process = start_build(runuid, 0, ROOT, test_database="test_nowhere")
    try:
        with pytest.raises(TemplateUnavailable) as failure:
            wait_for_template(directory, not_to_be_built_here, in_background=True, timeout=60)
    finally:
        stop_build(process)
    assert "building the run's template database failed" in str(failure.value)
    assert "OperationalError" in str(failure.value)
    assert "Traceback" in str(failure.value)
    assert process.returncode == 1
    assert (directory / "template").read_text() == "test_nowhere_template_" + runuid[:8]


def _django_order(item) -> int:
    """pytest-django's order: the tests that use the database (0), the ones that commit (1), the others (2)."""
    if _is_transactional(item):
        return 1
    return 0 if item.get_closest_marker("django_db") or "db" in item.fixturenames else 2


def test_the_tests_without_the_database_come_first_in_each_workers_first_chunk(request):
    items = request.session.items
    workers, chunk = 1, len(items)
    workerinput = getattr(request.config, "workerinput", None)
    if (
        workerinput is not None
        and workerinput[DISTRIBUTION][0] == "load"
        and len(items) >= 2 * workerinput["workercount"]
    ):
        # xdist's LoadScheduling sends each worker this many consecutive tests first.
        workers = workerinput["workercount"]
        chunk = max(min(len(items) // workers // 4, workerinput[DISTRIBUTION][1] or len(items)), 2)
    without = [index for index, item in enumerate(items) if not _uses_database(item)]
    assert len(without) >= workers  # this test among them
    assert all(index < max(workers * chunk, len(without)) for index in without)  # in the first chunks, or all first
    for start in range(0, workers * chunk, chunk):
        part = [_uses_database(item) for item in items[start : start + chunk]]
        assert not part[0]  # every worker starts without the database
        assert part == sorted(part)  # none after a test that uses the database
    uses = [_django_order(item) for item in items if _uses_database(item)]
    assert uses == sorted(uses)  # pytest-django's order kept among the others


class Item:
    """A collected test as the ordering sees it: its fixtures (autouse ones and their own included) and marks."""

    cls = None

    def __init__(self, name: str, fixtures: tuple[str, ...] = ()):
        self.name = name
        self.fixturenames = ["_fast_password_hashing", "settings", *fixtures]

    def get_closest_marker(self, name: str):
        return None

    def __repr__(self) -> str:
        return self.name


class Config:
    """A worker's, as the controller starts it (`pytest_configure_node`) under `-n workercount --dist dist`."""

    def __init__(self, workercount: int | None, dist: str = "load"):
        if workercount:
            self.workerinput = {"workercount": workercount, DISTRIBUTION: (dist, None)}


def collected() -> list[Item]:
    """As pytest-django orders them: the tests using the database, the ones that commit, then the others."""
    db = [Item(f"db{n}", ("django_db_setup", "db")) for n in range(22)]
    committing = [Item(f"commit{n}", ("django_db_setup", "transactional_db")) for n in range(8)]
    module_world = [Item("module_world", ("django_db_setup",))]  # a module's world, built in the database
    return db + committing + [Item(f"plain{n}") for n in range(9)] + module_world


def test_without_xdist_the_tests_without_the_database_run_first_and_the_rest_keep_their_order():
    items = collected()
    pytest_collection_modifyitems(Config(None), items)
    assert [item.name for item in items] == [
        *(f"plain{n}" for n in range(9)),
        *(f"db{n}" for n in range(22)),
        *(f"commit{n}" for n in range(8)),
        "module_world",
    ]


def test_each_xdist_worker_starts_on_its_share_of_the_tests_without_the_database():
    items = collected()
    pytest_collection_modifyitems(Config(2), items)
    chunk = 40 // 2 // 4  # the first tests xdist sends each of the 2 workers
    names = [item.name for item in items]
    assert names[:5] == ["plain0", "plain1", "plain2", "plain3", "db0"]
    assert names[chunk : chunk + 5] == ["plain4", "plain5", "plain6", "plain7", "plain8"]
    assert [name for name in names if not name.startswith("plain")] == [
        *(f"db{n}" for n in range(22)),
        *(f"commit{n}" for n in range(8)),
        "module_world",
    ]
    again = collected()
    pytest_collection_modifyitems(Config(2), again)
    assert [item.name for item in again] == names  # every worker finds the same order


def test_under_another_distribution_the_tests_without_the_database_simply_come_first():
    items = collected()
    pytest_collection_modifyitems(Config(2, dist="loadscope"), items)
    assert [item.name for item in items][:9] == [f"plain{n}" for n in range(9)]
