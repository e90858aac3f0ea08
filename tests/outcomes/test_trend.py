"""The 12 months' trend of the team returns and of sickness absence, and caseload against capacity, on a small
hand-built data set with known answers (issue 18 items 1, 2 and 7); the dashboard's tables and CSV show the same
figures as the selectors."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from dashboards import selectors as dashboard
from outcomes import selectors
from programmes import access
from programmes.models import Programme
from tests.dashboards.test_selectors import scope_of
from tests.outcomes import world as ow
from workforce.models import AbsenceEpisode

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)

ON = datetime.date(2026, 11, 20)
OCT, SEP, NOV = datetime.date(2026, 10, 1), datetime.date(2026, 9, 1), datetime.date(2026, 11, 1)


@pytest.fixture
def known(workforce):
    w = workforce
    ow.team_return(
        w.team,
        OCT,
        people_supported=10,
        contacts=30,
        goals_agreed=8,
        goals_achieved=5,
        measure_1_pairs=4,
        measure_1_before=Decimal("3"),
        measure_1_after=Decimal("6"),
    )
    ow.team_return(w.team, SEP, people_supported=6, contacts=12, goals_agreed=4, goals_achieved=1)
    ow.team_return(
        w.other_team,
        OCT,
        people_supported=5,
        contacts=9,
        goals_agreed=2,
        goals_achieved=2,
        measure_1_pairs=1,
        measure_1_before=Decimal("8"),
        measure_1_after=Decimal("9"),
    )
    ow.team_return(w.team, datetime.date(2025, 10, 1), people_supported=99)  # 13 months back: not in the trend
    AbsenceEpisode.objects.create(
        peer=w.peer,
        placement=w.placement,
        start_date=datetime.date(2026, 10, 5),
        end_date=datetime.date(2026, 10, 9),
        days_lost=5,
    )
    AbsenceEpisode.objects.create(
        peer=w.colleague,
        placement=w.colleague_placement,
        start_date=datetime.date(2026, 10, 20),
        end_date=datetime.date(2026, 10, 21),
        days_lost=2,
    )
    # Still going on, no figure: Monday 16 to Friday 20 November, 5 working days on the 20th.
    AbsenceEpisode.objects.create(peer=w.peer, placement=w.placement, start_date=datetime.date(2026, 11, 16))
    ow.caseload_of(w.placement, caseload=9, capacity=10, on=datetime.date(2026, 10, 1))
    ow.caseload_of(w.placement, caseload=12, capacity=10, on=datetime.date(2026, 11, 2))  # the latest: above
    ow.caseload_of(w.colleague_placement, caseload=6, capacity=8)
    w.programme = Programme.objects.get(trust=w.trust)
    return w


def _months(trend) -> dict:
    return {m.month: m for m in trend.months}


@pytest.mark.django_db
def test_returns_trend_per_team_and_programme(known):
    w = known
    teams = access.dashboard_teams(w.peer_lead)
    programmes, by_team = selectors.returns_trend(teams, access.visible_programmes(w.peer_lead), ON)
    assert [t.thing for t in programmes] == [w.programme]
    months = _months(programmes[0])
    assert list(months) == selectors.last_months(ON) and len(months) == 12 and NOV in months
    october = months[OCT]
    assert (october.returns, october.people_supported, october.contacts) == (2, 15, 39)
    assert (october.goals_agreed, october.goals_achieved) == (10, 7)
    # Averages of the five anonymous pairs, each team's weighted by its pairs: (4x3 + 1x8)/5 and (4x6 + 1x9)/5.
    assert (october.measure_1_pairs, october.measure_1_before, october.measure_1_after) == (
        5,
        Decimal("4.00"),
        Decimal("6.60"),
    )
    assert months[SEP].people_supported == 6 and months[SEP].measure_1_before is None
    assert months[NOV].returns == 0
    assert sum(m.people_supported for m in programmes[0].months) == 21  # October 2025's 99 is 13 months back
    team = _months(next(t for t in by_team if t.thing == w.team))
    assert (team[OCT].people_supported, team[OCT].measure_1_before, team[OCT].measure_1_after) == (
        10,
        Decimal("3.00"),
        Decimal("6.00"),
    )


@pytest.mark.django_db
def test_absence_trend_counts_episodes_and_days_lost_in_the_month_they_began(known):
    w = known
    programmes, by_team = selectors.absence_trend(
        access.dashboard_teams(w.peer_lead), access.visible_programmes(w.peer_lead), ON
    )
    team = _months(next(t for t in by_team if t.thing == w.team))
    assert (team[OCT].episodes, team[OCT].days_lost) == (2, Decimal(7))
    assert (team[NOV].episodes, team[NOV].days_lost) == (1, Decimal(5))
    assert _months(programmes[0])[OCT].days_lost == Decimal(7)
    other = _months(next(t for t in by_team if t.thing == w.other_team))
    assert all(m.episodes == 0 for m in other.values())


@pytest.mark.django_db
def test_caseload_above_capacity_uses_the_latest_agreement(known):
    w = known
    figures = {f.team: f for f in selectors.caseload_by_team(access.dashboard_teams(w.peer_lead), ON)}
    team = figures[w.team]
    assert (team.peers_in_post, team.peers_with_caseload, team.caseload, team.capacity, team.above_capacity) == (
        2,
        2,
        18,
        18,
        1,
    )
    # On 1 November the latest agreement was October's, within capacity.
    earlier = {
        f.team: f for f in selectors.caseload_by_team(access.dashboard_teams(w.peer_lead), datetime.date(2026, 11, 1))
    }
    assert earlier[w.team].above_capacity == 0


@pytest.mark.django_db
def test_the_dashboard_shows_the_selectors_figures(known, client):
    w = known
    scope = scope_of(w.peer_lead, date_to=ON)
    tables = {t.key: t for t in dashboard.dashboard_tables(scope)}
    returns = tables["returns-trend"]
    row = next(r for r in returns.rows if r[0] == "Programme" and r[2] == "2026-10")
    assert row[1] == w.programme.name and row[4] == 15 and row[11:14] == [5, Decimal("4.00"), Decimal("6.60")]
    assert returns.chart["datasets"][0]["data"][-2:] == [15, 0]
    absence = tables["absence-trend"]
    team_rows = {(r[1], r[2]): r for r in absence.rows if r[0] == "Team"}
    assert team_rows[(w.team.name, "2026-10")][3:] == [2, Decimal("7.0")]
    assert team_rows[(w.team.name, "2026-11")][3:] == [1, Decimal("5.0")]
    caseload = tables["caseload"]
    assert [w.team.name, 2, 2, 18, 18, 1] in caseload.rows
    assert "1 peer above the capacity" in caseload.summary
    # The CSV of a table, with the same access and scope.
    client.force_login(w.peer_lead)
    csv = client.get(reverse("dashboards:csv", args=["returns-trend"]), {"date_to": ON.isoformat()})
    assert csv.status_code == 200 and f"Programme,{w.programme.name},2026-10,2,15".encode() in csv.content


@pytest.mark.django_db
def test_a_line_manager_sees_only_their_teams_trend(known):
    w = known
    scope = scope_of(w.line_manager, date_to=ON)
    returns = dashboard.dashboard_table(scope, "returns-trend")
    assert {r[1] for r in returns.rows if r[0] == "Team"} == {w.team.name}
    row = next(r for r in returns.rows if r[0] == "Programme" and r[2] == "2026-10")
    assert row[4] == 10  # the programme's figures of the teams in view only
