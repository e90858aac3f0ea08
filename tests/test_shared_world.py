"""The recruitment world built once per module (tests/shared_world.py): each test gets its own copy of the objects
and writes in a savepoint of the module's transaction."""

import pytest
from django.db import connection

from recruitment.models import Application

pytestmark = pytest.mark.shared_world


def test_each_test_gets_its_own_copy_of_the_module_world(_shared_world, world, recruitment):
    assert recruitment is world  # one copy, whichever the test asks for
    assert world is not _shared_world and world.peer is not _shared_world.peer
    world.peer.full_name = "Changed in memory"
    world.application.stage = Application.Stage.WITHDRAWN
    assert _shared_world.peer.full_name == "Samira Okafor"
    assert _shared_world.application.stage == Application.Stage.CONDITIONAL_OFFER
    assert world.application.pk == _shared_world.application.pk  # the same rows in the database


def test_a_test_writes_in_a_savepoint_of_the_module_transaction(world):
    # The module's transaction is open and the test's own atomic block is a savepoint in it (rolled back after).
    assert connection.in_atomic_block
    assert connection.savepoint_ids, "the test runs in a savepoint of the module's transaction"
    assert Application.objects.filter(pk=world.application.pk, stage=Application.Stage.CONDITIONAL_OFFER).exists()
