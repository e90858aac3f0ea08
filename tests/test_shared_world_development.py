"""The development world built once per module (tests/shared_world.py, `shared_world("development")`): `world`,
`workforce` and `development` are the test's own copy of it, which holds the employment and development records."""

import pytest
from django.db import connection

from development.models import DevelopmentObjective, Progression
from workforce.models import Placement

pytestmark = pytest.mark.shared_world("development")

OBJECTIVE = "Co-deliver a recovery college course."


def test_each_test_gets_its_own_copy_of_the_module_world(_shared_world, world, workforce, development):
    assert development is workforce is world  # one copy, whichever the test asks for
    assert world is not _shared_world and world.own_objective is not _shared_world.own_objective
    world.own_objective.text = "Changed in memory"
    world.own_objective.save()  # and in the database, in the test's savepoint
    world.progression.delete()
    assert _shared_world.own_objective.text == OBJECTIVE
    assert world.own_objective.pk == _shared_world.own_objective.pk  # the same rows in the database


def test_what_a_test_changed_went_with_it(development):
    # The test above changed the objective in memory and in the database, and deleted the progression.
    assert development.own_objective.text == OBJECTIVE
    assert DevelopmentObjective.objects.get(pk=development.own_objective.pk).text == OBJECTIVE
    assert Progression.objects.filter(pk=development.progression.pk).exists()


def test_the_records_are_built_once_not_again_for_the_test(development):
    assert connection.in_atomic_block and connection.savepoint_ids  # a savepoint of the module's transaction
    assert Placement.objects.count() == 2
    assert Progression.objects.count() == 1
    assert DevelopmentObjective.objects.count() == 2
