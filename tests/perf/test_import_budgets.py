"""Query budgets for the CSV import pages (issue 7, part 9): the same number of queries with 5 or 50 peers and
posts already in the trust (see tests/perf/budget.py)."""

from __future__ import annotations

import pytest

from tests import factories
from tests.perf.budget import Page, assert_page_keeps_its_budget

pytestmark = pytest.mark.shared_world("world")  # one world for the module (tests/shared_world.py)


def add_staff(w, n: int) -> None:
    """Peers in post in the world's trust: what an import adds to."""
    for _ in range(n):
        factories.PostFactory(team=w.team, holder=factories.PeerFactory(trust=w.trust))


class _Kind:
    """`Page.pk_of` passes `.pk` as the URL's argument: here the kind of file."""

    def __init__(self, kind):
        self.pk = kind


PAGES = [
    Page("import", "hr_officer", add_staff, None),
    Page("import", "peer_lead", add_staff, None),
    Page("import-confirm", "hr_officer", add_staff, None),
    Page("import-template", "peer_lead", add_staff, None, pk_of=lambda w: _Kind("placements")),
]


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_page_makes_the_same_number_of_queries_with_5_or_50_rows(client, world, page):
    assert_page_keeps_its_budget(client, world, page)
