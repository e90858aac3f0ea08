"""Reads of the shared model with a rule in them: list pages, the home page for each role, a
record's history. They take querysets already scoped by `programmes.access` and never widen them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from .models import FULL_TIME_HOURS, OwnCareTeamArrangement, Peer, Post, Programme, Team, Trust

MIN_PEERS_PER_TEAM = 2  # seed 000: place at least two peer workers in a team, never one alone


def _count(qs: QuerySet) -> Subquery:
    """A correlated COUNT(*) subquery, so several counts on one row do not multiply each other."""
    counted = qs.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def trusts_for_list(trusts: QuerySet[Trust]) -> QuerySet[Trust]:
    return trusts.annotate(
        team_count=_count(Team.objects.filter(trust=OuterRef("pk"))),
        post_count=_count(Post.objects.filter(team__trust=OuterRef("pk"))),
        vacant_count=_count(Post.objects.filter(team__trust=OuterRef("pk"), holder__isnull=True)),
    )


def teams_for_list(teams: QuerySet[Team]) -> QuerySet[Team]:
    return teams.select_related("trust").annotate(
        post_count=_count(Post.objects.filter(team=OuterRef("pk"))),
        peer_count=_count(Post.objects.filter(team=OuterRef("pk"), holder__isnull=False)),
    )


def posts_for_list(posts: QuerySet[Post]) -> QuerySet[Post]:
    return posts.select_related("team", "team__trust", "holder")


def peers_for_list(peers: QuerySet[Peer]) -> QuerySet[Peer]:
    """Peers with their stage: in post when they hold a post, otherwise a contact of the programme."""
    return peers.select_related("trust").annotate(
        in_post=Exists(Post.objects.filter(holder=OuterRef("pk"))),
        current_post_title=Subquery(Post.objects.filter(holder=OuterRef("pk")).order_by("pk").values("title")[:1]),
    )


def posts_held_by(peer: Peer) -> QuerySet[Post]:
    return Post.objects.filter(holder=peer).select_related("team", "team__trust")


def peer_stage(peer: Peer) -> str:
    in_post = getattr(peer, "in_post", None)
    if in_post is None:
        in_post = Post.objects.filter(holder=peer).exists()
    return "In post" if in_post else "Contact (not yet in post)"


def own_care_arrangement(peer: Peer) -> OwnCareTeamArrangement | None:
    """The peer's own-care-team arrangement (seed 000, Box 10), if they work in the team that cares for them."""
    try:
        return peer.own_care_team
    except OwnCareTeamArrangement.DoesNotExist:
        return None


@dataclass(frozen=True)
class ProgrammeOverview:
    """A programme's peer workforce at a glance, for the peer support lead's home page."""

    programme: Programme
    team_count: int
    post_count: int
    filled_count: int
    vacant_count: int
    filled_wte: Decimal
    teams_below_minimum: list[Team]

    @property
    def vacancy_rate(self) -> int:
        return round(100 * self.vacant_count / self.post_count) if self.post_count else 0


def programme_overviews(programmes: QuerySet[Programme], teams: QuerySet[Team]) -> list[ProgrammeOverview]:
    """One overview per programme, in a fixed number of queries whatever the number of teams."""
    programmes = list(programmes.select_related("trust", "lead"))
    trust_ids = {p.trust_id for p in programmes}
    team_rows = list(
        teams.filter(trust_id__in=trust_ids)
        .order_by("name")
        .annotate(
            post_count=Count("posts", distinct=True),
            filled_count=Count("posts", filter=Q(posts__holder__isnull=False), distinct=True),
            filled_hours=Coalesce(Sum("posts__hours", filter=Q(posts__holder__isnull=False)), Decimal("0")),
        )
    )
    overviews = []
    for programme in programmes:
        rows = [t for t in team_rows if t.trust_id == programme.trust_id]
        post_count = sum(t.post_count for t in rows)
        filled = sum(t.filled_count for t in rows)
        hours = sum((t.filled_hours for t in rows), Decimal("0"))
        overviews.append(
            ProgrammeOverview(
                programme=programme,
                team_count=len(rows),
                post_count=post_count,
                filled_count=filled,
                vacant_count=post_count - filled,
                filled_wte=(hours / FULL_TIME_HOURS).quantize(Decimal("0.1")),
                teams_below_minimum=[t for t in rows if t.filled_count < MIN_PEERS_PER_TEAM],
            )
        )
    return overviews


@dataclass(frozen=True)
class HistoryEntry:
    when: object
    who: str
    action: str
    changed_fields: list[str]


_ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def history_of(record, *, limit: int = 20) -> list[HistoryEntry]:
    """The record's change history, newest first: when, who, and which fields changed (names only,
    so a sensitive value never shows in the history)."""
    rows = list(record.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    model = type(record)
    entries = []
    for current, previous in zip(rows, [*rows[1:], None], strict=True):
        if len(entries) == limit:
            break
        changed: list[str] = []
        if previous is not None and current.history_type == "~":
            delta = current.diff_against(previous, foreign_keys_are_objs=False)
            changed = [str(model._meta.get_field(c.field).verbose_name) for c in delta.changes]
        user = current.history_user
        entries.append(
            HistoryEntry(
                when=current.history_date,
                who=(user.get_full_name() or user.get_username()) if user else "System",
                action=_ACTIONS.get(current.history_type, current.history_type),
                changed_fields=changed,
            )
        )
    return entries
