"""Reads of retention, leavers and sickness absence (phase 3; issue 18 items 3 and 4): turnover, 12-month retention,
time in post and the share of leavers into professional training, per programme and per team; days lost per
whole-time equivalent per team; peers with three or more episodes of absence in 12 months.

Definitions (written once, here; the dashboard and the tests use these functions):
- the window is the 12 months ending on `as_of`: from the day after `as_of` less 12 months, to `as_of`;
- a peer post is a post at any career level but "pre-peer";
- a **leaver of a team** is a placement in one of its peer posts that ended in the window; a **leaver of a
  programme** is such a placement after which the peer held no peer post of the trust the next day (a move to
  another team of the trust is a leaver of the team, not of the programme);
- **average headcount** is the mean of the peers in post on the first day of the window and on `as_of`;
  **turnover** is leavers / average headcount;
- **12-month retention**: of the peers in post (in the team, or the programme's teams) on the day before the
  window, the share who hold a peer post of the trust (any team) on `as_of`;
- **time in post** of a leaver: days from the placement's start to its end; the median over the leavers;
- **days lost** are those of the episodes whose first day is in the window, counted against the team of the
  placement the absence interrupted: as recorded (entered, or Monday to Friday from the dates), and an episode
  still going on without a figure, Monday to Friday up to `as_of`;
- **WTE** of a team: the hours of its current placements on `as_of` / 37.5.

Each function runs a fixed number of queries whatever the number of teams, peers and records.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, DateField, Exists, ExpressionWrapper, Max, OuterRef, Q, QuerySet, Sum

from programmes.models import FULL_TIME_HOURS, Peer, Post, Programme, Team

from .models import AbsenceEpisode, LeavingReason, Placement
from .models_absence import working_days
from .selectors import current_placements, held_on

TRIGGER_EPISODES = 3  # three or more episodes in 12 months: a trigger to review the WAP
PEER_POST = ~Q(post__career_level=Post.CareerLevel.PRE_PEER)


def window(as_of: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the 12 months ending on `as_of`."""
    return as_of - relativedelta(months=12) + datetime.timedelta(days=1), as_of


