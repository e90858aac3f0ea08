"""Query budgets: every page makes the same number of SQL queries whatever the number of rows it shows.

Each case builds its rows at 5, counts the queries of one GET, grows the rows to 50 and counts again.
A count that grows with the rows is an N+1 query in the page. List pages paginate at 25, so the
large run shows a full page of 25 rows against the small run's handful.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes import services
from programmes.models import SensitiveAccessLog, StaffRole
from tests import factories
from tests.conftest import World

SMALL, LARGE = 5, 50
WRITE = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)


# --- Ways of adding rows ------------------------------------------------------------------------


def add_trusts(w: World, n: int) -> None:
    """Trusts, each with a team, a filled post and a vacant post (the trust list counts them)."""
    for _ in range(n):
        team = factories.TeamFactory()
        factories.PostFactory(team=team, holder=factories.PeerFactory(trust=team.trust))
        factories.PostFactory(team=team)


def add_teams(w: World, n: int) -> None:
    """Teams of the world's trust, each with a filled post, a vacant post and a programme."""
    for _ in range(n):
        team = factories.TeamFactory(trust=w.trust)
        factories.PostFactory(team=team, holder=factories.PeerFactory(trust=w.trust))
        factories.PostFactory(team=team)
        factories.ProgrammeFactory(trust=w.trust, lead=factories.UserFactory())


def add_posts_to_team(w: World, n: int) -> None:
    """Posts in the world's team, every other one filled."""
    for i in range(n):
        holder = factories.PeerFactory(trust=w.trust) if i % 2 else None
        factories.PostFactory(team=w.team, holder=holder, title=f"Peer Support Worker {i}")


def add_peers(w: World, n: int) -> None:
    """Peers of the world's trust, every other one in a post of the world's team."""
    for i in range(n):
        peer = factories.PeerFactory(trust=w.trust, preferred_name=f"Pref {i}")
        if i % 2:
            factories.PostFactory(team=w.team, holder=peer)


def add_hr_trusts(w: World, n: int) -> None:
    """Trusts in which the HR officer holds a role (the trust choices of the team and peer forms)."""
    for _ in range(n):
        StaffRole.objects.create(user=w.hr_officer, trust=factories.TrustFactory(), role=StaffRole.Role.HR)


def edit_trust(w: World, n: int) -> None:
    """Changes to the world's trust, each credited to the administrator."""
    start = w.trust.history.count()
    for i in range(start, start + n):
        services.update_trust(trust=w.trust, by=w.administrator, name=f"Northshire Trust {i}")


def edit_post(w: World, n: int) -> None:
    """Changes to the world's post, each credited to the HR officer."""
    start = w.post.history.count()
    for i in range(start, start + n):
        services.update_post(post=w.post, by=w.hr_officer, title=f"Peer Support Worker {i}", band=3 + i % 2)


def edit_peer_and_add_posts(w: World, n: int) -> None:
    """Changes to the world's peer and posts the peer holds (the peer's record lists both)."""
    start = w.peer.history.count()
    for i in range(start, start + n):
        services.update_peer(peer=w.peer, by=w.hr_officer, phone=f"0161 000 {i:04d}")
        factories.PostFactory(team=w.other_team, holder=w.peer, hours=Decimal("7.5"))


def add_reads_of_peer(w: World, n: int) -> None:
    """Reads of the peer's sensitive records by the peer lead and HR, of every kind of record."""
    for i in range(n):
        SensitiveAccessLog.objects.create(
            peer=w.peer,
            user=w.peer_lead if i % 2 else w.hr_officer,
            record_type=SensitiveAccessLog.RecordType.choices[i % len(SensitiveAccessLog.RecordType.choices)][0],
        )


# --- How many rows the page shows (so a case cannot pass by showing nothing) -----------------


def listed(response) -> int:
    return len(response.context["object_list"])


def context_len(key: str) -> Callable:
    return lambda response: len(response.context[key])


def choices(*names: str) -> Callable:
    return lambda response: sum(len(response.context["form"].fields[n].choices) for n in names)


def programme_overview(response) -> int:
    return sum(o.team_count + o.post_count for o in response.context["overviews"])


def trust_detail(response) -> int:
    return len(response.context["teams"]) + len(response.context["programmes"])


def history_and_posts(response) -> int:
    return len(response.context["history"]) + len(response.context["posts"])


def home_for_hr(response) -> int:
    return response.context["vacant_count"] + len(response.context["recent_peers"])


