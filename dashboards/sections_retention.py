"""The dashboard's "Retention and absence" section (issue 18 items 3, 4 and 7): turnover, 12-month retention, time in
post and leavers into professional training per programme and team, and sickness absence (days lost per WTE, peers
at the three-episode trigger) per team. Counts only, never a reason or a name, so nothing to log and the board
report shows the same tables. Built on `workforce.selectors_retention` (which defines every figure), with the same
scope as the rest of the dashboard; a fixed number of queries whatever the data size."""

from __future__ import annotations

from decimal import Decimal

from workforce.selectors_retention import TRIGGER_EPISODES, absence_figures, retention_figures

from .tables import Scope, Table, _chart, _show

TENTH = Decimal("0.1")


def _number(value: Decimal | None) -> object:
    return _show(value)


def _chart_value(value: Decimal | None) -> float:
    return float(value) if value is not None else 0.0


def retention_table(scope: Scope) -> Table:
    figures = retention_figures(scope.teams, scope.programmes.select_related("trust"), scope.as_of)
    rows = []
    for level, items in (("Programme", figures.programmes), ("Team", figures.teams)):
        for thing, r in items:
            rows.append(
                [
                    level,
                    thing.name,
                    r.headcount_end,
                    r.leavers,
                    _number(r.average_headcount),
                    _number(r.turnover),
                    _number(r.retention),
                    _number(r.median_days_in_post),
                    _number(r.share_into_training),
                ]
            )
    words = "; ".join(
        f"{p.name}: turnover {_show(r.turnover)}%, 12-month retention {_show(r.retention)}%, {r.leavers} "
        f"leaver{'s' if r.leavers != 1 else ''}"
        for p, r in figures.programmes
    )
    teams = [(t, r) for t, r in figures.teams if r.leavers or r.headcount_end or r.cohort]
    return Table(
        key="retention",
        title="Retention and leavers, 12 months",
        headers=[
            "Level",
            "Programme or team",
            "Peers in post",
            "Leavers (12 months)",
            "Average headcount",
            "Turnover (%)",
            "12-month retention (%)",
            "Median days in post of leavers",
            "Leavers into professional training (%)",
        ],
        rows=rows,
        summary=(f"In the 12 months to {scope.as_of:%d %B %Y}: {words}." if words else "") or "No programmes in view.",
        empty="No teams in view.",
        chart=_chart("bar", [t.name for t, _ in teams], "Turnover (%)", [_chart_value(r.turnover) for _, r in teams])
        if teams
        else None,
        notes=[
            "Turnover: leavers in the 12 months / the mean of the peers in post at the start and the end. 12-month "
            "retention: of the peers in post 12 months ago, the share still in a peer post of the trust. A move "
            "to another team is a leaver of the team, not of the programme."
        ],
    )


def absence_table(scope: Scope) -> Table:
    figures = absence_figures(scope.teams, scope.as_of)
    shown = [f for f in figures if f.wte or f.episodes]
    days = sum((f.days_lost for f in figures), Decimal(0))
    wte = sum((f.wte for f in figures), Decimal(0))
    at_trigger = sum(f.peers_at_trigger for f in figures)
    per_wte = (days / wte).quantize(Decimal("0.01")) if wte else None
    return Table(
        key="absence",
        title="Sickness absence, 12 months",
        headers=[
            "Team",
            "WTE in post",
            "Absences (12 months)",
            "Working days lost",
            "Days lost per WTE",
            f"Peers with {TRIGGER_EPISODES} or more absences",
        ],
        rows=[
            [
                f.team.name,
                _number(f.wte),
                f.episodes,
                _number(f.days_lost.quantize(TENTH)),
                _number(f.days_lost_per_wte),
                f.peers_at_trigger,
            ]
            for f in shown
        ],
        summary=(
            f"In the 12 months to {scope.as_of:%d %B %Y}: {_show(days.quantize(TENTH))} working days "
            f"lost, {_show(per_wte)} per WTE; {at_trigger} peer{'s' if at_trigger != 1 else ''} with "
            f"{TRIGGER_EPISODES} or more absences (a time to review the Wellness Action Plan)."
        ),
        empty="No peers in post in the teams in view.",
        chart=_chart(
            "bar", [f.team.name for f in shown], "Days lost per WTE", [_chart_value(f.days_lost_per_wte) for f in shown]
        )
        if shown
        else None,
    )


def retention_tables(scope: Scope) -> tuple[Table, Table]:
    """The section's tables, in the page's order."""
    return retention_table(scope), absence_table(scope)
