"""The peer support lead's dashboard: every phase's figures for the teams a user's roles reach, as tables.

Each section is a `Table` (headings and plain rows) that the page, the CSV export and the board report's PDF
all render, with the chart's data and its summary in words. The sections stand on the phases' own selectors;
the whole dashboard runs a fixed number of queries whatever the number of teams, peers, programmes and records.
"""

from __future__ import annotations

import datetime
import heapq
from collections import Counter

from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce, Greatest

from development.models import Progression
from development.selectors import peer_shares, place_and_train_status
from programmes.selectors import TeamReadiness, team_readiness
from recruitment.models import Application
from recruitment.selectors import funnel
from workforce.models import InductionPlan, SupervisionKind, WellnessActionPlan
from workforce.selectors import (
    MIN_PEERS_PER_TEAM,
    supervision_statuses,
)

from .figures import SUPERVISED_WITHIN_DAYS, Headline, headline_figures  # noqa: F401  (the dashboard's headline)
from .tables import (  # noqa: F401  (the dashboard's building blocks, also named here)
    ROWS_IN_REPORT,
    ROWS_ON_PAGE,
    Rows,
    Scope,
    Table,
    _chart,
    _percent,
    _show,
)


def _share_tables(scope: Scope) -> tuple[Table, Table]:
    rows, small, summaries, filled, vacant = [], [], [], 0, 0
    programmes = scope.programmes.select_related("trust").order_by("trust__name", "start_date", "pk")
    for share in peer_shares(programmes, scope.teams, scope.as_of):
        programme = share.programme
        summaries.append(f"{programme.name}: {share.summary}")
        for row in share.teams:
            team = row.team
            filled += row.peer_headcount
            vacant += row.vacant_posts
            rows.append(
                [
                    team.name,
                    team.get_service_type_display(),
                    row.peer_headcount,
                    row.vacant_posts,
                    _show(row.headcount),
                    _show(row.share_headcount),
                    programme.target_peer_share,
                ]
            )
            if (row.peer_headcount or row.vacant_posts) and row.peer_headcount < MIN_PEERS_PER_TEAM:
                small.append([team.name, team.get_service_type_display(), row.peer_headcount, row.vacant_posts])
    share_table = Table(
        key="posts",
        title="Peer posts filled and vacant against the target share",
        headers=[
            "Team",
            "Service",
            "Peer posts filled",
            "Peer posts vacant",
            "Establishment headcount",
            "Peer share by headcount (%)",
            "Target share (%)",
        ],
        rows=rows,
        summary=f"{filled} peer posts filled and {vacant} vacant. " + " ".join(summaries),
        empty="No teams in view.",
        chart=_chart("doughnut", ["Filled", "Vacant"], "Peer posts", [filled, vacant]) if filled or vacant else None,
    )
    small_table = Table(
        key="small-teams",
        title=f"Teams with fewer than {MIN_PEERS_PER_TEAM} peer workers",
        headers=["Team", "Service", "Peers in post", "Peer posts vacant"],
        rows=small,
        summary=(
            f"{len(small)} team{'s' if len(small) != 1 else ''} with peer posts but fewer than "
            f"{MIN_PEERS_PER_TEAM} peers in post: a peer worker should not be alone in a team."
        ),
        empty=f"Every team with peer posts has at least {MIN_PEERS_PER_TEAM} peers in post.",
    )
    return share_table, small_table


def _funnel_table(scope: Scope) -> Table:
    applications = Application.objects.filter(
        vacancy__in=scope.vacancies,
        vacancy__post__team__in=scope.teams.values("pk"),
        applied_on__gte=scope.date_from,
        applied_on__lte=scope.date_to,
    )
    result = funnel(applications)
    left = ", ".join(f"{n} {label.lower()}" for label, n in result.left.items() if n)
    first = result.stages[0].reached if result.stages else 0
    last = result.stages[-1] if result.stages else None
    summary = f"{result.total} applications made between {scope.date_from:%d %B %Y} and {scope.date_to:%d %B %Y}."
    if last and first:
        summary += f" {last.reached} of {first} reached “{last.label}”."
    if left:
        summary += f" Ended: {left}."
    return Table(
        key="funnel",
        title="Recruitment funnel",
        headers=["Stage", "Applications reaching the stage", "Conversion from the stage before (%)", "Median days"],
        rows=[[s.label, s.reached, _show(s.conversion), _show(s.median_days)] for s in result.stages],
        summary=summary,
        empty="No applications in the date range.",
        chart=_chart("bar", [s.label for s in result.stages], "Applications", [s.reached for s in result.stages])
        if result.total
        else None,
    )


