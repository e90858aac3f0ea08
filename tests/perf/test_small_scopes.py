"""The queries of the pages a line manager and a peer open most (bench/load.py), by their shape rather than their
time: a small scope's ids are read once (programmes.access.pinned) and later queries filter by them, and a peer's
sessions are listed without DISTINCT (issue 19, item 3)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes import access
from tests.workforce.world import session
from workforce.models import SupervisionKind, SupervisionSession

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)

# Text only the access rules' subqueries hold: the line manager's peers are those holding a post of their team
# (`EXISTS (... "holder_id" = ...)`); a peer's placements are those naming them or the people named on them.
DASHBOARD_RULE = '."holder_id" = ('
HOME_RULE = '"line_manager_id" = '


def page_queries(client, user, url: str) -> list[str]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def with_the_rule(queries: list[str], text: str) -> int:
    return sum(text in sql for sql in queries)


def test_the_line_managers_dashboard_reads_the_rule_once_not_in_every_section(client, workforce, monkeypatch):
    url = reverse("dashboards:dashboard")
    queries = page_queries(client, workforce.line_manager, url)
    assert with_the_rule(queries, DASHBOARD_RULE) <= 2, "each section repeats the access rule's subqueries"
    # The same page with the rule handed on as a subquery (as above PINNED_AT_MOST) repeats it in every section:
    # the check above is what tells the two apart.
    monkeypatch.setattr(access, "pinned", lambda queryset: queryset)
    assert with_the_rule(page_queries(client, workforce.line_manager, url), DASHBOARD_RULE) > 10


def test_a_peers_home_page_works_out_their_reminders_from_their_id(client, workforce, monkeypatch):
    url = reverse("programmes:home")
    assert with_the_rule(page_queries(client, workforce.peer_worker, url), HOME_RULE) <= 3
    monkeypatch.setattr(access, "pinned", lambda queryset: queryset)
    assert with_the_rule(page_queries(client, workforce.peer_worker, url), HOME_RULE) > 10


def test_a_peers_supervision_page_lists_each_session_once_without_distinct(client, workforce):
    # A second group session both peers attended: the join on attendances must not list it twice.
    again = session(
        kind=SupervisionKind.PEER,
        supervisor=workforce.supervisor,
        peers=[workforce.peer, workforce.colleague],
        date=workforce.group_session.date,
        fmt=SupervisionSession.Format.GROUP,
    )
    url = reverse("workforce:peer-supervision", args=[workforce.peer.pk])
    for user in (workforce.line_manager, workforce.supervisor, workforce.peer_worker):
        queries = page_queries(client, user, url)
        listed = [sql for sql in queries if sql.startswith('SELECT "workforce_supervisionsession"."id"')]
        assert listed and not any("DISTINCT" in sql for sql in listed), "the list is made distinct again"
        rows = client.get(url).context["rows"]
        ids = [row["session"].pk for row in rows]
        assert len(ids) == len(set(ids)) and again.pk in ids and workforce.group_session.pk in ids
