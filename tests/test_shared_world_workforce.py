"""The employment world built once per module (tests/shared_world.py, `shared_world("workforce")`): `world` and
`workforce` are the test's own copy of it, which holds the employment records but not the recruitment ones
(`recruitment` builds those for the test, on the copy, as in a module not marked)."""

import pytest
from django.db import connection

from recruitment.models import Application
from workforce.models import Placement, WellnessActionPlan

pytestmark = pytest.mark.shared_world("workforce")

ADJUSTMENTS = "No early starts, because of medication side-effects."


def test_each_test_gets_its_own_copy_of_the_module_world(_shared_world, world, workforce):
    assert workforce is world  # one copy, whichever the test asks for
    assert world is not _shared_world and world.placement is not _shared_world.placement
    assert world.induction_items[0] is not _shared_world.induction_items[0]
    world.placement.reasonable_adjustments = "Changed in memory"
    world.placement.save()  # and in the database, in the test's savepoint
    world.wap.delete()
    assert _shared_world.placement.reasonable_adjustments == ADJUSTMENTS
    assert world.placement.pk == _shared_world.placement.pk  # the same rows in the database


def test_what_a_test_changed_went_with_it(world, workforce):
    # The test above changed the placement in memory and in the database, and deleted the plan: neither is seen here.
    assert workforce.placement.reasonable_adjustments == ADJUSTMENTS
    assert Placement.objects.get(pk=workforce.placement.pk).reasonable_adjustments == ADJUSTMENTS
    assert WellnessActionPlan.objects.filter(pk=workforce.wap.pk).exists()


def test_the_employment_records_are_built_once_not_again_for_the_test(workforce):
    assert connection.in_atomic_block and connection.savepoint_ids  # a savepoint of the module's transaction
    assert Placement.objects.count() == 2  # Samira's and Daniel's, once
    assert not hasattr(workforce, "application")  # the recruitment records are not part of this kind
    assert not Application.objects.exists()


def test_recruitment_is_built_for_the_test_on_its_copy(_shared_world, workforce, recruitment):
    assert recruitment is workforce
    assert Application.objects.filter(pk=recruitment.application.pk).exists()
    assert not hasattr(_shared_world, "application")


def test_a_test_that_asks_for_no_world_still_finds_it_in_the_database(db):
    assert Placement.objects.count() == 2
