"""The world built once per test module (issue 19), for a module that opts in with
`pytestmark = pytest.mark.shared_world` or `pytest.mark.shared_world(KIND)`, KIND one of `KINDS`:

- "recruitment" (the default): the world (tests/conftest.py `make_world`) and its recruitment records
  (tests/recruitment/world.py `make_recruitment`);
- "world": the world alone;
- "workforce": the world and its employment records (tests/workforce/world.py `make_workforce`);
- "development": those and the development records (tests/development/world.py `make_development`).

The module's world is built once per module and pytest-xdist worker, inside a transaction rolled back when the
module ends, rather than for every test (0.1-0.4 s each). pytest-django's `db` runs each test in a savepoint of it,
so what a test writes goes with the test; `world` gives each test one deep copy of the objects (as Django's
setUpTestData does), so what a test changes in memory goes with it too, and `recruitment`, `workforce` and
`development` are that copy when the module's kind holds their records (and build theirs on it, for the test, as
in any other module, when it does not). The pattern of `matrix_world` (tests/test_permissions.py). Every database
test of such a module finds the world in the database, whether it asks for it or not; sequences are not rolled
back, so none may depend on ids.

A transactional test commits, so it must not run inside the module's transaction: a module holding one cannot opt
in (each of its tests errors at setup, naming it); elsewhere `world` is built for each test as before.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings

MARK = "shared_world"
MARK_HELP = (
    f"{MARK}(kind='recruitment'): the module's tests share one world of that kind (recruitment, world, workforce, "
    "development), built once (tests/shared_world.py)"
)
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as tests/conftest.py's, for a module's fixture

# Each kind, and the kinds whose records its world holds (so their fixture is the test's copy, not built again).
KINDS = {
    "world": {"world"},
    "recruitment": {"world", "recruitment"},
    "workforce": {"world", "workforce"},
    "development": {"world", "workforce", "development"},
}


def shared_kind(node) -> str | None:
    """The kind of world the module of `node` shares (None when it is not marked)."""
    marker = node.get_closest_marker(MARK)
    if marker is None:
        return None
    kind = marker.args[0] if marker.args else marker.kwargs.get("kind", "recruitment")
    if kind not in KINDS:
        pytest.fail(f"{node.nodeid}: {MARK}({kind!r}) is not one of {sorted(KINDS)}", pytrace=False)
    return kind


def holds(request, records: str) -> bool:
    """Whether the test's module shares a world that already holds `records` (a key of `KINDS`)."""
    kind = shared_kind(request.node)
    return kind is not None and records in KINDS[kind]


def build(kind: str):
    from tests.conftest import make_world

    world = make_world()
    if kind == "recruitment":
        from tests.recruitment.world import make_recruitment

        world = make_recruitment(world)
    if kind in ("workforce", "development"):
        from tests.workforce.world import make_workforce

        world = make_workforce(world)
    if kind == "development":
        from tests.development.world import make_development

        world = make_development(world)
    return world


@pytest.fixture(scope="module", autouse=True)
def _shared_world(request):
    """The world of a module marked `shared_world` (None in any other module), open for the module's tests."""
    kind = shared_kind(request.node)
    if kind is None:
        yield None
        return
    from tests.conftest import _is_transactional

    transactional = [
        item.name
        for item in request.session.items
        if item.getparent(pytest.Module) is request.node and _is_transactional(item)
    ]
    if transactional:
        pytest.fail(
            f"{request.node.nodeid} is marked {MARK}, but {transactional} commit (transactional tests) and would "
            "run inside its world's transaction: move them to a module of their own",
            pytrace=False,
        )
    request.getfixturevalue("django_db_setup")
    django_db_blocker = request.getfixturevalue("django_db_blocker")
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            world = build(kind)
        yield world
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
