"""The dashboard's headline figures and their 12-month trend, shared by the dashboard page and the board report.

Every figure is counted "as at" a day from the records' own dates (placements' start and end, sessions' dates,
reviews' dates, stage moves, training completed), on the dashboard's day, the same day a quarter earlier and a
year earlier, so the page and the PDF can never disagree and the changes mean the same thing in both. The whole
set runs a fixed number of queries whatever the number of trusts, teams, peers and records.
"""

from __future__ import annotations

import bisect
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from development.selectors import PEER_LEVELS, place_and_train_counts
from programmes.models import Post
from recruitment.models import Application
from workforce.models import (
    InductionPlan,
    Placement,
    SupervisionAttendance,
    SupervisionKind,
    SupervisionSession,
    WapReview,
    WellnessActionPlan,
)
from workforce.selectors import MIN_PEERS_PER_TEAM, held_on

if TYPE_CHECKING:  # the selectors import this module
    from .selectors import Scope

SUPERVISED_WITHIN_DAYS = 30
TREND_MONTHS = 12
QUARTER, YEAR = 3, 12  # months back for the two comparisons
EARLIEST = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Figure:
    """One headline figure on the dashboard's day, a quarter earlier and a year earlier. `values` are counts or
    percentages (None: nothing to measure on that day); `parts` says what a percentage is of, e.g. "3 of 4"."""

    key: str
    group: str
    label: str
    values: tuple[float | int | None, float | int | None, float | int | None]
    percent: bool = False
    parts: tuple[str, str, str] = ("", "", "")
    note: str = ""

    @property
    def now(self):
        return self.values[0]

    def _shown(self, value) -> str:
        if value is None:
            return "—"
        return f"{value}%" if self.percent else f"{value}"

    @property
    def now_text(self) -> str:
        return self._shown(self.now)

    def _change(self, earlier) -> str:
        if self.now is None or earlier is None:
            return "—"
        change = round(self.now - earlier, 1) if self.percent else self.now - earlier
        if not change:
            return "no change"
        sign = "+" if change > 0 else "−"  # a minus sign, not a hyphen
        return f"{sign}{abs(change)}{' points' if self.percent else ''}"

    @property
    def change_quarter(self) -> str:
        return self._change(self.values[1])

    @property
    def change_year(self) -> str:
        return self._change(self.values[2])


@dataclass(frozen=True)
class TrendMonth:
    on: datetime.date
    peers_in_post: int
    vacant_posts: int
    managerial: float | None
    peer: float | None

    @property
    def label(self) -> str:
        return f"{self.on:%b %Y}"


@dataclass(frozen=True)
class Headline:
    """The headline figures of a scope, the days they are counted on, and the monthly trend."""

    on: datetime.date
    quarter_on: datetime.date
    year_on: datetime.date
    date_from: datetime.date
    figures: list[Figure]
    trend: list[TrendMonth]
    targets: list[Decimal]

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)

    @property
    def groups(self) -> list[tuple[str, list[Figure]]]:
        found: dict[str, list[Figure]] = {}
        for figure in self.figures:
            found.setdefault(figure.group, []).append(figure)
        return list(found.items())

    @property
    def target_text(self) -> str:
        if not self.targets:
            return "no target set"
        low, high = min(self.targets), max(self.targets)
        return f"target {_plain(low)}%" if low == high else f"targets {_plain(low)}% to {_plain(high)}%"

    @property
    def comparisons(self) -> str:
        """What the two changes mean, in words, for the page and the report."""
        return (
            f"Each figure is counted as at {self.on:%-d %B %Y} from the records' own dates (placements, supervision "
            "sessions, plan reviews, stage moves, training). The changes compare it with the same figure counted as "
            f"at {self.quarter_on:%-d %B %Y} (a quarter earlier) and {self.year_on:%-d %B %Y} (a year earlier). "
            "Applications and induction count the period shown, and a period as long ending on each earlier day. "
            "Changes in percentages are in percentage points."
        )