def _overdue_row(s) -> list[object]:
    """A row of the supervision overdue: the peer, the team, the kind, last held, due and days overdue."""
    team = s.placement.post.team.name
    return [s.peer.full_name, team, s.kind_label, _show(s.last_on), _show(s.due_on), s.overdue_days]


def _supervision_tables(scope: Scope) -> tuple[Table, Table]:
    as_of = scope.as_of
    since = as_of - datetime.timedelta(days=SUPERVISED_WITHIN_DAYS)
    team_ids = set(scope.teams.values_list("pk", flat=True))
    every = supervision_statuses(scope.peers_in_post(), as_of, scope.first_placements)
    statuses = [s for s in every if s.placement.post.team_id in team_ids]
    rows, labels, shares = [], [], []
    for kind, label in SupervisionKind.choices:
        of_kind = [s for s in statuses if s.kind == kind]
        supervised = sum(1 for s in of_kind if s.last_on and s.last_on > since)
        overdue = sum(1 for s in of_kind if s.is_overdue)
        share = _percent(supervised, len(of_kind))
        rows.append([label, len(of_kind), supervised, _show(share), overdue])
        labels.append(label)
        shares.append(share or 0)
    overdue_statuses = [s for s in statuses if s.is_overdue]

    def most_overdue(n: int | None = None) -> list:
        """The overdue, most days overdue first (then by name, as listed): the page's first rows without sorting
        thousands (nsmallest is sorted()[:n], ties in the same order)."""
        key = lambda s: (-s.overdue_days, s.peer.full_name)  # noqa: E731
        return sorted(overdue_statuses, key=key) if n is None else heapq.nsmallest(n, overdue_statuses, key=key)

    def overdue_rows(n: int | None = None) -> list[list[object]]:
        return [_overdue_row(s) for s in most_overdue(n)]

    def overdue_peers(n: int | None = None) -> list[int]:
        return [s.peer.pk for s in most_overdue(n)]

    overdue_count = len(overdue_statuses)
    by_team = Counter((s.placement.post.team.name, s.kind_label) for s in overdue_statuses)
    words = "; ".join(f"{r[0]}: {r[2]} of {r[1]} peers ({r[3]}%)" for r in rows if r[1])
    compliance = Table(
        key="supervision",
        title=f"Supervision in the last {SUPERVISED_WITHIN_DAYS} days, by kind",
        headers=[
            "Kind",
            "Peers in post",
            f"Supervised in the last {SUPERVISED_WITHIN_DAYS} days",
            "Share (%)",
            "Overdue",
        ],
        rows=rows if statuses else [],
        summary=(f"Supervised in the {SUPERVISED_WITHIN_DAYS} days to {as_of:%d %B %Y}: {words}." if words else "")
        or "No peers in post.",
        empty="No peers in post.",
        chart=_chart("bar", labels, f"Supervised in the last {SUPERVISED_WITHIN_DAYS} days (%)", shares)
        if statuses
        else None,
    )
    overdue = Table(
        key="supervision-overdue",
        title="Supervision overdue",
        headers=["Peer", "Team", "Kind", "Last held", "Due", "Days overdue"],
        rows=Rows(count=overdue_count, first=overdue_rows, build=overdue_rows),
        summary=f"{overdue_count} supervision{'s' if overdue_count != 1 else ''} overdue.",
        empty="Nobody is overdue supervision.",
        peer_ids=Rows(count=overdue_count, first=overdue_peers, build=overdue_peers),
        counts=Table(
            key="supervision-overdue",
            title="Supervision overdue",
            headers=["Team", "Kind", "Peers overdue"],
            rows=[[team, kind, n] for (team, kind), n in sorted(by_team.items())],
            summary=f"{overdue_count} supervision{'s' if overdue_count != 1 else ''} overdue.",
            empty="Nobody is overdue supervision.",
        ),
    )
    return compliance, overdue


