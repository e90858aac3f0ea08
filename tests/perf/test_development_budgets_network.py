"""Query budgets for the peer network: the same number of queries with 5 or 50 rows (see tests/perf/budget.py).
No page writes anything."""

from __future__ import annotations

import datetime
import itertools

import pytest

from development import services_network as services
from development.models import PeerNetworkAttendance
from tests import factories
from tests.perf.budget import Page as BudgetPage
from tests.perf.budget import assert_page_keeps_its_budget, choices, context_len, listed

pytestmark = pytest.mark.shared_world("development")  # one world for the module (tests/shared_world.py)

_counter = itertools.count()
DAY = datetime.date(2026, 10, 20)


def Page(*args, **kwargs) -> BudgetPage:  # noqa: N802  (reads like the class it makes)
    return BudgetPage(*args, namespace="development", **kwargs)


def _peer_worker(w):
    peer = factories.PeerFactory(trust=w.trust, full_name=f"Network peer {next(_counter)}")
    factories.PostFactory(team=w.team, holder=peer)
    return peer


def add_meetings(w, n: int) -> None:
    """Meetings of the trust's network, each with two new peer workers and the peer worker, facilitated by a
    different peer each time."""
    for _ in range(n):
        services.record_network_meeting(
            by=w.peer_lead,
            trust=w.trust,
            held_on=DAY,
            place="Online",
            themes="Boundaries and self-care.",
            attendees=[_peer_worker(w), _peer_worker(w), w.peer],
            facilitated_by=factories.PeerFactory(trust=w.trust, user=factories.UserFactory()).user,
        )


def add_peers(w, n: int) -> None:
    for _ in range(n):
        _peer_worker(w)


def add_attendees(w, n: int) -> None:
    """Peer workers at the meeting, added through the link table (the history does not grow with them)."""
    for _ in range(n):
        PeerNetworkAttendance.objects.create(meeting=w.network_meeting, peer=_peer_worker(w))


def edit_meeting(w, n: int) -> None:
    for _ in range(n):
        services.update_network_meeting(
            meeting=w.network_meeting, by=factories.UserFactory(), notes=f"Notes {next(_counter)}"
        )


def attendees_shown(response) -> int:
    return len(response.context["meeting"].attendees_shown)


meeting = lambda w: w.network_meeting  # noqa: E731

PAGES = [
    Page("network-list", "peer_lead", add_meetings, listed),
    Page("network-list", "peer_worker", add_meetings, listed),
    Page("network-list", "line_manager", add_meetings, listed),
    Page("network-create", "hr_officer", add_peers, choices("attendees")),
    Page("network-detail", "peer_lead", add_attendees, attendees_shown, meeting),
    Page("network-detail", "peer_worker", add_attendees, None, meeting),
    Page("network-update", "hr_officer", edit_meeting, context_len("history"), meeting),
    Page("network-update", "peer_lead", add_attendees, choices("attendees"), meeting),
]


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_page_makes_the_same_number_of_queries_with_5_or_50_rows(client, development, page):
    assert_page_keeps_its_budget(client, development, page)
