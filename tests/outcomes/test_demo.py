"""The outcomes demo `make seed` builds (`seed_outcomes_demo` after the other seeds): the evaluation plan, three months
of team returns, caseloads with one above capacity, and the reminder of the return still to come."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.db import transaction

from outcomes import reminders
from outcomes.models import CaseloadAgreement, EvaluationPlan, TeamReturn
from programmes.models import Notification
from tests.test_demo import make_demo, run

LONDON = zoneinfo.ZoneInfo("Europe/London")


DAY = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=LONDON)


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The demo with its outcomes, made once for the module in a transaction rolled back at its end; each test
    runs in a savepoint inside it (the `db` fixture)."""
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(DAY):
            make_demo()
            output = run("seed_outcomes_demo")
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def demo(built, db):
    with time_machine.travel(DAY):
        yield built


def test_the_demo_has_three_months_of_returns_caseloads_and_a_plan(demo):
    assert "Outcomes demo" in demo
    months = set(TeamReturn.objects.values_list("month", flat=True))
    assert months == {datetime.date(2026, 8, 1), datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)}
    teams = TeamReturn.objects.values("team").distinct().count()
    assert TeamReturn.objects.filter(month=datetime.date(2026, 10, 1)).count() == teams - 1  # one still to come
    assert EvaluationPlan.objects.get().questions.count() >= 2
    assert CaseloadAgreement.objects.count() == 6  # every peer in post
    above = [c for c in CaseloadAgreement.objects.select_related("placement__peer") if c.above_capacity]
    assert [c.placement.peer.full_name for c in above] == ["Samira Okafor"]
    assert "already there" in run("seed_outcomes_demo")


def test_the_missing_return_is_reminded_on_the_first_working_day(demo):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=LONDON)):
        run("run_reminders")
    # On 1 December the returns of November are due: every team with a peer in post is reminded.
    assert Notification.objects.filter(kind=reminders.KIND).exists()
