"""Supervision compliance in a fixed number of queries: `supervision_statuses` for 5 peers and for 500
(the issue's done-when), with sessions held by each of them, gives every row and runs the same queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import Peer, Post
from workforce import selectors
from workforce.models import Placement, SupervisionAttendance, SupervisionKind, SupervisionSession
from workforce.supervision_summary import refresh_summary

TODAY = datetime.date(2026, 11, 23)


def add_peers_in_post(world, n: int) -> None:
    peers = Peer.objects.bulk_create(Peer(trust=world.trust, full_name=f"Peer {i:04}") for i in range(n))
    posts = Post.objects.bulk_create(
        Post(team=world.team, title="Peer Support Worker", band=3, hours=Decimal("30"), holder=p) for p in peers
    )
    Placement.objects.bulk_create(
        Placement(peer=p, post=post, start_date=datetime.date(2025, 1, 6), hours=Decimal("30"), match_reasons="-")
        for p, post in zip(peers, posts, strict=True)
    )
    sessions = SupervisionSession.objects.bulk_create(
        SupervisionSession(
            kind=SupervisionKind.MANAGERIAL, date=TODAY - datetime.timedelta(days=i % 40), supervisor=world.line_manager
        )
        for i in range(n)
    )
    SupervisionAttendance.objects.bulk_create(
        SupervisionAttendance(session=s, peer=p) for s, p in zip(sessions, peers, strict=True)
    )
    refresh_summary(p.pk for p in peers)  # written in bulk, without the services


def statuses_and_queries(peers):
    with CaptureQueriesContext(connection) as captured:
        statuses = selectors.supervision_statuses(peers, TODAY)
    return statuses, len(captured.captured_queries)


def test_supervision_statuses_take_the_same_queries_for_5_or_500_peers(world):
    add_peers_in_post(world, 5)
    few, few_queries = statuses_and_queries(Peer.objects.filter(full_name__startswith="Peer "))
    add_peers_in_post(world, 495)
    many, many_queries = statuses_and_queries(Peer.objects.filter(full_name__startswith="Peer "))

    assert len(few) == 5 * 2 and len(many) == 500 * 2  # each peer, managerial and peer supervision
    assert many_queries == few_queries <= 4
    held = {s.peer.full_name: s for s in many if s.kind == SupervisionKind.MANAGERIAL}
    assert held["Peer 0003"].last_on == TODAY - datetime.timedelta(days=3)
    assert held["Peer 0003"].due_on == TODAY - datetime.timedelta(days=3) + datetime.timedelta(days=30)  # monthly