def _wap_table(scope: Scope) -> Table:
    """Plans whose review is overdue: counted for every peer in view, named only where the user may read the
    plan. Never the plan's content."""
    # The later of the agreed date and the latest next review, whichever are set: GREATEST skips NULLs on
    # PostgreSQL but is NULL with one on SQLite (the quick start), hence each falls back on the other.
    latest = Max("reviews__next_review_on")
    due = Greatest(Coalesce("review_on", latest), Coalesce(latest, "review_on"))
    overdue = (
        WellnessActionPlan.objects.filter(peer__in=scope.peers_in_post()).annotate(due=due).filter(due__lt=scope.as_of)
    )
    total = overdue.count()
    named = list(
        overdue.filter(pk__in=scope.readable_waps.values("pk"))
        .order_by("peer__full_name", "pk")
        .values_list("peer__full_name", "peer_id")
    )
    hidden = total - len(named)
    summary = f"{total} Wellness Action Plan{'s' if total != 1 else ''} with a review overdue."
    if hidden:
        summary += f" {hidden} of them not shared with you: counted, not named."
    return Table(
        key="waps",
        title="Wellness Action Plans with a review overdue",
        headers=["Peer"],
        rows=[[name] for name, _ in named],
        summary=summary,
        empty="No plan you may read has a review overdue.",
        peer_ids=[peer_id for _, peer_id in named],
        counts=Table(
            key="waps",
            title="Wellness Action Plans with a review overdue",
            headers=["Plans of peers in post with a review overdue"],
            rows=[[total]],
            summary=f"{total} Wellness Action Plan{'s' if total != 1 else ''} with a review overdue.",
            empty="",
        ),
    )


def _induction_table(scope: Scope) -> Table:
    plans = list(
        InductionPlan.objects.filter(
            placement__peer__in=scope.peers,
            placement__post__team__in=scope.teams.values("pk"),
            placement__start_date__gte=scope.date_from,
            placement__start_date__lte=scope.date_to,
        )
        .annotate(total=Count("items"), done=Count("items", filter=Q(items__done_on__isnull=False)))
        .select_related("placement__peer", "placement__post__team")
        .order_by("placement__start_date", "placement__peer__full_name", "pk")
    )
    complete = sum(1 for p in plans if p.total and p.done == p.total)
    done, total = sum(p.done for p in plans), sum(p.total for p in plans)
    teams: dict[str, list[int]] = {}
    for p in plans:
        counted = teams.setdefault(p.placement.post.team.name, [0, 0, 0, 0])
        for n, value in enumerate((1, int(bool(p.total and p.done == p.total)), p.done, p.total)):
            counted[n] += value
    summary = f"{complete} of {len(plans)} induction plans complete; {done} of {total} items done."
    return Table(
        key="induction",
        title="Induction completion",
        headers=["Peer", "Team", "Started", "Items done", "Items in the plan", "Complete"],
        rows=[
            [
                p.placement.peer.full_name,
                p.placement.post.team.name,
                _show(p.placement.start_date),
                p.done,
                p.total,
                "Yes" if p.total and p.done == p.total else "No",
            ]
            for p in plans
        ],
        summary=summary,
        empty="No placements began in the date range.",
        chart=_chart("doughnut", ["Complete", "Not complete"], "Induction plans", [complete, len(plans) - complete])
        if plans
        else None,
        peer_ids=[p.placement.peer_id for p in plans],
        counts=Table(
            key="induction",
            title="Induction completion",
            headers=["Team", "Plans", "Complete", "Items done", "Items in the plans"],
            rows=[[team, *counted] for team, counted in sorted(teams.items())],
            summary=summary,
            empty="No placements began in the date range.",
        ),
    )


def _training_status(s) -> str:
    if s.done:
        return "Done in time" if s.done_in_time else "Done late"
    return "Overdue" if s.is_overdue else "Not yet due"


def _training_table(scope: Scope) -> Table:
    statuses = place_and_train_status(scope.peers_in_post(), scope.as_of, scope.first_placements)
    counts = Counter(_training_status(s) for s in statuses)
    labels = ["Done in time", "Done late", "Not yet due", "Overdue"]
    return Table(
        key="training",
        title="Peer support training within six months of appointment",
        headers=["Peer", "Appointed", "Deadline", "Completed", "Status"],
        rows=[
            [s.peer.full_name, _show(s.appointed_on), _show(s.deadline), _show(s.completed_on), _training_status(s)]
            for s in statuses
        ],
        summary=(
            f"Of {len(statuses)} peers appointed under place and train: "
            + ", ".join(f"{counts[label]} {label.lower()}" for label in labels)
            + "."
        ),
        empty="No peer in post is under place and train.",
        chart=_chart("doughnut", labels, "Peers", [counts[label] for label in labels]) if statuses else None,
        peer_ids=[s.peer.pk for s in statuses],
        counts=Table(
            key="training",
            title="Peer support training within six months of appointment",
            headers=["Status", "Peers"],
            rows=[[label, counts[label]] for label in labels] if statuses else [],
            summary=f"Of {len(statuses)} peers appointed under place and train: "
            + ", ".join(f"{counts[label]} {label.lower()}" for label in labels)
            + ".",
            empty="No peer in post is under place and train.",
        ),
    )


