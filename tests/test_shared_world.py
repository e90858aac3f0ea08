"""The recruitment world built once per module (tests/shared_world.py): each test gets its own copy of the objects
and writes in a savepoint of the module's transaction."""

from types import SimpleNamespace

import pytest
from django.db import connection

from recruitment.models import Application, Vacancy
from tests import shared_world

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


def test_the_records_are_built_once_not_again_for_the_test(recruitment):
    assert Vacancy.objects.count() == 2  # the vacancy and the senior one, once
    assert Application.objects.count() == 3  # the conditional offer, the unsuccessful one and the peer's own


class _Node:
    nodeid = "tests/test_x.py"

    def __init__(self, mark):
        self.mark = mark

    def get_closest_marker(self, name):
        return self.mark.mark if self.mark is not None and name == shared_world.MARK else None


@pytest.mark.parametrize(
    ("mark", "kind", "held"),
    [
        (None, None, set()),
        (pytest.mark.shared_world, "recruitment", {"world", "recruitment"}),
        (pytest.mark.shared_world("recruitment"), "recruitment", {"world", "recruitment"}),
        (pytest.mark.shared_world("world"), "world", {"world"}),
        (pytest.mark.shared_world("workforce"), "workforce", {"world", "workforce"}),
        (pytest.mark.shared_world("development"), "development", {"world", "workforce", "development"}),
    ],
    ids=["unmarked", "plain", "recruitment", "world", "workforce", "development"],
)
def test_the_kind_a_mark_names_and_the_records_its_world_holds(mark, kind, held):
    request = SimpleNamespace(node=_Node(mark))
    assert shared_world.shared_kind(request.node) == kind
    assert {r for r in ("world", "recruitment", "workforce", "development") if shared_world.holds(request, r)} == held


def test_a_kind_not_known_fails():
    with pytest.raises(pytest.fail.Exception, match="not one of"):
        shared_world.shared_kind(_Node(pytest.mark.shared_world("workforcee")))
