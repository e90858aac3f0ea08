"""The dashboard's "Outcomes and caseload" section (issue 18 items 1, 2 and 7): the monthly trend of the team returns
(counts and outcome measure averages) and of sickness absence for the last 12 months, per programme and team, and
the caseloads against the capacity agreed in supervision per team. Counts only, naming nobody, so the board report
shows the same tables. Built on `outcomes.selectors` (which defines every figure), with the dashboard's scope; a
fixed number of queries whatever the data size."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from outcomes.selectors import absence_trend, caseload_by_team, returns_trend

from .selectors import Scope, Table, _chart, _show

TENTH = Decimal("0.1")


@lru_cache(maxsize=64)
def _month(m) -> str:
    """A month as its table cell ("2026-11"): one of the 12 months, asked for once per row (36,000 on the national
    set), so formatted once each."""
    return f"{m:%Y-%m}"


def _newest_first(rows: list[list]) -> list[list]:
    """Rows by month, newest first (the page shows the first rows: the latest months of every programme and team),
    programmes before teams, as built (name order) within."""
    return [row for _, row in sorted(enumerate(rows), key=lambda item: (item[1][2], -item[0]), reverse=True)]


def returns_table(scope: Scope) -> Table:
    programmes, teams = returns_trend(scope.teams, scope.programmes.select_related("trust"), scope.as_of)
    rows = []
    for level, trends in (("Programme", programmes), ("Team", teams)):
        for trend in trends:
            for f in trend.months:
                rows.append(
                    [
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
                )
    # The chart: every programme in view added up, month by month (people supported).
    months = programmes[0].months if programmes else (teams[0].months if teams else [])
    series = [sum(t.months[i].people_supported for t in (programmes or teams)) for i in range(len(months))]
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
    returned = sum(f.returns for t in teams for f in t.months)
    expected = len(teams) * len(months)
    last = [t.months[-1] for t in (programmes or teams)]
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
        rows=_newest_first(rows),
        summary=(
            f"{returned} of {expected} monthly returns in the 12 months to {scope.as_of:%B %Y}; "
            f"{sum(f.people_supported for f in last)} people supported in {scope.as_of:%B %Y}."
            if teams
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
    rows = [
        [level, trend.thing.name, _month(m.month), m.episodes, _show(m.days_lost.quantize(TENTH))]
        for level, trends in (("Programme", programmes), ("Team", teams))
        for trend in trends
        for m in trend.months
    ]
    source = programmes or teams
    months = source[0].months if source else []
    series = [float(sum((t.months[i].days_lost for t in source), Decimal(0))) for i in range(len(months))]
    episodes = sum(m.episodes for t in teams for m in t.months)
    return Table(
        key="absence-trend",
        title="Sickness absence, month by month",
        headers=["Level", "Programme or team", "Month", "Absences begun", "Working days lost"],
        rows=_newest_first(rows),
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