def _percent(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * Decimal(part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- Retention and leavers --------------------------------------------------------------------------------------


@dataclass
class Retention:
    """The retention figures of one team or programme over the 12 months ending on `as_of`."""

    label: str
    leavers: int = 0
    headcount_start: int = 0
    headcount_end: int = 0
    cohort: int = 0  # peers in post the day before the window
    retained: int = 0  # of them, in a peer post of the trust on as_of
    into_training: int = 0
    days_in_post: tuple[int, ...] = ()

    @property
    def average_headcount(self) -> Decimal:
        return (Decimal(self.headcount_start) + Decimal(self.headcount_end)) / 2

    @property
    def turnover(self) -> Decimal | None:
        """Leavers in 12 months / average headcount, as a percentage."""
        return _percent(self.leavers, self.average_headcount)

    @property
    def retention(self) -> Decimal | None:
        """Of the peers in post 12 months ago, the percentage still in a peer post of the trust."""
        return _percent(self.retained, self.cohort)

    @property
    def median_days_in_post(self) -> Decimal | None:
        return Decimal(str(statistics.median(self.days_in_post))) if self.days_in_post else None

    @property
    def share_into_training(self) -> Decimal | None:
        """Of the leavers, the percentage who left for professional training."""
        return _percent(self.into_training, self.leavers)


@dataclass
class RetentionFigures:
    as_of: datetime.date
    programmes: list[tuple[Programme, Retention]]
    teams: list[tuple[Team, Retention]]


def retention_figures(teams: QuerySet[Team], programmes: Iterable[Programme], as_of: datetime.date) -> RetentionFigures:
    """Turnover, 12-month retention, median time in post of leavers and the share of leavers into professional
    training, per team of `teams` and per programme (over the programme's teams among `teams`). Four queries
    (the programmes, if a queryset, among them)."""
    first, last = window(as_of)
    before = first - datetime.timedelta(days=1)
    team_list = list(teams.select_related("trust").order_by("trust__name", "name", "pk"))  # 1
    programmes = list(programmes)
    # The teams as a subquery, not their ids: thousands of bound values cost more than the join.
    in_teams = Placement.objects.filter(post__team__in=teams.values("pk"))
    next_day = ExpressionWrapper(OuterRef("end_date") + datetime.timedelta(days=1), output_field=DateField())
    stays = Placement.objects.filter(
        PEER_POST,
        peer_id=OuterRef("peer_id"),
        post__team__trust_id=OuterRef("post__team__trust_id"),
        start_date__lte=next_day,
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=next_day))
    leavers = list(  # 2
        in_teams.filter(PEER_POST, end_date__gte=first, end_date__lte=last)
        .annotate(stays_in_trust=Exists(stays))
        .values_list(
            "post__team_id", "post__team__trust_id", "start_date", "end_date", "leaving_reason", "stays_in_trust"
        )
    )
    trust_of = {t.pk: t.trust_id for t in team_list}
    # 3: the peer posts of the teams' trusts held on any of the days counted (the day before the window, its first
    # and its last), sorted out by day here rather than read once a day.
    held = list(
        Placement.objects.filter(
            PEER_POST, post__team__trust_id__in={t.trust_id for t in team_list}, start_date__lte=last
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=before))
        .values_list("peer_id", "post__team_id", "post__team__trust_id", "start_date", "end_date")
    )

    def in_post(day: datetime.date, *, any_team: bool = False) -> set[tuple[int, int, int]]:
        """(peer, team, trust) of the peer posts held on `day` in the teams (or, `any_team`, in their trusts)."""
        return {
            (peer_id, team_id, trust_id)
            for peer_id, team_id, trust_id, start, end in held
            if held_on(start, end, day) and (any_team or team_id in trust_of)
        }

    at_start, cohort, at_end = in_post(first), in_post(before), in_post(last)
    in_trust_now = {(peer_id, trust_id) for peer_id, _team, trust_id in in_post(last, any_team=True)}

    by_team: dict[int, Retention] = {t.pk: Retention(label=t.name) for t in team_list}
    by_trust: dict[int, Retention] = {}
    for programme in programmes:
        by_trust.setdefault(programme.trust_id, Retention(label=programme.name))
    trust_peers: dict[str, dict[int, set[int]]] = {k: defaultdict(set) for k in ("start", "end", "cohort", "kept")}
    for team_id, trust_id, start, end, reason, stays_in_trust in leavers:
        days = (end - start).days
        rows = [by_team[team_id]]
        if not stays_in_trust and trust_id in by_trust:
            rows.append(by_trust[trust_id])
        for row in rows:
            row.leavers += 1
            row.days_in_post += (days,)
            row.into_training += reason == LeavingReason.PROFESSIONAL_TRAINING
    for rows, key in ((at_start, "start"), (at_end, "end"), (cohort, "cohort")):
        team_peers: dict[int, set[int]] = defaultdict(set)
        for peer_id, team_id, trust_id in rows:
            team_peers[team_id].add(peer_id)
            trust_peers[key][trust_id].add(peer_id)
            if key == "cohort" and (peer_id, trust_id) in in_trust_now:
                trust_peers["kept"][trust_id].add(peer_id)
        for team_id, peers in team_peers.items():
            row = by_team[team_id]
            if key == "start":
                row.headcount_start = len(peers)
            elif key == "end":
                row.headcount_end = len(peers)
            else:
                row.cohort = len(peers)
                row.retained = sum(1 for p in peers if (p, trust_of[team_id]) in in_trust_now)
    for trust_id, row in by_trust.items():
        row.headcount_start = len(trust_peers["start"][trust_id])
        row.headcount_end = len(trust_peers["end"][trust_id])
        row.cohort = len(trust_peers["cohort"][trust_id])
        row.retained = len(trust_peers["kept"][trust_id])
    return RetentionFigures(
        as_of=as_of,
        programmes=[(p, by_trust[p.trust_id]) for p in programmes],
        teams=[(t, by_team[t.pk]) for t in team_list],
    )


def leavers_of(placements: QuerySet[Placement], as_of: datetime.date) -> QuerySet[Placement]:
    """The placements of `placements` that ended in the 12 months ending on `as_of` (a page's list of leavers)."""
    first, last = window(as_of)
    return placements.filter(end_date__gte=first, end_date__lte=last)


