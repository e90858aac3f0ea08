"""Query budgets for the outcomes pages (issue 18 items 1 and 2): the same number of queries with 5 or 50 questions
of a plan, returns of a team, caseloads of a peer, or changes to one record. Time is frozen on 10 November 2026."""

from __future__ import annotations

import datetime
import itertools

import pytest
import time_machine
from dateutil.relativedelta import relativedelta

from outcomes.models import EvaluationQuestion
from programmes.models import Programme
from tests import factories
from tests.outcomes import world as ow
from tests.perf.budget import Page as BudgetPage
from tests.perf.budget import assert_page_keeps_its_budget, context_len

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)

_counter = itertools.count()


def Page(*args, **kwargs) -> BudgetPage:  # noqa: N802  (reads like the class it makes)
    return BudgetPage(*args, namespace="outcomes", **kwargs)


def add_questions(w, n: int) -> None:
    plan = ow.plan_of(w)
    for _ in range(n):
        EvaluationQuestion.objects.create(plan=plan, question=f"Question {next(_counter)}?", order=1)
        factories.TeamFactory(trust=w.trust, name=f"Team {next(_counter)}")


def add_returns(w, n: int) -> None:
    """Returns of Samira's team, month after month back from October 2026 (the list shows the last 12), and of
    other teams."""
    for _ in range(n):
        i = next(_counter)
        ow.team_return(w.team, month=datetime.date(2026, 10, 1) - relativedelta(months=i))
        ow.team_return(factories.TeamFactory(trust=w.trust, name=f"Team {i}"))


def change(record_of):
    def add(w, n: int) -> None:
        if not hasattr(w, "record"):
            w.record = record_of(w)
        for _ in range(n):
            w.record.save()  # each save is a row of its history

    return add


def add_caseloads(w, n: int) -> None:
    for _ in range(n):
        ow.caseload_of(w.placement, caseload=5 + next(_counter) % 10)


programme = lambda w: Programme.objects.filter(trust=w.trust).order_by("pk").first()  # noqa: E731
record = lambda w: w.record  # noqa: E731
team = lambda w: w.team  # noqa: E731
samira = lambda w: w.peer  # noqa: E731


def history(response) -> int:
    return len(response.context["history"])


PAGES = [
    Page("plan-detail", "peer_lead", add_questions, context_len("questions"), programme),
    Page(
        "plan-create",
        "hr_officer",
        add_questions,
        None,
        lambda w: Programme.objects.create(
            trust=w.trust,
            name=f"Another {next(_counter)}",
            training_model="place_and_train",
            target_peer_share=10,
            start_date=datetime.date(2026, 1, 1),
        ),
    ),
    Page("question-create", "peer_lead", add_questions, None, programme),
    Page("question-update", "peer_lead", change(ow.question_of), None, record),
    Page("measure-create", "peer_lead", add_questions, None, programme),
    Page("measure-update", "peer_lead", change(ow.measure_of), None, record),
    Page("return-list", "line_manager", add_returns, None, team),
    Page("return-create", "peer_worker", add_returns, None, team),
    Page("return-detail", "peer_lead", change(lambda w: ow.team_return(w.team)), history, record),
    Page("return-update", "line_manager", change(lambda w: ow.team_return(w.team)), None, record),
    Page("allocation-update", "line_manager", add_returns, None, team),
    Page("caseload-list", "peer_worker", add_caseloads, context_len("agreements"), samira),
    Page("caseload-create", "line_manager", add_caseloads, None, samira),
]


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_page_makes_the_same_number_of_queries_with_5_or_50_rows(client, workforce, page):
    with time_machine.travel(datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC), tick=False):
        if page.pk_of is record:
            page.add_rows(workforce, 0)
        if page.url_name == "question-create":
            ow.plan_of(workforce)
        assert_page_keeps_its_budget(client, workforce, page)
