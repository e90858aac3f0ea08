"""Reads of the outcomes app (issue 18 items 1, 2 and 7): the 12 months' trend of the team returns and of sickness
absence per team and programme, the caseloads agreed for the peers in post, and a team's months with and without a
return. Aggregates in the database; each a fixed number of queries whatever the number of teams or records. The
dashboard's section and the tests both read these, so the figures are defined once."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, DecimalField, ExpressionWrapper, F, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth

from programmes.models import Programme, Team
from workforce.models import AbsenceEpisode, Placement
from workforce.models_absence import working_days
from workforce.selectors import current_placements

from .models import CaseloadAgreement, TeamReturn, first_of_month

MONTHS = 12
HUNDREDTH = Decimal("0.01")


def last_months(as_of: datetime.date, n: int = MONTHS) -> list[datetime.date]:
    """The first days of the `n` months ending with `as_of`'s month, oldest first."""
    last = first_of_month(as_of)
    return [last - relativedelta(months=i) for i in range(n - 1, -1, -1)]


def _average(total, pairs) -> Decimal | None:
    if not pairs or total is None:
        return None
    return (Decimal(total) / Decimal(pairs)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


@dataclass
class MonthFigures:
    """One month's returns added up (over one team, or the teams of a programme): the counts, and for each outcome
    measure the pairs and their averages before and after (weighted by each return's pairs)."""

    month: datetime.date
    returns: int = 0
    people_supported: int = 0
    contacts: int = 0
    groups_run: int = 0
    goals_agreed: int = 0
    goals_achieved: int = 0
    first_meetings: int = 0
    completed_with_review: int = 0
    measure_1_pairs: int = 0
    measure_1_before: Decimal | None = None
    measure_1_after: Decimal | None = None
    measure_2_pairs: int = 0
    measure_2_before: Decimal | None = None
    measure_2_after: Decimal | None = None


@dataclass
class Trend:
    """A thing (a team or a programme) and its figures for each of the months, oldest first."""

    thing: object
    months: list = field(default_factory=list)


def _weighted(n: int, when: str):
    return Sum(
        ExpressionWrapper(
            F(f"measure_{n}_{when}") * F(f"measure_{n}_pairs"),
            output_field=DecimalField(max_digits=20, decimal_places=2),
        )
    )


SUMS = {f"t_{name}": Sum(name) for name in TeamReturn.COUNTS} | {
    "t_measure_1_pairs": Sum("measure_1_pairs"),
    "t_measure_2_pairs": Sum("measure_2_pairs"),
    "m1_before": _weighted(1, "before"),
    "m1_after": _weighted(1, "after"),
    "m2_before": _weighted(2, "before"),
    "m2_after": _weighted(2, "after"),
    "returns": Count("pk"),
}


def _fill(figures: MonthFigures, row: dict) -> None:
    figures.returns = row["returns"]
    for name in TeamReturn.COUNTS:
        setattr(figures, name, row[f"t_{name}"] or 0)
    for n in (1, 2):
        pairs = row[f"t_measure_{n}_pairs"] or 0
        setattr(figures, f"measure_{n}_pairs", pairs)
        setattr(figures, f"measure_{n}_before", _average(row[f"m{n}_before"], pairs))
        setattr(figures, f"measure_{n}_after", _average(row[f"m{n}_after"], pairs))


def _programmes_of(teams: QuerySet[Team], programmes: QuerySet[Programme]) -> list[Programme]:
    return list(programmes.filter(trust__in=teams.values("trust_id")).order_by("trust__name", "name", "pk"))


def returns_by_programme(teams: QuerySet[Team], programmes: QuerySet[Programme], as_of: datetime.date) -> list[Trend]:
    """Per programme, the 12 months' figures of the team returns ending with `as_of`'s month: those of its trust's
    teams in `teams`. Two queries."""
    months = last_months(as_of)
    index = {m: i for i, m in enumerate(months)}
    programme_list = _programmes_of(teams, programmes)
    in_range = TeamReturn.objects.filter(team__in=teams, month__gte=months[0], month__lte=months[-1])
    by_trust: dict[int, list[MonthFigures]] = defaultdict(lambda: [MonthFigures(m) for m in months])
    for row in in_range.values("team__trust_id", "month").annotate(**SUMS).order_by():
        _fill(by_trust[row["team__trust_id"]][index[row["month"]]], row)
    return [Trend(p, by_trust[p.trust_id]) for p in programme_list]


def returns_by_team(teams: QuerySet[Team], as_of: datetime.date, *, first: int | None = None) -> list[Trend]:
    """Per team of `teams` (name order; only the `first` of them when given), the 12 months' figures of its
    returns ending with `as_of`'s month. Two queries."""
    months = last_months(as_of)
    index = {m: i for i, m in enumerate(months)}
    ordered = teams.order_by("name", "pk")
    team_list = list(ordered if first is None else ordered[:first])
    by_team = {t.pk: Trend(t, [MonthFigures(m) for m in months]) for t in team_list}
    # Every team: the teams as a subquery, not their ids (thousands of bound values cost more than the join).
    chosen = teams if first is None else list(by_team)
    in_range = TeamReturn.objects.filter(team__in=chosen, month__gte=months[0], month__lte=months[-1])
    for row in in_range.values("team_id", "month").annotate(**SUMS).order_by():
        _fill(by_team[row["team_id"]].months[index[row["month"]]], row)
    return list(by_team.values())


def returns_by_month(teams: QuerySet[Team], as_of: datetime.date) -> list[MonthFigures]:
    """The 12 months' figures of the returns of every team of `teams` added up, month by month (the sums of
    `returns_by_team`'s months). One query."""
    months = last_months(as_of)
    index = {m: i for i, m in enumerate(months)}
    figures = [MonthFigures(m) for m in months]
    in_range = TeamReturn.objects.filter(team__in=teams, month__gte=months[0], month__lte=months[-1])
    for row in in_range.values("month").annotate(**SUMS).order_by():
        _fill(figures[index[row["month"]]], row)
    return figures


def returns_trend(
    teams: QuerySet[Team], programmes: QuerySet[Programme], as_of: datetime.date
) -> tuple[list[Trend], list[Trend]]:
    """(per programme, per team) the 12 months' figures of the team returns ending with `as_of`'s month. A
    programme's figures are those of its trust's teams in `teams`. Four queries."""
    return returns_by_programme(teams, programmes, as_of), returns_by_team(teams, as_of)


@dataclass
class AbsenceMonth:
    month: datetime.date
    episodes: int = 0
    days_lost: Decimal = Decimal(0)


def absence_trend(
    teams: QuerySet[Team], programmes: QuerySet[Programme], as_of: datetime.date
) -> tuple[list[Trend], list[Trend]]:
    """(per programme, per team) sickness absence of each of the 12 months ending with `as_of`'s month: the
    episodes that began in the month (of a placement in the team) and their working days lost, an episode still
    going on with no figure counted Monday to Friday up to `as_of` (as the dashboard's 12-month table counts it).
    An episode's days count in the month it began. Five queries."""
    months = last_months(as_of)
    index = {m: i for i, m in enumerate(months)}
    team_list = list(teams.order_by("name", "pk"))  # 1
    programme_list = _programmes_of(teams, programmes)  # 2
    by_team = {t.pk: Trend(t, [AbsenceMonth(m) for m in months]) for t in team_list}
    by_trust: dict[int, list[AbsenceMonth]] = defaultdict(lambda: [AbsenceMonth(m) for m in months])
    in_range = AbsenceEpisode.objects.filter(
        placement__post__team__in=teams, start_date__gte=months[0], start_date__lte=as_of
    ).annotate(began=TruncMonth("start_date"))
    rows = (
        in_range.values("placement__post__team_id", "placement__post__team__trust_id", "began")
        .annotate(episodes=Count("pk"), days=Sum("days_lost"))
        .order_by()
    )
    for row in rows:  # 3
        month = row["began"].date() if isinstance(row["began"], datetime.datetime) else row["began"]
        for target in (
            by_team[row["placement__post__team_id"]].months,
            by_trust[row["placement__post__team__trust_id"]],
        ):
            target[index[month]].episodes += row["episodes"]
            target[index[month]].days_lost += Decimal(row["days"] or 0)
    ongoing = in_range.filter(days_lost__isnull=True).values_list(  # 4: few rows, the ongoing episodes
        "placement__post__team_id", "placement__post__team__trust_id", "start_date"
    )
    for team_id, trust_id, start in ongoing:
        days = Decimal(working_days(start, as_of))
        i = index[first_of_month(start)]
        by_team[team_id].months[i].days_lost += days
        by_trust[trust_id][i].days_lost += days
    return [Trend(p, by_trust[p.trust_id]) for p in programme_list], list(by_team.values())


# --- Caseload ------------------------------------------------------------------------------------------------------


def with_caseload(placements: QuerySet[Placement], as_of: datetime.date) -> QuerySet[Placement]:
    """The placements, each annotated with its latest caseload agreement on or before `as_of` (caseload, capacity,
    agreed_on; None where none was recorded)."""
    latest = CaseloadAgreement.objects.filter(placement=OuterRef("pk"), agreed_on__lte=as_of).order_by(
        "-agreed_on", "-pk"
    )
    return placements.annotate(
        caseload=Subquery(latest.values("caseload")[:1]),
        capacity=Subquery(latest.values("capacity")[:1]),
        caseload_agreed_on=Subquery(latest.values("agreed_on")[:1]),
    )


def caseloads_in_post(placements: QuerySet[Placement], as_of: datetime.date) -> list[Placement]:
    """The current placements of `placements` on `as_of` with their caseload (peer and team fetched). One query."""
    return list(
        with_caseload(current_placements(placements, as_of), as_of)
        .select_related("peer", "post__team")
        .order_by("post__team__name", "peer__full_name", "pk")
    )


def above_capacity(placements: list[Placement]) -> list[Placement]:
    return [p for p in placements if p.caseload is not None and p.capacity is not None and p.caseload > p.capacity]


@dataclass
class TeamCaseload:
    team: Team
    peers_in_post: int = 0
    peers_with_caseload: int = 0
    caseload: int = 0
    capacity: int = 0
    above_capacity: int = 0


def caseload_by_team(teams: QuerySet[Team], as_of: datetime.date) -> list[TeamCaseload]:
    """Per team (name order): peers in post, those with a caseload agreed, the caseloads and capacities added up,
    and the peers above their capacity, on `as_of`. Two queries."""
    rows = {t.pk: TeamCaseload(t) for t in teams.order_by("name", "pk")}  # 1
    # The teams as a subquery, not their ids: thousands of bound values cost more than the join.
    placements = with_caseload(
        current_placements(Placement.objects.filter(post__team__in=teams.values("pk")), as_of), as_of
    ).values_list("post__team_id", "caseload", "capacity")  # 2
    for team_id, caseload, capacity in placements:
        row = rows[team_id]
        row.peers_in_post += 1
        if caseload is not None:
            row.peers_with_caseload += 1
            row.caseload += caseload
            row.capacity += capacity
            row.above_capacity += caseload > capacity
    return list(rows.values())


# --- A team's months -------------------------------------------------------------------------------------------------


def team_months(team: Team, returns: QuerySet[TeamReturn], as_of: datetime.date) -> list[tuple[datetime.date, object]]:
    """The 12 months ending with `as_of`'s month, newest first, each with the team's return (or None). One query."""
    months = last_months(as_of)
    found = {r.month: r for r in returns.filter(team=team, month__gte=months[0], month__lte=months[-1])}
    return [(m, found.get(m)) for m in reversed(months)]
