"""Query budget for the "Confirm your password to continue" page (issue 8): the same number of queries with 5 or
50 notifications behind the navigation's unread count (see tests/perf/budget.py)."""

from __future__ import annotations

import pytest

from tests.perf.budget import Page, assert_page_keeps_its_budget
from tests.perf.test_notification_budgets import add_notifications

pytestmark = pytest.mark.shared_world("world")  # one world for the module (tests/shared_world.py)

PAGES = [
    Page("confirm-password", "hr_officer", add_notifications, None),
    Page("confirm-password", "peer_worker", add_notifications, None),
]


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_page_makes_the_same_number_of_queries_with_5_or_50_rows(client, world, page):
    assert_page_keeps_its_budget(client, world, page)