# --- Sickness absence -------------------------------------------------------------------------------------------


@dataclass
class TeamAbsence:
    team: Team
    wte: Decimal = Decimal(0)
    episodes: int = 0
    days_lost: Decimal = Decimal(0)
    peers_at_trigger: int = 0

    @property
    def days_lost_per_wte(self) -> Decimal | None:
        return _ratio(self.days_lost, self.wte)


def absence_figures(teams: QuerySet[Team], as_of: datetime.date) -> list[TeamAbsence]:
    """Per team of `teams` (in name order): WTE on `as_of`, episodes and working days lost in the 12 months
    ending on `as_of`, days lost per WTE, and the peers with three or more episodes in those months. Five
    queries."""
    first, last = window(as_of)
    team_list = list(teams.order_by("name", "pk"))  # 1
    rows = {t.pk: TeamAbsence(team=t) for t in team_list}
    # The teams as a subquery, not their ids: thousands of bound values cost more than the join.
    in_window = AbsenceEpisode.objects.filter(
        placement__post__team__in=teams.values("pk"), start_date__gte=first, start_date__lte=last
    )
    wte = (  # 2
        current_placements(Placement.objects.filter(post__team__in=teams.values("pk")), as_of)
        .values("post__team_id")
        .annotate(hours=Sum("hours"))
        .order_by()
    )
    for row in wte:
        rows[row["post__team_id"]].wte = (Decimal(row["hours"]) / FULL_TIME_HOURS).quantize(Decimal("0.01"))
    recorded = (  # 3
        in_window.values("placement__post__team_id").annotate(episodes=Count("pk"), days=Sum("days_lost")).order_by()
    )
    for row in recorded:
        team = rows[row["placement__post__team_id"]]
        team.episodes = row["episodes"]
        team.days_lost = Decimal(row["days"] or 0)
    # 4: an episode still going on with no figure counts Monday to Friday up to as_of (few rows: the ongoing ones).
    ongoing = in_window.filter(days_lost__isnull=True).values_list("placement__post__team_id", "start_date")
    for team_id, start in ongoing:
        rows[team_id].days_lost += Decimal(working_days(start, last))
    triggered = (  # 5
        in_window.values("placement__post__team_id", "peer_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=TRIGGER_EPISODES)
        .order_by()
    )
    for row in triggered:
        rows[row["placement__post__team_id"]].peers_at_trigger += 1
    return list(rows.values())


@dataclass(frozen=True)
class Trigger:
    """A peer with three or more episodes in the 12 months ending on the day; `episode_id` is the latest episode,
    so each new episode that keeps the count at three or more is a new trigger (reminded once)."""

    peer_id: int
    episodes: int
    episode_id: int
    latest_start: datetime.date


def absence_triggers(peers: QuerySet[Peer], today: datetime.date) -> list[Trigger]:
    """Peers of `peers` with three or more episodes of absence starting in the 12 months ending on `today`. One
    query."""
    first, last = window(today)
    rows = (
        AbsenceEpisode.objects.filter(peer__in=peers, start_date__gte=first, start_date__lte=last)
        .values("peer_id")
        .annotate(n=Count("pk"), latest=Max("pk"), latest_start=Max("start_date"))
        .filter(n__gte=TRIGGER_EPISODES)
        .order_by("peer_id")
    )
    return [Trigger(r["peer_id"], r["n"], r["latest"], r["latest_start"]) for r in rows]


@dataclass(frozen=True)
class PeerAbsence:
    episodes: int
    days_lost: Decimal
    at_trigger: bool


def peer_absence(peer: Peer, today: datetime.date) -> PeerAbsence:
    """One peer's episodes and days lost in the 12 months ending on `today` (the absence list's summary)."""
    first, last = window(today)
    episodes = list(
        AbsenceEpisode.objects.filter(peer=peer, start_date__gte=first, start_date__lte=last).only(
            "start_date", "end_date", "days_lost"
        )
    )
    days = sum((e.days_lost_on(last) for e in episodes), Decimal(0))
    return PeerAbsence(len(episodes), days, len(episodes) >= TRIGGER_EPISODES)
