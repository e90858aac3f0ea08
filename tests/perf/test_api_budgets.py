"""Query budgets for the API (issue 20 item 2): every endpoint and the tokens pages make the same number of queries
with 5 or 50 rows (see tests/perf/budget.py). Lists are paged at 25, like the list pages; a JSON answer's rows are
counted from the answer itself. Time is frozen within the development world's dates."""

from __future__ import annotations

import datetime
import itertools
from types import SimpleNamespace

import pytest
import time_machine

from api import services as api_services
from tests import factories
from tests.perf import test_dashboard_budgets as dashboard_budgets
from tests.perf import test_development_budgets_training as training_budgets
from tests.perf import test_query_budgets as programme_budgets
from tests.perf import test_workforce_budgets_placements as placement_budgets
from tests.perf.budget import Page as BudgetPage
from tests.perf.budget import context_len
from tests.perf.together import assert_measured_page_keeps_its_budget, ids, measured_fixture, together
from tests.recruitment.world import make_vacancy

pytestmark = pytest.mark.shared_world("development")  # one world for the module (tests/shared_world.py)

TODAY = datetime.date(2026, 11, 23)
_counter = itertools.count()

# Endpoints that answer only a POST (nothing to count on a GET), each with the reason; every other URL of the API
# has a budget below (tests/perf/test_every_page_has_a_budget.py).
NOT_PAGES = {
    "api:import": "POST only: an import of rows, through the import's own services (tests/api/test_imports.py)",
    "api:token-revoke": "POST only: a button revoking one of the user's own tokens",
}


def Page(*args, **kwargs) -> BudgetPage:  # noqa: N802  (reads like the class it makes)
    return BudgetPage(*args, namespace="api", **kwargs)


def results(response) -> int:
    return len(response.json()["results"])


def growth_rows(response) -> int:
    return sum(len(share["teams"]) for share in response.json())


# --- Ways of adding rows ------------------------------------------------------------------------


def add_vacancies(w, n: int) -> None:
    for _ in range(n):
        post = factories.PostFactory(team=w.team, title=f"Peer Support Worker {next(_counter)}")
        make_vacancy(by=w.hr_officer, post=post, reference=f"API-{next(_counter)}")


def add_applications(w, n: int) -> None:
    for i in range(n):
        dashboard_budgets.add_application(w, withdraw=bool(i % 2))


def add_tokens(w, n: int) -> None:
    for _ in range(n):
        created = api_services.create_token(
            user=w.hr_officer, name=f"Report {next(_counter)}", expires_on=TODAY + datetime.timedelta(days=30)
        )
        for _ in range(2):
            request = SimpleNamespace(
                method="GET", get_full_path=lambda: "/api/v1/teams/", META={"REMOTE_ADDR": "1.2.3.4"}
            )
            api_services.log_use(token=created.record, request=request)


def no_rows(w, n: int) -> None:
    """A page whose content does not grow (a record, the schema): its count must still hold."""


def first_programme(w):
    return w.trust.programmes.get()


def funnel_vacancy(w):
    if not hasattr(w, "dashboard_vacancy"):
        dashboard_budgets.add_application(w, withdraw=False)
    return w.dashboard_vacancy


key = lambda value: lambda w: SimpleNamespace(pk=value)  # noqa: E731

PAGES = [
    Page("schema", "hr_officer", no_rows, None),
    Page("reference", "hr_officer", no_rows, None),
    Page("trust-list", "administrator", programme_budgets.add_trusts, results),
    Page("trust-detail", "hr_officer", programme_budgets.add_trusts, None, lambda w: w.trust),
    Page("programme-list", "hr_officer", programme_budgets.add_teams, results),
    Page("programme-detail", "hr_officer", programme_budgets.add_teams, None, first_programme),
    Page("programme-funnel", "peer_lead", add_applications, None, first_programme),
    Page("team-list", "hr_officer", programme_budgets.add_teams, results),
    Page("team-detail", "line_manager", programme_budgets.add_teams, None, lambda w: w.team),
    Page("post-list", "hr_officer", programme_budgets.add_posts_to_team, results),
    Page("post-detail", "hr_officer", programme_budgets.add_posts_to_team, None, lambda w: w.post),
    Page("vacancy-list", "hr_officer", add_vacancies, results),
    Page("vacancy-detail", "hr_officer", add_applications, None, funnel_vacancy),
    Page("vacancy-funnel", "hr_officer", add_applications, None, funnel_vacancy),
    Page("placement-list", "hr_officer", placement_budgets.add_placements, results),
    Page("placement-detail", "line_manager", placement_budgets.add_placements, None, lambda w: w.placement),
    Page("review-list", "hr_officer", placement_budgets.add_placements, results),
    Page("review-detail", "line_manager", placement_budgets.add_placements, None, lambda w: w.review),
    Page("supervision-compliance", "peer_lead", placement_budgets.add_placements, results),
    Page("training-list", "line_manager", training_budgets.add_own_training, results),
    Page("training-detail", "line_manager", training_budgets.add_own_training, None, lambda w: w.training),
    Page("workforce-growth", "peer_lead", programme_budgets.add_teams, growth_rows),
    Page("dashboard", "peer_lead", dashboard_budgets.add_placed_peers, None),
    Page("dashboard-table", "line_manager", dashboard_budgets.add_team_peers, None, key("supervision")),
    Page("token-list", "hr_officer", add_tokens, context_len("tokens")),
    Page("token-create", "hr_officer", add_tokens, None),
]


def frozen_day():
    return time_machine.travel(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC), tick=False)


# The pages that add the same rows, measured on one build of them (tests/perf/together.py); `funnel_vacancy` makes
# the vacancy its pages are about.
measured = measured_fixture(clock=frozen_day)


@pytest.mark.parametrize(
    ("page", "measured"),
    together(PAGES, makers=[funnel_vacancy]),
    indirect=["measured"],
    ids=ids(PAGES),
    scope="module",
)
def test_page_makes_the_same_number_of_queries_with_5_or_50_rows(db, page, measured):
    assert_measured_page_keeps_its_budget(page, measured[page])