def _progression_table(scope: Scope) -> Table:
    as_of = scope.as_of
    levels = list(
        Progression.objects.filter(peer__in=scope.peers_in_post(), started_on__lte=as_of)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=as_of))
        .values("level__name", "level__order")
        .annotate(peers=Count("peer", distinct=True))
        .order_by("level__order", "level__name")
    )
    rows = [[row["level__name"], row["peers"]] for row in levels]
    return Table(
        key="progression",
        title="Progression by career level",
        headers=["Career level", "Peers at the level"],
        rows=rows,
        summary="Peers by current career level: " + ", ".join(f"{r[0]} {r[1]}" for r in rows) + "."
        if rows
        else "No career steps recorded for the peers in post.",
        empty="No career steps recorded for the peers in post.",
        chart=_chart("bar", [r[0] for r in rows], "Peers", [r[1] for r in rows]) if rows else None,
    )


def _readiness_table(scope: Scope) -> Table:
    teams = team_readiness(scope.teams)
    order = [TeamReadiness.READY, TeamReadiness.IN_PROGRESS, TeamReadiness.NOT_STARTED]
    counts = Counter(t.readiness for t in teams)
    return Table(
        key="readiness",
        title="Team readiness for peer workers",
        headers=["Team", "Service", "Readiness", "Preparation sessions", "Still to do"],
        rows=[
            [t.name, t.get_service_type_display(), t.readiness, t.session_count, "; ".join(t.readiness_reasons) or "—"]
            for t in teams
        ],
        summary="Teams: " + ", ".join(f"{counts[r]} {r.lower()}" for r in order) + ".",
        empty="No teams in view.",
        chart=_chart("doughnut", order, "Teams", [counts[r] for r in order]) if teams else None,
    )


SECTIONS = {
    "posts": lambda scope: _share_tables(scope),
    "funnel": lambda scope: (_funnel_table(scope),),
    "supervision": lambda scope: _supervision_tables(scope),
    "waps": lambda scope: (_wap_table(scope),),
    "induction": lambda scope: (_induction_table(scope),),
    "training": lambda scope: (_training_table(scope),),
    "progression": lambda scope: (_progression_table(scope),),
    "readiness": lambda scope: (_readiness_table(scope),),
}
# Each table's key and the section that builds it (a CSV of one table builds only its section).
TABLE_SECTIONS = {
    "posts": "posts",
    "small-teams": "posts",
    "funnel": "funnel",
    "supervision": "supervision",
    "supervision-overdue": "supervision",
    "waps": "waps",
    "induction": "induction",
    "training": "training",
    "progression": "progression",
    "readiness": "readiness",
}


# Retention and absence (issue 18): its own module, hooked in here.
from .sections_retention import retention_tables  # noqa: E402

SECTIONS["retention"] = retention_tables
TABLE_SECTIONS.update({"retention": "retention", "absence": "retention"})


def dashboard_tables(scope: Scope) -> list[Table]:
    """Every table of the dashboard, in the page's order."""
    return [table for build in SECTIONS.values() for table in build(scope)]


def dashboard_table(scope: Scope, key: str) -> Table | None:
    section = TABLE_SECTIONS.get(key)
    if section is None:
        return None
    return next(t for t in SECTIONS[section](scope) if t.key == key)


# Outcomes, absence trend and caseload (issue 18 items 1, 2 and 7): its own module, hooked in here.
from .sections_outcomes import outcomes_tables  # noqa: E402

SECTIONS["outcomes"] = outcomes_tables
TABLE_SECTIONS.update({"returns-trend": "outcomes", "absence-trend": "outcomes", "caseload": "outcomes"})

# The train-and-place pipeline (issue 18 items 5 and 7): its own module, hooked in here.
from .sections_pipeline import pipeline_tables  # noqa: E402

SECTIONS["pipeline"] = pipeline_tables
TABLE_SECTIONS.update({"pipeline": "pipeline"})
