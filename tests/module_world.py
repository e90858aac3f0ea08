"""Worlds built once per test module and worker, for a module whose tests walk the permission matrix's rows (the
form fuzzing, tests/security/test_form_fuzzing.py, and the form guards, tests/integrity/test_every_form_is_guarded.py).

The pattern of `matrix_world` (tests/test_permissions.py) and tests/shared_world.py: a world is built inside a
transaction rolled back when the module ends, each test runs in a savepoint of it (pytest-django's `db`), so what a
test writes goes with the test, and `row_world` gives each test its own deep copy of the objects (what a row's
kwargs add to the world, tests/development/pipeline_world.py, or a sign-in changes in memory, goes with it too).

A module's rows need worlds of several kinds, and each row's world was built at a clock of its own (a recruitment
world dates its vacancy from today; a row fuzzed on a frozen day built its phase's records on that day), so a
`Kind` names both: which records (the shared world, phase 1's, a phase's) and the clock each part is built at, as
the per-test fixtures built them. A test asks for the world with

    @pytest.mark.parametrize(("row", "module_world"), [(row, Kind(...)) ...], indirect=["module_world"],
                             ids=[...], scope="module")

(`scope="module"`: else a pair with a direct argument is function-scoped, and the world built for every row);
pytest orders the tests so that those of one kind run together, and builds each kind once. A database test of
such a module that does not ask for a module world may run while one is open, so it must not build a world of its
own (its people would meet the open world's): every world-using test of such a module uses `module_world`.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as tests/conftest.py's, for a module's fixture


@dataclass(frozen=True)
class Kind:
    """A module world: `phase`'s records ("world" for none, "preparation" for phase 1's alone, "recruitment",
    "workforce" or "development") on the shared world (tests/conftest.py `make_world`), with phase 1's records
    (tests/test_permissions.py `make_preparation`) when `preparation`. The shared world and phase 1 are built at
    `base_on`, the phase's records at `phase_on` (None: the real clock)."""

    phase: str
    preparation: bool = True
    base_on: dt.datetime | None = None
    phase_on: dt.datetime | None = None


def _at(moment: dt.datetime | None):
    return contextlib.nullcontext() if moment is None else time_machine.travel(moment, tick=False)


def build(kind: Kind):
    from tests.conftest import make_world
    from tests.development.world import make_development
    from tests.recruitment.world import make_recruitment
    from tests.test_permissions import make_preparation
    from tests.workforce.world import make_workforce

    phases = {
        "world": lambda w: w,
        "preparation": lambda w: w,
        "recruitment": make_recruitment,
        "workforce": make_workforce,
        "development": lambda w: make_development(make_workforce(w)),
    }
    with _at(kind.base_on):
        world = make_world()
        if kind.preparation or kind.phase == "preparation":
            world = make_preparation(world)
    with _at(kind.phase_on):
        return phases[kind.phase](world)


# Named, so that a module imports them (`from tests.module_world import _module_world, _row_world`) without its
# tests' arguments shadowing the imported names.
@pytest.fixture(scope="module", name="module_world")
def _module_world(request, django_db_setup, django_db_blocker) -> Iterator[object]:
    """The world of `request.param` (a `Kind`), built once per module (and xdist worker) for all the tests of that
    kind, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            world = build(request.param)
        yield world
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(name="row_world")
def _row_world(module_world, db):
    """The test's own copy of the module's world, the test running in a savepoint of the world's transaction."""
    return copy.deepcopy(module_world)
