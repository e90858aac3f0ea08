"""Query budgets for the career pathway, progression, the competency framework and assessments: the same
number of queries with 5 or 50 rows (see tests/perf/budget.py)."""

from __future__ import annotations

import datetime
import itertools

import pytest

from development.models import (
    CompetencyAssessment,
    CompetencyDescriptor,
    DescriptorRating,
    Progression,
)
from tests import factories
from tests.perf.budget import Page as BudgetPage
from tests.perf.budget import assert_page_keeps_its_budget, choices, context_len, page_rows
from tests.workforce.world import place

pytestmark = pytest.mark.shared_world("development")  # one world for the module (tests/shared_world.py)

_counter = itertools.count()


def Page(*args, **kwargs) -> BudgetPage:  # noqa: N802  (reads like the class it makes)
    return BudgetPage(*args, namespace="development", **kwargs)


def add_steps(w, n: int) -> None:
    """Earlier steps of the peer's career, each in a post of its own."""
    for _ in range(n):
        i = next(_counter)
        post = factories.PostFactory(team=w.team, title=f"Sessional post {i}")
        day = datetime.date(2000, 1, 1) + datetime.timedelta(days=30 * i)
        Progression.objects.create(peer=w.peer, level=w.level_psw, post=post, started_on=day, ended_on=day)


def add_descriptors(w, n: int) -> None:
    for _ in range(n):
        CompetencyDescriptor.objects.create(domain=w.domain, level="enhanced", order=100 + next(_counter), text="More.")


def add_assessments(w, n: int) -> None:
    for _ in range(n):
        user = factories.UserFactory(username=f"assessor{next(_counter)}")
        a = CompetencyAssessment.objects.create(
            peer=w.peer,
            framework=w.framework,
            assessed_on=datetime.date(2026, 10, 1),
            assessed_by=user,
            context="appraisal",
        )
        DescriptorRating.objects.create(assessment=a, descriptor=w.essential, status="demonstrated")


def add_ratings(w, n: int) -> None:
    add_descriptors(w, n)
    for d in w.domain.descriptors.exclude(ratings__assessment=w.assessment):
        DescriptorRating.objects.create(assessment=w.assessment, descriptor=d, status="developing")


def add_ready_peers(w, n: int) -> None:
    """Peers a year and more at their level whose latest assessment demonstrates every essential competency."""
    for _ in range(n):
        i = next(_counter)
        peer = factories.PeerFactory(trust=w.trust, full_name=f"Ready {i}")
        post = factories.PostFactory(team=w.team, holder=peer, title=f"Peer post {i}")
        Progression.objects.create(peer=peer, level=w.level_psw, post=post, started_on=datetime.date(2020, 1, 1))
        a = CompetencyAssessment.objects.create(
            peer=peer,
            framework=w.framework,
            assessed_on=datetime.date(2026, 10, 1),
            assessed_by=w.supervisor,
            context="appraisal",
        )
        DescriptorRating.objects.create(assessment=a, descriptor=w.essential, status="demonstrated")


def add_sessions(w, n: int) -> None:
    from tests.workforce.world import session

    for i in range(n):
        session(
            kind="peer",
            supervisor=w.supervisor,
            peers=[w.peer],
            date=datetime.date(2026, 10, 1) + datetime.timedelta(days=i),
        )


def add_levels_routes(w, n: int) -> None:
    """Routes between the levels (the pathway has a fixed number of levels): add frameworks the page lists."""
    from development.models import CompetencyFramework

    for _ in range(n):
        CompetencyFramework.objects.create(name=f"Framework {next(_counter)}", trust=w.trust)


def add_peers_in_post(w, n: int) -> None:
    """Peers placed in posts of the team, each on the development home page's list."""
    for _ in range(n):
        i = next(_counter)
        peer = factories.PeerFactory(trust=w.trust, full_name=f"Placed peer {i}")
        place(peer, factories.PostFactory(team=w.team, holder=peer))


def rows(key):
    return context_len(key)


PAGES = [
    Page("home", "peer_lead", add_peers_in_post, lambda r: len(r.context["placements"])),
    Page("home", "peer_worker", add_steps, None),
    Page("pathway", "peer_worker", add_levels_routes, lambda r: len(r.context["frameworks"])),
    Page("ready-for-next-step", "peer_lead", add_ready_peers, page_rows),
    Page("progression-list", "peer_worker", add_steps, page_rows, lambda w: w.peer),
    Page("progression-create", "hr_officer", add_steps, choices("post"), lambda w: w.peer),
    Page(
        "framework-detail",
        "supervisor",
        add_descriptors,
        lambda r: len(r.context["framework"].domains.all()[0].descriptors.all()),
        lambda w: w.framework,
    ),
    Page("assessment-list", "line_manager", add_assessments, page_rows, lambda w: w.peer),
    Page("assessment-create", "supervisor", add_sessions, choices("supervision_session"), lambda w: w.peer),
    Page(
        "assessment-detail",
        "peer_worker",
        add_ratings,
        lambda r: len(r.context["summary"].to_develop),
        lambda w: w.assessment,
    ),
]


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_page_makes_the_same_number_of_queries_with_5_or_50_rows(client, development, page):
    assert_page_keeps_its_budget(client, development, page)
