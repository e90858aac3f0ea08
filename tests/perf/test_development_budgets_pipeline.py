"""Query budgets for the train-and-place pipeline: the same number of queries with 5 or 50 rows (see
tests/perf/budget.py). Opening an application with lived experience shared logs that read; nothing else writes."""

from __future__ import annotations

import datetime
import itertools

import pytest

from development import services_pipeline as services
from development.models import TrainingApplication
from recruitment.models import Vacancy
from tests import factories
from tests.development.pipeline_world import graduate, make_cohort, pipeline_of
from tests.perf.budget import Page as BudgetPage
from tests.perf.budget import assert_page_keeps_its_budget, choices, context_len, listed
from tests.recruitment.world import make_vacancy

pytestmark = pytest.mark.shared_world("recruitment")  # one world for the module (tests/shared_world.py)

_counter = itertools.count()


def Page(*args, **kwargs) -> BudgetPage:  # noqa: N802  (reads like the class it makes)
    return BudgetPage(*args, namespace="development", **kwargs)


def add_applications(w, n: int, **fields) -> None:
    pipeline_of(w)
    for _ in range(n):
        TrainingApplication.objects.create(
            cohort=w.cohort,
            applicant=factories.PeerFactory(trust=w.trust, full_name=f"Applicant {next(_counter)}"),
            applied_on=datetime.date(2026, 1, 12),
            statement="I want to train.",
            **fields,
        )


def add_interviewed(w, n: int) -> None:
    add_applications(w, n, interviewed_by=w.panel_member)


def add_cohorts(w, n: int) -> None:
    for _ in range(n):
        make_cohort(w, name=f"Cohort {next(_counter)}")


def add_graduates(w, n: int) -> None:
    pipeline_of(w)
    for _ in range(n):
        graduate(w, w.cohort, name=f"Graduate {next(_counter)}")


def add_vacancies(w, n: int) -> None:
    for _ in range(n):
        post = factories.PostFactory(team=w.team, holder=None)
        make_vacancy(by=w.hr_officer, post=post, status=Vacancy.Status.OPEN, reference=f"V{next(_counter)}")


def add_staff(w, n: int) -> None:
    for _ in range(n):
        factories.StaffRoleFactory(trust=w.trust, role="panel_member")


def edit_application(w, n: int) -> None:
    pipeline_of(w)
    for _ in range(n):
        services.update_training_application(
            application=w.training_application, by=factories.UserFactory(), statement=f"Statement {next(_counter)}"
        )


application = lambda w: pipeline_of(w).training_application  # noqa: E731
graduate_of = lambda w: pipeline_of(w).graduate_application  # noqa: E731

PAGES = [
    Page("pipeline-list", "peer_lead", add_applications, listed),
    Page("pipeline-list", "panel_member", add_interviewed, listed),
    Page("pipeline-create", "hr_officer", add_cohorts, choices("cohort")),
    Page("pipeline-graduates", "peer_lead", add_graduates, context_len("graduates")),
    Page("pipeline-graduates", "hr_officer", add_vacancies, context_len("vacancies")),
    Page(
        "pipeline-detail",
        "peer_lead",
        edit_application,
        context_len("history"),
        application,
        logs_reads=frozenset({"lived_experience"}),
    ),
    Page(
        "pipeline-detail",
        "panel_member",
        add_applications,
        None,
        application,
        logs_reads=frozenset({"lived_experience"}),
    ),
    Page("pipeline-update", "hr_officer", edit_application, context_len("history"), application),
    Page("pipeline-interview", "hr_officer", add_staff, choices("interviewed_by"), application),
    Page("pipeline-step", "peer_lead", edit_application, None, application),
    Page("pipeline-dbs", "peer_lead", edit_application, None, application),
    Page("pipeline-put-forward", "peer_lead", add_vacancies, choices("vacancy"), graduate_of),
]


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_page_makes_the_same_number_of_queries_with_5_or_50_rows(client, recruitment, page):
    assert_page_keeps_its_budget(client, recruitment, page)
