"""Query budgets for placements, induction and reviews: the same number of queries with 5 or 50 rows (see
tests/perf/budget.py). A page view writes nothing but the log of reads of reasonable adjustments."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest

from programmes.models import SensitiveAccessLog
from tests import factories
from tests.perf.budget import Page as BudgetPage
from tests.perf.budget import choices, listed
from tests.perf.together import assert_measured_page_keeps_its_budget, ids, measured_fixture, together
from tests.workforce.world import START
from workforce import services
from workforce.models import InductionSection

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)

OH = frozenset({SensitiveAccessLog.RecordType.OCCUPATIONAL_HEALTH.value})
_counter = itertools.count()


def Page(*args, **kwargs) -> BudgetPage:  # noqa: N802  (reads like the class it makes)
    return BudgetPage(*args, namespace="workforce", **kwargs)


# --- Ways of adding rows ------------------------------------------------------------------------


def add_placements(w, n: int) -> None:
    """Peers placed in new posts of the team through the service (each with an induction plan and reviews),
    with named people who differ from one placement to the next."""
    for _ in range(n):
        i = next(_counter)
        manager = factories.UserFactory(username=f"manager{i}")
        services.place_peer(
            by=w.hr_officer,
            peer=factories.PeerFactory(trust=w.trust, full_name=f"Peer {i}"),
            post=factories.PostFactory(team=w.team, title=f"Peer Support Worker {i}", hours=Decimal("30")),
            start_date=START,
            hours=Decimal("30"),
            match_reasons="Asked for by the team.",
            line_manager=manager,
            mentor=manager,
        )


def add_own_placements(w, n: int) -> None:
    """Sessional posts the peer worker holds besides their main one (each a placement of their own)."""
    for _ in range(n):
        i = next(_counter)
        services.place_peer(
            by=w.hr_officer,
            peer=w.peer,
            post=factories.PostFactory(team=w.other_team, title=f"Sessional peer worker {i}", hours=Decimal("3")),
            start_date=START,
            hours=Decimal("3"),
            match_reasons="Runs the ward's Friday group.",
            mentor=factories.UserFactory(username=f"mentor{i}"),
        )


def add_peers(w, n: int) -> None:
    for _ in range(n):
        factories.PeerFactory(trust=w.trust, full_name=f"Contact {next(_counter)}")


def edit_placement(w, n: int) -> None:
    for _ in range(n):
        services.update_placement(placement=w.placement, by=w.hr_officer, match_reasons=f"Reason {next(_counter)}")


def add_items(w, n: int) -> None:
    """Items of the plan, some done by different people, some booked for a date."""
    for i in range(n):
        item = services.add_induction_item(
            plan=w.induction,
            by=w.line_manager,
            title=f"Meet colleague {next(_counter)}",
            section=InductionSection.values[i % len(InductionSection.values)],
            week=(i % 4) + 1,
            scheduled_for=START + datetime.timedelta(days=i),
        )
        if i % 2:
            who = factories.UserFactory(username=f"ticker{next(_counter)}")
            services.mark_item_done(item=item, by=who, done_on=START)


def add_objectives(w, n: int) -> None:
    for _ in range(n):
        services.record_review(
            review=w.review,
            by=w.line_manager,
            held_on=datetime.date(2026, 12, 1),
            objectives=[{"text": f"Objective {next(_counter)}"}],
        )


def edit_objective(w, n: int) -> None:
    for i in range(n):
        services.set_objective_status(objective=w.objective, by=w.line_manager, status=("achieved", "open")[i % 2])


# --- How many rows the page shows ------------------------------------------------------------


def history(response) -> int:
    return len(response.context["history"])


def items(response) -> int:
    return response.context["progress"].total


def objectives(response) -> int:
    return len(response.context["object"].objectives.all())


placement = lambda w: w.placement  # noqa: E731
induction = lambda w: w.induction  # noqa: E731
review = lambda w: w.review  # noqa: E731


class TwoKeyPage(BudgetPage):
    """A page whose URL names the plan (or review) and one of its rows."""

    def url(self, w) -> str:
        from django.urls import reverse

        return reverse(f"{self.namespace}:{self.url_name}", args=self.pk_of(w))


PAGES = [
    Page("home", "peer_lead", add_placements, lambda r: r.context["peers_in_post"]),
    Page("home", "peer_worker", add_own_placements, lambda r: len(r.context["own_placements"])),
    Page("placement-list", "hr_officer", add_placements, listed),
    Page("placement-list", "peer_worker", add_own_placements, listed),
    Page("placement-create", "hr_officer", add_peers, choices("peer")),
    Page("placement-detail", "hr_officer", edit_placement, history, placement, logs_reads=OH),
    Page("placement-detail", "line_manager", edit_placement, history, placement),
    Page("placement-update", "hr_officer", edit_placement, None, placement, logs_reads=OH),
    Page("placement-end", "peer_lead", edit_placement, None, placement),
    Page("induction-detail", "peer_worker", add_items, items, induction),
    Page("induction-ics", "peer_worker", add_items, None, induction),
    Page("induction-item-add", "line_manager", add_items, None, induction),
    TwoKeyPage(
        "induction-item-done",
        "line_manager",
        add_items,
        None,
        lambda w: [w.induction.pk, w.induction_items[0].pk],
        namespace="workforce",
    ),
    TwoKeyPage(
        "induction-item-schedule",
        "peer_worker",
        add_items,
        None,
        lambda w: [w.induction.pk, w.induction_items[0].pk],
        namespace="workforce",
    ),
    Page("review-list", "hr_officer", add_placements, listed),
    Page("review-detail", "line_manager", add_objectives, objectives, review),
    Page("review-record", "line_manager", add_objectives, lambda r: len(r.context["objectives"]), review),
    TwoKeyPage(
        "review-objective",
        "peer_lead",
        edit_objective,
        None,
        lambda w: [w.review.pk, w.objective.pk],
        namespace="workforce",
    ),
]


measured = measured_fixture()  # the pages that add the same rows, measured on one build (tests/perf/together.py)


@pytest.mark.parametrize(("page", "measured"), together(PAGES), indirect=["measured"], ids=ids(PAGES), scope="module")
def test_page_makes_the_same_number_of_queries_with_5_or_50_rows(db, page, measured):
    assert_measured_page_keeps_its_budget(page, measured[page])
