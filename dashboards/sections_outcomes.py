"""The dashboard's "Outcomes and caseload" section (issue 18 items 1, 2 and 7): the monthly trend of the team returns
(counts and outcome measure averages) and of sickness absence for the last 12 months, per programme and team, and
the caseloads against the capacity agreed in supervision per team. Counts only, naming nobody, so the board report
shows the same tables. Built on `outcomes.selectors` (which defines every figure), with the dashboard's scope; a
fixed number of queries whatever the data size."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from itertools import islice

from outcomes.selectors import (
    Trend,
    absence_trend,
    caseload_by_team,
    returns_by_month,
    returns_by_programme,
    returns_by_team,
)

from .tables import Rows, Scope, Table, _chart, _show

TENTH = Decimal("0.1")


@lru_cache(maxsize=64)
def _month(m) -> str:
    """A month as its table cell ("2026-11"): one of the 12 months, asked for once per row (36,000 on the national
    set), so formatted once each."""
    return f"{m:%Y-%m}"


def _newest_first(trends: list[tuple[str, list[Trend]]]) -> Iterator[tuple[str, Trend, object]]:
    """(level, trend, month's figures) by month, newest first (the page shows the first rows: the latest months of
    every programme and team), programmes before teams, as built (name order) within."""
    months = next((len(t.months) for _, of_level in trends for t in of_level), 0)
    for i in reversed(range(months)):
        for level, of_level in trends:
            for trend in of_level:
                yield level, trend, trend.months[i]


def _returns_row(level: str, trend: Trend, f) -> list[object]:
    return [
        level,
        trend.thing.name,
        _month(f.month),
        f.returns,
        f.people_supported,
        f.contacts,
        f.groups_run,
        f.goals_agreed,
        f.goals_achieved,
        f.first_meetings,
        f.completed_with_review,
        f.measure_1_pairs,
        _show(f.measure_1_before),
        _show(f.measure_1_after),
        f.measure_2_pairs,
        _show(f.measure_2_before),
        _show(f.measure_2_after),
    ]


def returns_table(scope: Scope) -> Table:
    programmes = returns_by_programme(scope.teams, scope.programmes.select_related("trust"), scope.as_of)
    # Every team added up, month by month: the summary and (with no programme in view) the chart. The teams' own
    # rows, one per team and month (36,000 on the national set), are read only for the rows asked for.
    totals = returns_by_month(scope.teams, scope.as_of)
    team_count = scope.teams.count()

    def rows(teams: list[Trend], n: int | None = None) -> list[list[object]]:
        ordered = _newest_first([("Programme", programmes), ("Team", teams)])
        return [_returns_row(*row) for row in islice(ordered, n)]

    months = totals if team_count else []
    series = [
        sum(t.months[i].people_supported for t in programmes) if programmes else totals[i].people_supported
        for i in range(len(months))
    ]
    # The board report's table: each programme's months, in the columns a board asks for (the page and its CSV
    # have every column and the teams).
    report_rows = [
        [
            trend.thing.name,
            _month(f.month),
            f.returns,
            f.people_supported,
            f.contacts,
            f"{f.goals_achieved} of {f.goals_agreed}",
            f.measure_1_pairs,
            f"{_show(f.measure_1_before)} to {_show(f.measure_1_after)}" if f.measure_1_pairs else "—",
        ]
        for trend in programmes
        for f in reversed(trend.months)
    ]
    returned = sum(f.returns for f in totals)
    expected = team_count * len(months)
    last_supported = (
        sum(t.months[-1].people_supported for t in programmes) if programmes else totals[-1].people_supported
    )
    table = Table(
        key="returns-trend",
        title="Team returns, month by month",
        headers=[
            "Level",
            "Programme or team",
            "Month",
            "Returns",
            "People supported",
            "Contacts",
            "Groups run",
            "Goals agreed",
            "Goals achieved",
            "First meetings",
            "Completed 6 to 8 weeks with a review",
            "First measure: pairs",
            "First measure: average before",
            "First measure: average after",
            "Second measure: pairs",
            "Second measure: average before",
            "Second measure: average after",
        ],
        rows=Rows(
            count=(len(programmes) + team_count) * len(months),
            # The first n rows are the latest month's: the programmes', then the first teams' by name (n - P of
            # them; all the teams when there are fewer, the rows then going on to earlier months).
            first=lambda n: rows(returns_by_team(scope.teams, scope.as_of, first=max(n - len(programmes), 1)), n),
            build=lambda: rows(returns_by_team(scope.teams, scope.as_of)),
        ),
        summary=(
            f"{returned} of {expected} monthly returns in the 12 months to {scope.as_of:%B %Y}; "
            f"{last_supported} people supported in {scope.as_of:%B %Y}."
            if team_count
            else "No teams in view."
        ),
        empty="No teams in view.",
        chart=_chart("bar", [_month(m.month) for m in months], "People supported", series) if months else None,
        counts=Table(
            key="returns-trend",
            title="Team returns, month by month",
            headers=[
                "Programme",
                "Month",
                "Returns",
                "People supported",
                "Contacts",
                "Goals achieved of agreed",
                "First measure: pairs",
                "First measure: average before to after",
            ],
            rows=report_rows,
            summary="",
            empty="No programmes in view.",
        ),
        notes=[
            "Counts only, never about a person who uses services. A programme's figures add up its teams in view. "
            "The outcome measures are those the programme chose (its evaluation plan): the averages are of the "
            "anonymous before/after pairs, each team's average weighted by its pairs."
        ],
    )
    table.counts.summary = table.summary
    return table


def absence_trend_table(scope: Scope) -> Table:
    programmes, teams = absence_trend(scope.teams, scope.programmes.select_related("trust"), scope.as_of)

    def rows(n: int | None = None) -> list[list[object]]:
        ordered = _newest_first([("Programme", programmes), ("Team", teams)])
        return [
            [level, trend.thing.name, _month(m.month), m.episodes, _show(m.days_lost.quantize(TENTH))]
            for level, trend, m in islice(ordered, n)
        ]

    source = programmes or teams
    months = source[0].months if source else []
    series = [float(sum((t.months[i].days_lost for t in source), Decimal(0))) for i in range(len(months))]
    episodes = sum(m.episodes for t in teams for m in t.months)
    return Table(
        key="absence-trend",
        title="Sickness absence, month by month",
        headers=["Level", "Programme or team", "Month", "Absences begun", "Working days lost"],
        rows=Rows(count=sum(len(t.months) for t in (*programmes, *teams)), first=rows, build=rows),
        summary=(
            f"{episodes} absence{'s' if episodes != 1 else ''} began in the 12 months to {scope.as_of:%B %Y}, "
            f"{_show(Decimal(sum(series)).quantize(TENTH))} working days lost."
            if teams
            else "No teams in view."
        ),
        empty="No teams in view.",
        chart=_chart("bar", [_month(m.month) for m in months], "Working days lost", series) if months else None,
        notes=["An absence's working days count in the month it began; one still going on counts up to the day."],
    )


def caseload_table(scope: Scope) -> Table:
    figures = caseload_by_team(scope.teams, scope.as_of)
    shown = [f for f in figures if f.peers_in_post]
    above = sum(f.above_capacity for f in figures)
    with_caseload = sum(f.peers_with_caseload for f in figures)
    return Table(
        key="caseload",
        title="Caseload and capacity",
        headers=[
            "Team",
            "Peers in post",
            "Peers with a caseload agreed",
            "Caseload",
            "Capacity agreed",
            "Peers above capacity",
        ],
        rows=[
            [f.team.name, f.peers_in_post, f.peers_with_caseload, f.caseload, f.capacity, f.above_capacity]
            for f in shown
        ],
        summary=(
            f"On {scope.as_of:%d %B %Y}: {above} peer{'s' if above != 1 else ''} above the capacity agreed in "
            f"supervision, of {with_caseload} with a caseload recorded."
        ),
        empty="No peers in post in the teams in view.",
        chart=_chart("bar", [f.team.name for f in shown], "Peers above capacity", [f.above_capacity for f in shown])
        if shown
        else None,
    )


def outcomes_tables(scope: Scope) -> tuple[Table, Table, Table]:
    """The section's tables, in the page's order."""
    return returns_table(scope), absence_trend_table(scope), caseload_table(scope)
