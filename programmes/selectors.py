"""Reads of the shared model with a rule in them: list pages, the home page for each role, a
record's history. They take querysets already scoped by `programmes.access` and never widen them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from . import language
from .language import LanguageAdvice
from .models import (
    FULL_TIME_HOURS,
    CostItem,
    JobDescription,
    OwnCareTeamArrangement,
    Peer,
    Post,
    Programme,
    ProjectAction,
    ReferenceItem,
    StaffRole,
    SteeringGroupMember,
    Team,
    Trust,
)

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
    return "In post" if in_post else "Not yet in post"


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
    if not rows:
        return []  # a record written without history (a bulk load): nothing to show
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


# --- Phase 1, preparation ---------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    done: bool
    detail: str = ""


@dataclass(frozen=True)
class Readiness:
    """Where a programme stands in preparing the organisation (seed 000, "Preparing the organisation")."""

    programme: Programme
    steering_group: list
    missing_representation: list[str]
    actions: list
    overdue_actions: list
    actions_done: int
    cost_lines: list
    costs_by_category: list[tuple[str, Decimal | None]]
    total_cost: Decimal
    teams: list
    checklist: list[ChecklistItem]

    @property
    def done_count(self) -> int:
        return sum(item.done for item in self.checklist)


# The parts of the organisation seed 000 says a steering group should draw on.
CORE_REPRESENTATION = [
    SteeringGroupMember.Represents.HR,
    SteeringGroupMember.Represents.OCCUPATIONAL_HEALTH,
    SteeringGroupMember.Represents.FINANCE,
    SteeringGroupMember.Represents.LEARNING_AND_DEVELOPMENT,
    SteeringGroupMember.Represents.COMMUNICATIONS,
    SteeringGroupMember.Represents.PROFESSIONAL_GROUPS,
    SteeringGroupMember.Represents.SERVICE_USERS_AND_CARERS,
    SteeringGroupMember.Represents.PARTNER_ORGANISATIONS,
]


def programme_readiness(programme: Programme, teams: QuerySet[Team], *, today: datetime.date) -> Readiness:
    """The readiness page's content, in a fixed number of queries."""
    members = list(programme.steering_group.all())
    represented = {m.represents for m in members}
    missing = [str(r.label) for r in CORE_REPRESENTATION if r not in represented]
    actions = list(programme.project_actions.all())
    overdue = [a for a in actions if a.is_overdue(today)]
    done = sum(a.status == ProjectAction.Status.DONE for a in actions)
    cost_lines = list(programme.cost_items.all())
    sums = dict(
        programme.cost_items.order_by()
        .values_list("category")
        .annotate(total=Sum("amount"))
        .values_list("category", "total")
    )
    by_category = [(str(c.label), sums.get(c.value)) for c in CostItem.Category]
    total = programme.cost_items.aggregate(total=Coalesce(Sum("amount"), Decimal("0")))["total"]
    team_rows = team_readiness(teams.filter(trust_id=programme.trust_id))
    ready_teams = sum(t.readiness == TeamReadiness.READY for t in team_rows)
    checklist = [
        ChecklistItem(
            "Steering group drawn from across the organisation",
            not missing,
            f"Not yet represented: {', '.join(missing)}." if missing else f"{len(members)} members.",
        ),
        ChecklistItem(
            "Project plan in place and on time",
            bool(actions) and not overdue,
            f"{done} of {len(actions)} actions done; {len(overdue)} overdue." if actions else "No actions yet.",
        ),
        ChecklistItem(
            "Costs worked out for every part of the checklist",
            all(amount is not None for _, amount in by_category),
            "Not yet costed: " + ", ".join(label for label, amount in by_category if amount is None) + "."
            if any(amount is None for _, amount in by_category)
            else f"Total £{total:,.2f} a year.",
        ),
        ChecklistItem("Why we want to employ peers, in our own words", bool(programme.why_employ_peers.strip()), ""),
        ChecklistItem("The difference we hope peers will make", bool(programme.difference_hoped_for.strip()), ""),
        ChecklistItem(
            "Teams prepared for peer workers",
            bool(team_rows) and ready_teams == len(team_rows),
            f"{ready_teams} of {len(team_rows)} teams ready.",
        ),
    ]
    return Readiness(
        programme=programme,
        steering_group=members,
        missing_representation=missing,
        actions=actions,
        overdue_actions=overdue,
        actions_done=done,
        cost_lines=cost_lines,
        costs_by_category=by_category,
        total_cost=total,
        teams=team_rows,
        checklist=checklist,
    )


class TeamReadiness:
    NOT_STARTED = "Not started"
    IN_PROGRESS = "In preparation"
    READY = "Ready"