def _plain(number: Decimal) -> str:
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _percent(part: int | None, whole: int | None) -> float | None:
    if not whole:
        return None
    return float((Decimal(100 * (part or 0)) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _end_of(day: datetime.date) -> datetime.datetime:
    """The first moment of the next day, in the project's time zone: a timestamp before it is on or before `day`."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def _current(day: datetime.date, prefix: str = "") -> Q:
    """Placements (through `prefix`) started and not ended on `day` (as workforce.selectors.current_placements)."""
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def _days(on: datetime.date) -> list[datetime.date]:
    """The dashboard's day and the same day of each of the 12 months before it (31 May -> 30 April)."""
    return [on - relativedelta(months=k) for k in range(YEAR + 1)]


# --- Workforce: peers in post, posts filled and vacant, supervision, over every month ---------------------------


def _placement_figures(scope: Scope, days: list[datetime.date]) -> dict[str, int]:
    """Peers in post and those supervised in the last 30 days by kind, on each day: two queries. The first reads
    the placements in view (one row each); the second counts each peer's held sessions of each kind in each day's
    window, grouped by peer and kind, reading the year's attendances once. Which peers were in post on which day is
    then worked out here from the placements: a filtered COUNT(DISTINCT) per day and kind with the placements as a
    subquery took 0.6 s on the national set, this 0.2 s."""
    placements = Placement.objects.filter(
        post__team__in=scope.teams.values("pk"), peer__in=scope.peers, start_date__lte=days[0]
    )
    in_post: list[set[int]] = [set() for _ in days]
    for peer_id, start, end in placements.values_list("peer_id", "start_date", "end_date").order_by():
        for i, day in enumerate(days):
            if held_on(start, end, day):
                in_post[i].add(peer_id)
    counts = {f"in_post_{i}": len(peers) for i, peers in enumerate(in_post)}
    within = datetime.timedelta(days=SUPERVISED_WITHIN_DAYS)
    windows = {
        f"w{i}": Count("pk", filter=Q(session__date__gt=day - within, session__date__lte=day))
        for i, day in enumerate(days)
    }
    held = (
        SupervisionAttendance.objects.filter(
            peer__in=placements.values("peer"),
            session__status=SupervisionSession.Status.HELD,
            session__date__gt=min(days) - within,
            session__date__lte=max(days),
        )
        .values("peer_id", "session__kind")
        .annotate(**windows)
        .order_by()
    )
    counts.update({f"{kind}_{i}": 0 for kind in SupervisionKind.values for i in range(len(days))})
    for row in held:
        kind = row["session__kind"]
        for i, peers in enumerate(in_post):
            if row[f"w{i}"] and row["peer_id"] in peers:
                counts[f"{kind}_{i}"] += 1
    return counts


def _peer_posts_on(scope: Scope, days: list[datetime.date]) -> dict[int, tuple[int, list[bool], list[bool]]]:
    """For each peer post of the teams in view: its team, and on each of `days` whether it existed and whether it
    was filled. Three queries (the posts, their history, their placements), worked out here: a subquery per post
    per day took most of the headline's time on the national set.

    A post existed once recorded (its first history entry; a post with no history always) or once someone was
    placed in it. It was filled when a peer's placement in it was current, or when its holder as recorded then
    was someone: the posts' table of the dashboard counts holders, and a placement may be recorded after the post's
    holder."""
    posts = Post.objects.filter(team__in=scope.teams.values("pk"), career_level__in=PEER_LEVELS)
    history: dict[int, list[tuple[datetime.datetime, int, int | None]]] = {}
    for post_id, at, history_id, holder_id in (
        Post.history.model.objects.filter(id__in=posts.values("pk"))
        .values_list("id", "history_date", "history_id", "holder_id")
        .order_by()
    ):
        history.setdefault(post_id, []).append((at, history_id, holder_id))
    placed: dict[int, list[tuple[datetime.date, datetime.date | None]]] = {}
    for post_id, start, end in (
        Placement.objects.filter(post__in=posts.values("pk"))
        .values_list("post_id", "start_date", "end_date")
        .order_by()
    ):
        placed.setdefault(post_id, []).append((start, end))
    ends = [_end_of(day) for day in days]
    result = {}
    for post_id, team_id in posts.values_list("pk", "team_id").order_by():
        entries = sorted(history.get(post_id, []))
        stamps = [at for at, _, _ in entries]
        placements = placed.get(post_id, [])
        existed, filled = [], []
        for day, end_of_day in zip(days, ends, strict=True):
            before = bisect.bisect_left(stamps, end_of_day)  # entries recorded before the end of `day`
            recorded = before > 0 or not entries
            was_placed = any(start <= day for start, _ in placements)
            current = any(held_on(start, end, day) for start, end in placements)
            held_then = before > 0 and entries[before - 1][2] is not None
            existed.append(recorded or was_placed)
            filled.append(current or held_then)
        result[post_id] = (team_id, existed, filled)
    return result


def _post_figures(posts: dict[int, tuple[int, list[bool], list[bool]]], days: list[datetime.date]) -> dict[str, int]:
    """Peer posts that existed and those filled on each day."""
    counts = {}
    for i in range(len(days)):
        counts[f"posts_{i}"] = sum(1 for _, existed, _ in posts.values() if existed[i])
        counts[f"filled_{i}"] = sum(1 for _, existed, filled in posts.values() if existed[i] and filled[i])
    return counts


def _team_figures(
    scope: Scope, posts: dict[int, tuple[int, list[bool], list[bool]]], days: list[datetime.date], three: list[int]
) -> dict[str, int | None]:
    """Teams with peer posts but fewer than two of them filled, and the filled peer posts' share of the recorded
    establishment's headcount, on each of the `three` days (indexes into `days`): one query, the establishments."""
    from development.models import TeamEstablishment  # the development phase's record of each team's workforce

    recorded: dict[int, list[tuple[datetime.date, int]]] = {}
    for team_id, as_of, headcount in (
        TeamEstablishment.objects.filter(team__in=scope.teams.values("pk"))
        .values_list("team_id", "as_of", "headcount")
        .order_by("as_of")
    ):
        recorded.setdefault(team_id, []).append((as_of, headcount))
    counts: dict[str, int | None] = {}
    for i in three:
        day = days[i]
        with_posts: dict[int, int] = {}  # team -> peer posts filled, for teams with a peer post that existed
        for team_id, existed, filled in posts.values():
            if existed[i]:
                with_posts[team_id] = with_posts.get(team_id, 0) + int(filled[i])
        counts[f"small_{i}"] = sum(1 for n in with_posts.values() if n < MIN_PEERS_PER_TEAM)
        headcount = recorded_peers = None
        for team_id, rows in recorded.items():
            latest = [n for as_of, n in rows if as_of <= day]
            if latest:
                headcount = (headcount or 0) + latest[-1]
                recorded_peers = (recorded_peers or 0) + with_posts.get(team_id, 0)
        counts[f"headcount_{i}"] = headcount
        counts[f"recorded_peers_{i}"] = recorded_peers
    return counts


# --- Wellbeing, induction, training and recruitment on the three days -----------------------------------------


def _wap_figures(scope: Scope, days: dict[int, datetime.date]) -> dict[str, int]:
    """Plans of peers in post whose review was overdue on each day: the plan's agreed review date as it stood
    then (its history), or the next review agreed at a review held by then, whichever is later. Four plain reads
    (the plans, their history, their reviews and the placements in view) worked out here: one query with five
    subqueries a day cost a line manager's dashboard 20 ms to build, for a handful of plans."""
    plans = WellnessActionPlan.objects.filter(peer__in=scope.peers)
    last = max(days.values())
    rows = list(plans.values_list("pk", "peer_id", "review_on").order_by())
    history: dict[int, list[tuple[datetime.datetime, int, datetime.date | None]]] = {pk: [] for pk, _, _ in rows}
    for plan_id, at, history_id, review_on in WellnessActionPlan.history.filter(id__in=plans.values("pk")).values_list(
        "id", "history_date", "history_id", "review_on"
    ):
        if plan_id in history:  # (a plan added since the first read is left for the next page)
            history[plan_id].append((at, history_id, review_on))
    # The latest next review agreed at a review held by each day, per plan.
    reviews = {
        row["plan_id"]: row
        for row in WapReview.objects.filter(plan__in=plans.values("pk"), reviewed_on__lte=last)
        .values("plan_id")
        .annotate(**{f"by_{i}": Max("next_review_on", filter=Q(reviewed_on__lte=day)) for i, day in days.items()})
        .order_by()
    }
    placed: dict[int, list[tuple[datetime.date, datetime.date | None]]] = {}  # each peer's placements in view
    for peer_id, start, end in Placement.objects.filter(
        peer__in=plans.values("peer"), post__team__in=scope.teams.values("pk"), start_date__lte=last
    ).values_list("peer_id", "start_date", "end_date"):
        placed.setdefault(peer_id, []).append((start, end))

    counts = {f"overdue_{i}": 0 for i in days}
    ends = {i: _end_of(day) for i, day in days.items()}
    for pk, peer_id, review_on in rows:
        spells = placed.get(peer_id)
        if not spells:
            continue
        entries = sorted(history[pk])  # by date, then history id: the latest by a moment is the last before it
        recorded_at = [at for at, _, _ in entries]
        reviewed = reviews.get(pk, {})
        for i, day in days.items():
            if not any(held_on(start, end, day) for start, end in spells):
                continue
            k = bisect.bisect_left(recorded_at, ends[i])
            if entries and not k:
                continue  # not yet recorded that day
            agreed = entries[k - 1][2] if k else None
            due = agreed if agreed is not None else review_on
            next_on = reviewed.get(f"by_{i}")
            if next_on is not None:
                due = next_on if due is None else max(due, next_on)
            if due is not None and due < day:
                counts[f"overdue_{i}"] += 1
    return counts


def _span(windows: dict[int, tuple[datetime.date, datetime.date]]) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of all the windows: what the headline's reads of plain rows fetch, each window
    then counted from them."""
    return min(start for start, _ in windows.values()), max(end for _, end in windows.values())


def _induction_figures(scope: Scope, windows: dict[int, tuple[datetime.date, datetime.date]]) -> dict[str, int]:
    """Induction plans of placements begun in each window, and those with every item done by its last day: one
    plain read (each plan's start, how many items it has, how many are undone and when the last was done), counted
    here. A plan is complete by a day when it has items, none undone and the last done on or before that day. As
    two EXISTS subqueries a window in one query it cost a line manager's dashboard three times the CPU to build
    and PostgreSQL twice the time to run."""
    rows = list(
        InductionPlan.objects.filter(
            placement__peer__in=scope.peers,
            placement__post__team__in=scope.teams.values("pk"),
            placement__start_date__range=_span(windows),
        )
        .values("pk")
        .annotate(
            item_count=Count("items"),
            undone=Count("items", filter=Q(items__done_on__isnull=True)),
            last_done=Max("items__done_on"),
        )
        .values_list("placement__start_date", "item_count", "undone", "last_done")
        .order_by()
    )
    counts = {}
    for i, (start, end) in windows.items():
        began = [row for row in rows if start <= row[0] <= end]
        counts[f"plans_{i}"] = len(began)
        counts[f"complete_{i}"] = sum(1 for _, items, undone, last in began if items and not undone and last <= end)
    return counts


FUNNEL_STAGES = [
    (Application.Stage.SHORTLISTED, "Shortlisted"),
    (Application.Stage.INTERVIEWED, "Interviewed"),
    (Application.Stage.APPOINTED, "Appointed"),
]


def _funnel_figures(scope: Scope, windows: dict[int, tuple[datetime.date, datetime.date]]) -> dict[str, int]:
    """Applications made in each window and those that had reached each stage by its last day: one plain read
    (each application's date and when it first reached each stage, none: never), counted here. An application had
    reached a stage by a day when it first did before that day's end. Counted in SQL, the three stages' subqueries
    were repeated in each window's nine counts: three times the CPU to build for a line manager's few
    applications, and twice the time in PostgreSQL."""
    stages = [str(stage.value) for stage, _ in FUNNEL_STAGES]
    rows = list(
        Application.objects.filter(
            vacancy__in=scope.vacancies,
            vacancy__post__team__in=scope.teams.values("pk"),
            applied_on__range=_span(windows),
        )
        .values("pk")
        .annotate(
            **{f"reached_{k}": Min("transitions__at", filter=Q(transitions__to_stage=s)) for k, s in enumerate(stages)}
        )
        .values_list("applied_on", *(f"reached_{k}" for k in range(len(stages))))
        .order_by()
    )
    counts = {}
    for i, (start, end) in windows.items():
        made = [row for row in rows if start <= row[0] <= end]
        before = _end_of(end)
        for k, (stage, _) in enumerate(FUNNEL_STAGES, start=1):
            counts[f"{stage}_{i}"] = sum(1 for row in made if row[k] is not None and row[k] < before)
        counts[f"applications_{i}"] = len(made)
    return counts


def _training_figures(scope: Scope, three: dict[int, datetime.date]) -> dict[int, tuple[int, int, int]]:
    """Peers in post under place and train whose six months have ended or who have trained: how many trained
    within six months, how many that is of, and how many are still within their six months untrained, on each of
    the three days. Four queries (development's place_and_train_counts)."""
    counts = place_and_train_counts(scope.peers, scope.teams, list(three.values()))
    return {
        i: (counts[day].in_time, counts[day].settled, counts[day].peers - counts[day].settled)
        for i, day in three.items()
    }


# --- The whole ----------------------------------------------------------------------------------------------


def headline_figures(scope: Scope) -> Headline:
    """The headline figures of `scope` (a dashboards.selectors.Scope) on its last day, a quarter and a year
    earlier, and the 12 months' trend of peers in post, vacant peer posts and supervision. A fixed number of
    queries (17): 2 for the placements, 3 for the posts, 1 for the teams, 4 for the plans' reviews, 1 each for
    inductions and applications, 4 for training and 1 for the programmes' targets."""
    on = scope.as_of
    days = _days(on)
    three = {0: days[0], QUARTER: days[QUARTER], YEAR: days[YEAR]}
    length = on - scope.date_from
    windows = {i: (day - length, day) for i, day in three.items()}

    placements = _placement_figures(scope, days)
    peer_posts = _peer_posts_on(scope, days)
    posts = _post_figures(peer_posts, days)
    teams = _team_figures(scope, peer_posts, days, list(three))
    waps = _wap_figures(scope, three)
    inductions = _induction_figures(scope, windows)
    applications = _funnel_figures(scope, windows)
    training = _training_figures(scope, three)
    targets = sorted(set(scope.programmes.values_list("target_peer_share", flat=True)))

    def at_three(make) -> tuple:
        return tuple(make(i) for i in three)

    managerial, peer = SupervisionKind.MANAGERIAL, SupervisionKind.PEER
    target = Headline(on, days[QUARTER], days[YEAR], scope.date_from, [], [], targets).target_text

    def share(i: int) -> float | None:
        return _percent(teams[f"recorded_peers_{i}"], teams[f"headcount_{i}"])

    def of(part: int, whole: int, what: str) -> str:
        return f"{part} of {whole} {what}"

    figures = [
        Figure("peers", "Peer workforce", "Peers in post", at_three(lambda i: placements[f"in_post_{i}"])),
        Figure(
            "filled",
            "Peer workforce",
            "Peer posts filled",
            at_three(lambda i: posts[f"filled_{i}"]),
            note="A peer placed in it, or its holder then.",
        ),
        Figure(
            "vacant",
            "Peer workforce",
            "Peer posts vacant",
            at_three(lambda i: posts[f"posts_{i}"] - posts[f"filled_{i}"]),
        ),
        Figure(
            "share",
            "Peer workforce",
            f"Peer share of the workforce ({target})",
            at_three(share),
            percent=True,
            parts=at_three(
                lambda i: (
                    of(teams[f"recorded_peers_{i}"] or 0, teams[f"headcount_{i}"] or 0, "staff")
                    if teams[f"headcount_{i}"]
                    else "no establishment recorded"
                )
            ),
            note="By headcount, in the teams whose establishment is recorded.",
        ),
        Figure(
            "small-teams",
            "Peer workforce",
            f"Teams with fewer than {MIN_PEERS_PER_TEAM} peers",
            at_three(lambda i: teams[f"small_{i}"]),
            note="Teams with peer posts: nobody should be alone.",
        ),
        *[
            Figure(
                f"supervision-{kind}",
                "Supervision",
                f"{label} in the last {SUPERVISED_WITHIN_DAYS} days",
                tuple(_percent(placements[f"{kind}_{i}"], placements[f"in_post_{i}"]) for i in (0, QUARTER, YEAR)),
                percent=True,
                parts=tuple(
                    of(placements[f"{kind}_{i}"], placements[f"in_post_{i}"], "peers in post")
                    for i in (0, QUARTER, YEAR)
                ),
            )
            for kind, label in ((managerial, "Managerial supervision"), (peer, "Peer supervision"))
        ],
        Figure(
            "waps",
            "Wellbeing",
            "Wellness Action Plan reviews overdue",
            at_three(lambda i: waps[f"overdue_{i}"]),
            note="Plans of peers in post; counted, never named.",
        ),
        Figure(
            "induction",
            "Induction and training",
            "Induction plans complete",
            at_three(lambda i: _percent(inductions[f"complete_{i}"], inductions[f"plans_{i}"])),
            percent=True,
            parts=at_three(lambda i: of(inductions[f"complete_{i}"], inductions[f"plans_{i}"], "plans")),
            note="Plans of placements begun in the period, every item done.",
        ),
        Figure(
            "training",
            "Induction and training",
            "Peer support training within six months",
            at_three(lambda i: _percent(training[i][0], training[i][1])),
            percent=True,
            parts=at_three(
                lambda i: of(training[i][0], training[i][1], "peers") + f"; {training[i][2]} still within six months"
            ),
            note="Place and train: peers whose six months have ended or who have trained.",
        ),
        Figure(
            "applications",
            "Recruitment funnel",
            "Applications made",
            at_three(lambda i: applications[f"applications_{i}"]),
        ),
        *[
            Figure(
                f"funnel-{stage}", "Recruitment funnel", label, at_three(lambda i, s=stage: applications[f"{s}_{i}"])
            )
            for stage, label in FUNNEL_STAGES
        ],
    ]
    trend = [
        TrendMonth(
            on=days[k],
            peers_in_post=placements[f"in_post_{k}"],
            vacant_posts=posts[f"posts_{k}"] - posts[f"filled_{k}"],
            managerial=_percent(placements[f"{managerial}_{k}"], placements[f"in_post_{k}"]),
            peer=_percent(placements[f"{peer}_{k}"], placements[f"in_post_{k}"]),
        )
        for k in reversed(range(TREND_MONTHS))
    ]
    return Headline(on, days[QUARTER], days[YEAR], scope.date_from, figures, trend, targets)
