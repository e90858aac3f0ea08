"""Query budgets for workforce growth and wider system change: the same number of queries with 5 or 50 rows
(see tests/perf/budget.py). No page writes anything."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from development import services_growth as services
from development.models import SystemChangeContribution, TeamEstablishment
from tests import factories
from tests.perf.budget import Page as BudgetPage
from tests.perf.budget import assert_page_keeps_its_budget, choices, context_len, listed

pytestmark = pytest.mark.shared_world("development")  # one world for the module (tests/shared_world.py)

_counter = itertools.count()
DAY = datetime.date(2026, 10, 20)


def Page(*args, **kwargs) -> BudgetPage:  # noqa: N802  (reads like the class it makes)
    return BudgetPage(*args, namespace="development", **kwargs)


# --- Ways of adding rows ------------------------------------------------------------------------


def add_teams(w, n: int) -> None:
    """Teams of the trust, each with a full-time peer, a vacant part-time peer post and an establishment."""
    for _ in range(n):
        i = next(_counter)
        team = factories.TeamFactory(trust=w.trust, name=f"Growth team {i}", service_type=("cmht", "eip")[i % 2])
        factories.PostFactory(team=team, holder=factories.PeerFactory(trust=w.trust, full_name=f"Peer {i}"))
        factories.PostFactory(team=team, holder=None, hours=Decimal("18.75"))
        TeamEstablishment.objects.create(team=team, as_of=DAY, headcount=10 + i % 5, whole_time_equivalent=9)


def edit_establishment(w, n: int) -> None:
    for _ in range(n):
        services.update_establishment(
            establishment=w.establishment, by=factories.UserFactory(), headcount=20 + next(_counter) % 7
        )


def add_reviews(w, n: int) -> None:
    """Vacancy reviews of different teams, decided by different people, some converted with a new post."""
    for i in range(n):
        team = factories.TeamFactory(trust=w.trust, name=f"Review team {next(_counter)}")
        services.record_vacancy_review(
            by=factories.UserFactory(),
            programme=w.programme,
            team=team,
            vacancy="Healthcare Assistant",
            band=3,
            hours=Decimal("37.5"),
            considered_on=DAY,
            decision=("convert", "keep")[i % 2],
            reason="Reviewed.",
            create_post=not i % 2,
            post_title="Peer Support Worker",
        )


def edit_review(w, n: int) -> None:
    for _ in range(n):
        w.vacancy_review.reason = f"Reason {next(_counter)}"
        w.vacancy_review._history_user = factories.UserFactory()
        w.vacancy_review.save()


def add_services(w, n: int) -> None:
    for i in range(n):
        services.record_new_service(
            by=w.hr_officer,
            programme=w.programme,
            name=f"Service {next(_counter)}",
            starts_on=DAY,
            includes_peer_posts=bool(i % 2),
            peer_posts=i % 2,
        )


def edit_service(w, n: int) -> None:
    for _ in range(n):
        services.update_new_service(service=w.new_service, by=factories.UserFactory(), notes=f"{next(_counter)}")


def add_contributions(w, n: int) -> None:
    for _ in range(n):
        peers = [factories.PeerFactory(trust=w.trust) for _ in range(2)]
        for peer in peers:
            factories.PostFactory(team=w.team, holder=peer)
        services.record_contribution(
            by=w.peer_lead,
            programme=w.programme,
            kind="staff_training",
            title=f"Training {next(_counter)}",
            description="Co-delivered.",
            happened_on=DAY,
            peers=peers,
            evidence_link="https://example.org/evidence",
        )


def add_peers(w, n: int) -> None:
    for _ in range(n):
        factories.PostFactory(team=w.team, holder=factories.PeerFactory(trust=w.trust))


def add_contribution_peers(w, n: int) -> None:
    """Peers involved in the contribution. Added through the link table, so the history does not grow with them:
    the history panel (programmes.selectors.history_of, 20 entries at most) reads the peers of each entry."""
    Link = SystemChangeContribution.peers.through
    for _ in range(n):
        peer = factories.PeerFactory(trust=w.trust, full_name=f"Contributor {next(_counter)}")
        factories.PostFactory(team=w.team, holder=peer)
        Link.objects.create(systemchangecontribution=w.contribution, peer=peer)


def peers_shown(response) -> int:
    return len(response.context["contribution"].peers_shown)


def teams_shown(response) -> int:
    return len(response.context["share"].teams)


programme = lambda w: w.programme  # noqa: E731
establishment = lambda w: w.establishment  # noqa: E731
vacancy_review = lambda w: w.vacancy_review  # noqa: E731
new_service = lambda w: w.new_service  # noqa: E731
contribution = lambda w: w.contribution  # noqa: E731

PAGES = [
    Page("growth", "peer_lead", add_teams, teams_shown, programme),
    Page("growth", "hr_officer", add_contributions, lambda r: r.context["contribution_count"], programme),
    Page("establishment-create", "hr_officer", add_teams, choices("team")),
    Page("establishment-update", "peer_lead", edit_establishment, context_len("history"), establishment),
    Page("vacancy-review-list", "peer_lead", add_reviews, listed),
    Page("vacancy-review-create", "peer_lead", add_teams, choices("team")),
    Page("vacancy-review-detail", "hr_officer", edit_review, context_len("history"), vacancy_review),
    Page("new-service-list", "hr_officer", add_services, listed),
    Page("new-service-create", "hr_officer", add_services, None),
    Page("new-service-update", "peer_lead", edit_service, context_len("history"), new_service),
    Page("contribution-list", "peer_lead", add_contributions, listed),
    Page("contribution-create", "peer_lead", add_peers, choices("peers")),
    Page("contribution-detail", "peer_lead", add_contribution_peers, peers_shown, contribution),
    Page("contribution-evidence", "hr_officer", add_contribution_peers, None, contribution),
]


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_page_makes_the_same_number_of_queries_with_5_or_50_rows(client, development, settings, tmp_path, page):
    settings.MEDIA_ROOT = tmp_path
    development.contribution.evidence = SimpleUploadedFile("evidence.pdf", b"%PDF-1.4\n", "application/pdf")
    development.contribution.save()
    assert_page_keeps_its_budget(client, development, page)