@dataclass(frozen=True)
class Page:
    url_name: str
    viewer: str
    add_rows: Callable[[World, int], None]
    rows_shown: Callable | None  # None: the rows are not on the page (an edit form), the count must still hold
    pk_of: Callable[[World], object] | None = None
    logs_reads: frozenset[str] = field(default_factory=frozenset)

    def url(self, w: World) -> str:
        args = [self.pk_of(w).pk] if self.pk_of else []
        return reverse(f"programmes:{self.url_name}", args=args)

    def __str__(self) -> str:
        return f"{self.url_name}-as-{self.viewer}"


LIVED_EXPERIENCE = SensitiveAccessLog.RecordType.LIVED_EXPERIENCE.value
CARE_ARRANGEMENT = SensitiveAccessLog.RecordType.CARE_ARRANGEMENT.value

PAGES = [
    Page("home", "peer_lead", add_teams, programme_overview),
    Page("home", "hr_officer", add_teams, home_for_hr),
    Page("home", "line_manager", add_posts_to_team, context_len("team_posts")),
    Page("home", "peer_worker", edit_peer_and_add_posts, context_len("my_posts")),
    Page("trust-list", "administrator", add_trusts, listed),
    Page("trust-detail", "administrator", add_teams, trust_detail, pk_of=lambda w: w.trust),
    Page("team-list", "hr_officer", add_teams, listed),
    Page("team-detail", "hr_officer", add_posts_to_team, context_len("posts"), pk_of=lambda w: w.team),
    Page("post-list", "hr_officer", add_posts_to_team, listed),
    Page("post-detail", "hr_officer", edit_post, context_len("history"), pk_of=lambda w: w.post),
    Page("peer-list", "hr_officer", add_peers, listed),
    Page(
        "peer-detail",
        "peer_lead",
        edit_peer_and_add_posts,
        history_and_posts,
        pk_of=lambda w: w.peer,
        logs_reads=frozenset({LIVED_EXPERIENCE, CARE_ARRANGEMENT}),
    ),
    Page(
        "peer-detail",
        "hr_officer",
        edit_peer_and_add_posts,
        history_and_posts,
        pk_of=lambda w: w.peer,
        logs_reads=frozenset({CARE_ARRANGEMENT}),
    ),
    Page("peer-access-log", "peer_worker", add_reads_of_peer, context_len("reads"), pk_of=lambda w: w.peer),
    Page("trust-create", "administrator", add_trusts, None),
    Page("trust-update", "administrator", edit_trust, None, pk_of=lambda w: w.trust),
    Page("team-create", "hr_officer", add_hr_trusts, choices("trust")),
    Page("team-update", "hr_officer", add_posts_to_team, None, pk_of=lambda w: w.team),
    Page("post-create", "hr_officer", add_teams, choices("team", "holder")),
    Page("post-update", "hr_officer", add_teams, choices("team", "holder"), pk_of=lambda w: w.post),
    Page("peer-create", "hr_officer", add_hr_trusts, choices("trust")),
    Page("peer-update", "hr_officer", edit_peer_and_add_posts, None, pk_of=lambda w: w.peer),
    Page(
        "peer-update",
        "peer_lead",
        edit_peer_and_add_posts,
        None,
        pk_of=lambda w: w.peer,
        logs_reads=frozenset({LIVED_EXPERIENCE}),  # the form shows the lived-experience details
    ),
]


def get_counting_queries(client, url: str):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [q["sql"] for q in captured.captured_queries]


def tables_written(queries: list[str]) -> Counter:
    return Counter(m.group(1) for q in queries if (m := WRITE.match(q)))


def expected_writes(page: Page) -> Counter:
    return Counter({"programmes_sensitiveaccesslog": len(page.logs_reads)}) if page.logs_reads else Counter()


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_page_makes_the_same_number_of_queries_with_5_or_50_rows(client, world, page):
    # The peer works in the team that cares for them, so the peer's record has its care arrangement too.
    factories.OwnCareTeamArrangementFactory(
        peer=world.peer, team=world.team, line_manager=world.line_manager, supervisor=world.supervisor
    )
    client.force_login(getattr(world, page.viewer))
    url = page.url(world)
    page.add_rows(world, SMALL)
    assert client.get(url).status_code == 200  # the first request may fill caches; count from the second

    small_response, small = get_counting_queries(client, url)
    small_rows = page.rows_shown(small_response) if page.rows_shown else 0  # now: a form re-reads its choices
    page.add_rows(world, LARGE - SMALL)
    large_response, large = get_counting_queries(client, url)

    assert small_response.status_code == large_response.status_code == 200
    if page.rows_shown:
        assert small_rows < page.rows_shown(large_response), "the added rows are not on the page"
    assert len(large) == len(small), "queries grew with the rows:\n" + "\n".join(
        sql for sql in large if sql not in small
    )
    # A page view changes nothing, except the log of who read a sensitive record.
    assert tables_written(small) == tables_written(large) == expected_writes(page)
