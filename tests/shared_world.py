"""The recruitment world built once per test module (issue 19), for a module that opts in with
`pytestmark = pytest.mark.shared_world`.

The world (tests/conftest.py `make_world`) and its recruitment records (tests/recruitment/world.py
`make_recruitment`) are built once per module and pytest-xdist worker, inside a transaction rolled back when the
module ends, rather than for every test (~0.4 s each). pytest-django's `db` runs each test in a savepoint of it, so
what a test writes goes with the test; `world` and `recruitment` give each test one deep copy of the objects (as
Django's setUpTestData does), so what a test changes in memory goes with it too. The pattern of `matrix_world`
(tests/test_permissions.py). Every database test of such a module finds the world in the database, whether it
asks for it or not; sequences are not rolled back, so none may depend on ids.

A transactional test commits, so it must not run inside the module's transaction: a module holding one cannot opt
in (each of its tests errors at setup, naming it); elsewhere `world` is built for each test as before.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings

MARK = "shared_world"
MARK_HELP = f"{MARK}: the module's tests share one recruitment world, built once (tests/shared_world.py)"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as tests/conftest.py's, for a module's fixture


@pytest.fixture(scope="module", autouse=True)
def _shared_world(request):
    """The world of a module marked `shared_world` (None in any other module), open for the module's tests."""
    if request.node.get_closest_marker(MARK) is None:
        yield None
        return
    from tests.conftest import _is_transactional, make_world
    from tests.recruitment.world import make_recruitment

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
            world = make_recruitment(make_world())
        yield world
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
