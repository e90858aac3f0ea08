"""Query budgets for sickness absence (issue 18 item 4): the same number of queries with 5 or 50 absences of a peer,
or 5 or 50 changes to one. The episode's page and its edit form write nothing but the log of the reason's read."""

from __future__ import annotations

import datetime
import itertools

import pytest
import time_machine

from programmes.models import SensitiveAccessLog
from tests.perf.budget import Page as BudgetPage
from tests.perf.budget import assert_page_keeps_its_budget, page_rows
from workforce.models import AbsenceEpisode, AbsenceReason

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)

ABSENCE = frozenset({SensitiveAccessLog.RecordType.SICKNESS_ABSENCE.value})
_counter = itertools.count()


def Page(*args, **kwargs) -> BudgetPage:  # noqa: N802  (reads like the class it makes)
    return BudgetPage(*args, namespace="workforce", **kwargs)


def add_absences(w, n: int) -> None:
    """Absences of Daniel, each with a reason and linked to his return-to-work conversation (the list's rows)."""
    for _ in range(n):
        i = next(_counter)
        start = datetime.date(2025, 1, 6) + datetime.timedelta(days=7 * i)
        w.absence = AbsenceEpisode.objects.create(
            peer=w.colleague,
            placement=w.colleague_placement,
            start_date=start,
            end_date=start + datetime.timedelta(days=1),
            days_lost=2,
            reason_category=AbsenceReason.INFECTION,
            return_to_work=w.return_to_work,
        )


def change_absence(w, n: int) -> None:
    """Changes to one absence (its history's rows)."""
    if not hasattr(w, "absence"):
        add_absences(w, 1)
    for i in range(n):
        w.absence.days_lost = 1 + (i % 2)
        w.absence.save()


daniel = lambda w: w.colleague  # noqa: E731
absence = lambda w: w.absence  # noqa: E731


def history(response) -> int:
    return len(response.context["history"])


PAGES = [
    Page("absence-list", "line_manager", add_absences, page_rows, daniel),
    Page("absence-create", "hr_officer", add_absences, None, daniel),
    Page("absence-detail", "hr_officer", change_absence, history, absence, logs_reads=ABSENCE),
    Page("absence-update", "line_manager", change_absence, None, absence, logs_reads=ABSENCE),
]


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_page_makes_the_same_number_of_queries_with_5_or_50_rows(client, workforce, page):
    with time_machine.travel(datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC), tick=False):
        if page.pk_of is absence:
            add_absences(workforce, 1)
        assert_page_keeps_its_budget(client, workforce, page)
