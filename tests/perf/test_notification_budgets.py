"""Query budgets for the notification pages: the same number of queries with 5 or 50 notifications (see
tests/perf/budget.py), including the unread count in the navigation."""

from __future__ import annotations

import datetime
import itertools

import pytest

from programmes.notifications import NotificationDraft, create_notifications, new_run_id
from tests.perf.budget import Page, assert_page_keeps_its_budget, listed

pytestmark = pytest.mark.shared_world("world")  # one world for the module (tests/shared_world.py)

_counter = itertools.count()


def add_notifications(w, n: int) -> None:
    """Notifications for every user of the world, half of them read."""
    from programmes.models import Notification

    users = [w.peer_worker, w.line_manager, w.hr_officer]
    drafts = [
        NotificationDraft(
            recipient_id=user.pk,
            kind=Notification.Kind.REVIEW_DUE,
            subject=f"review:{i}",
            due_on=datetime.date(2026, 12, 1),
            title=f"3-month interim review due for Peer {i} on 1 Dec 2026",
            url=f"/employment/reviews/{i}/",
        )
        for i in (next(_counter) for _ in range(n))
        for user in users
    ]
    create_notifications(drafts, run=new_run_id())
    for i, note in enumerate(Notification.objects.filter(read_at__isnull=True).order_by("pk")):
        if i % 2:
            note.read_at = note.created_at
            note.save()


def first_of_peer(w):
    from programmes.models import Notification

    if not Notification.objects.filter(recipient=w.peer_worker).exists():
        add_notifications(w, 1)
    return Notification.objects.filter(recipient=w.peer_worker).order_by("pk").first()


PAGES = [
    Page("notification-list", "peer_worker", add_notifications, listed),
    Page("notification-list", "line_manager", add_notifications, listed),
    Page("notification-read", "peer_worker", add_notifications, None, first_of_peer),
    Page("notification-read-all", "line_manager", add_notifications, None),
]


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_page_makes_the_same_number_of_queries_with_5_or_50_rows(client, world, page):
    assert_page_keeps_its_budget(client, world, page)