def team_readiness(teams: QuerySet[Team]) -> list[Team]:
    """Each team with its readiness for peer workers, derived from its preparation sessions (every
    agenda item of seed 000 covered), its recovery-focused practice training and open follow-up
    actions. Two queries whatever the number of teams."""
    agenda_total = ReferenceItem.objects.filter(kind=ReferenceItem.Kind.TEAM_PREPARATION_AGENDA).count()
    rows = list(
        teams.order_by("name").annotate(
            session_count=Count("preparation_sessions", distinct=True),
            agenda_covered=Count(
                "preparation_sessions__agenda__item",
                filter=Q(preparation_sessions__agenda__covered=True),
                distinct=True,
            ),
            open_actions=Count(
                "preparation_sessions__follow_up_actions",
                filter=Q(preparation_sessions__follow_up_actions__done=False),
                distinct=True,
            ),
        )
    )
    for team in rows:
        _set_readiness(team, agenda_total)
    return rows


def _set_readiness(team: Team, agenda_total: int) -> None:
    reasons = []
    if team.agenda_covered < agenda_total:
        reasons.append(f"{agenda_total - team.agenda_covered} of {agenda_total} agenda items not yet covered")
    if not team.recovery_training_done:
        reasons.append("no recovery-focused practice training yet")
    if team.open_actions:
        reasons.append(f"{team.open_actions} follow-up action{'s' if team.open_actions != 1 else ''} open")
    team.readiness_reasons = reasons
    if not team.session_count:
        team.readiness = TeamReadiness.NOT_STARTED
    else:
        team.readiness = TeamReadiness.READY if not reasons else TeamReadiness.IN_PROGRESS


def readiness_of_team(team: Team) -> Team:
    return team_readiness(Team.objects.filter(pk=team.pk))[0]


def peer_worker_user_ids(user_ids) -> set[int]:
    """Of these users, the peer workers: a sign-in linked to a peer who holds a peer post. One query."""
    ids = {pk for pk in user_ids if pk is not None}
    if not ids:
        return set()
    return set(Peer.objects.filter(user_id__in=ids, posts__isnull=False).values_list("user_id", flat=True).distinct())


def is_team_ready(team: Team) -> bool:
    """For the placement step (phase 3): has the team been prepared for peer workers?"""
    return readiness_of_team(team).readiness == TeamReadiness.READY


def reference_items(kind: str) -> QuerySet[ReferenceItem]:
    return ReferenceItem.objects.filter(kind=kind).exclude(code="introduction").order_by("number", "code")


def reference_introduction(kind: str) -> ReferenceItem | None:
    return ReferenceItem.objects.filter(kind=kind, code="introduction").first()


def job_description_with_rows(job_descriptions: QuerySet[JobDescription]) -> QuerySet[JobDescription]:
    return job_descriptions.select_related("post", "post__team", "post__team__trust", "based_on").prefetch_related(
        "accountabilities", "person_specification"
    )


def job_description_summary(post: Post) -> JobDescription | None:
    return JobDescription.objects.filter(post=post).only("pk", "version", "updated_at", "post").first()


def job_description_of(post: Post) -> JobDescription | None:
    """A post's own job description with its rows, or None (the post was fetched through access)."""
    return job_description_with_rows(JobDescription.objects.filter(post=post)).first()


def language_advice(*texts: str | None) -> list[LanguageAdvice]:
    """Find deficit-based wording in the texts and suggest strengths-based alternatives (the check lives in
    `programmes.language`). It advises; it never blocks saving."""
    return language.check(*texts)


def cohorts_for_list(cohorts: QuerySet) -> QuerySet:
    """Cohorts with their course and programme, and counts of enrolled, completed and withdrawn peers
    (attrition), computed in the database."""
    from .models import CohortEnrolment

    status = CohortEnrolment.Status
    return cohorts.select_related("course", "programme", "programme__trust").annotate(
        enrolled_count=Count("enrolments", filter=~Q(enrolments__status=status.WITHDRAWN)),
        completed_count=Count("enrolments", filter=Q(enrolments__status=status.COMPLETED)),
        withdrawn_count=Count("enrolments", filter=Q(enrolments__status=status.WITHDRAWN)),
        graduated_count=Count("enrolments", filter=Q(enrolments__graduated_on__isnull=False)),
    )


def team_people(team: Team, visible_peers: QuerySet[Peer]) -> dict[str, list]:
    """Who a team has (issue 15): its line managers and supervisors (those named for the team, then those
    trust-wide), and the peers in its posts among `visible_peers` (the own-care-team rule hides some). Two queries."""
    roles = (
        StaffRole.objects.filter(
            Q(team=team) | Q(trust_id=team.trust_id, team__isnull=True),
            role__in=[StaffRole.Role.LINE_MANAGER, StaffRole.Role.SUPERVISOR],
            user__is_active=True,
        )
        .select_related("user")
        .order_by(F("team_id").asc(nulls_last=True), "user__first_name", "user__last_name", "pk")
    )
    people: dict[str, list] = {"line_managers": [], "supervisors": []}
    for role in roles:
        key = "line_managers" if role.role == StaffRole.Role.LINE_MANAGER else "supervisors"
        people[key].append(role)
    people["peers_in_post"] = list(visible_peers.filter(posts__team=team).distinct().order_by("full_name", "pk"))
    return people
