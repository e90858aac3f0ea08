"""The dashboard's sections from the development world, on 10 December 2026: what each table counts."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from dashboards import selectors
from programmes import access
from recruitment.models import Application
from recruitment.selectors import funnel
from tests import factories
from tests.workforce.world import place

ON = datetime.date(2026, 12, 10)


def scope_of(user, *, date_from=datetime.date(2026, 1, 1), date_to=ON, teams=None) -> selectors.Scope:
    teams = teams if teams is not None else access.dashboard_teams(user)
    return selectors.Scope(
        teams=teams,
        peers=access.dashboard_peers(user),
        readable_waps=access.visible_waps(user),
        vacancies=access.funnel_vacancies(user),
        programmes=access.visible_programmes(user).filter(trust__in=teams.values("trust_id")),
        date_from=date_from,
        date_to=date_to,
    )


@pytest.mark.django_db
def test_supervision_compliance_counts_peers_supervised_in_the_last_30_days(development):
    w = development
    compliance, overdue = selectors.dashboard_tables(scope_of(w.peer_lead, date_to=datetime.date(2026, 11, 20)))[3:5]
    by_kind = {row[0]: row for row in compliance.rows}
    # Both peers came to the group peer session of 4 November: within 30 days of 20 November; only Samira had
    # managerial supervision (2 November).
    assert by_kind["Peer supervision"][1:4] == [2, 2, 100.0]
    assert by_kind["Managerial supervision"][1:4] == [2, 1, 50.0]
    assert {row[0] for row in overdue.rows} <= {w.peer.full_name, w.colleague.full_name}
    assert all(row[5] > 0 for row in overdue.rows)
    # On 10 December nobody has been supervised in the last 30 days.
    later = selectors.dashboard_tables(scope_of(w.peer_lead))[3]
    assert all(row[2] == 0 for row in later.rows)


@pytest.mark.django_db
def test_a_team_with_one_peer_is_listed_and_a_team_with_two_is_not(development):
    w = development
    alone = factories.TeamFactory(trust=w.trust, name="Crisis team")
    peer = factories.PeerFactory(trust=w.trust, full_name="Lone Peer")
    place(peer, factories.PostFactory(team=alone, holder=peer), start=datetime.date(2026, 10, 1))
    small = selectors.dashboard_table(scope_of(w.peer_lead), "small-teams")
    names = [row[0] for row in small.rows]
    assert "Crisis team" in names and w.team.name not in names  # w.team has Samira and Daniel
    assert (
        f"{len(names)} team{'s' if len(names) != 1 else ''} with peer posts but fewer than 2 peers in post"
        in small.summary
    )


@pytest.mark.django_db
def test_induction_counts_items_done_of_the_total_for_placements_in_the_range(development):
    w = development
    table = selectors.dashboard_table(scope_of(w.peer_lead), "induction")
    total = w.induction.items.count()
    done = w.induction.items.filter(done_on__isnull=False).count()
    assert [w.peer.full_name, w.team.name, "2026-09-01", done, total] in [row[:5] for row in table.rows]
    none = selectors.dashboard_table(scope_of(w.peer_lead, date_from=datetime.date(2026, 10, 1)), "induction")
    assert none.rows == [] and none.empty == "No placements began in the date range."


@pytest.mark.django_db
def test_an_unknown_table_is_none(development):
    assert selectors.dashboard_table(scope_of(development.peer_lead), "nope") is None


@pytest.mark.django_db
def test_the_funnel_counts_the_applications_of_the_vacancies_the_user_reads_in_the_date_range(recruitment):
    w = recruitment
    today = timezone.localdate()
    for user in (w.peer_lead, w.line_manager):
        expected = funnel(Application.objects.filter(vacancy__in=access.funnel_vacancies(user)))
        assert expected.total >= 2
        table = selectors.dashboard_table(
            scope_of(user, date_from=today - datetime.timedelta(days=365), date_to=today), "funnel"
        )
        assert [row[1] for row in table.rows] == [s.reached for s in expected.stages]
        assert table.rows[0][1] == expected.total and table.chart["datasets"][0]["data"][0] == expected.total
        assert f"{expected.total} applications made" in table.summary and "withdrawn" in table.summary
    before = selectors.dashboard_table(
        scope_of(w.peer_lead, date_from=datetime.date(2020, 1, 1), date_to=datetime.date(2020, 12, 31)), "funnel"
    )
    assert before.rows and all(row[1] == 0 for row in before.rows) and before.chart is None
    other = selectors.dashboard_table(scope_of(w.other_trust_staff, date_to=today), "funnel")
    assert all(row[1] == 0 for row in other.rows)
