"""Reads of the employment phase: who is placed where, and who is due supervision when.

Each function takes the queryset of what the caller may see (from `programmes.access`) and runs a fixed
number of queries whatever its size, so pages, reminder jobs and dashboards can call it for a team, a
trust or the whole country.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet

from programmes.models import Peer

from .models import (
    EmploymentSettings,
    Placement,
    SupervisionAttendance,
    SupervisionKind,
    SupervisionSession,
    SupervisionSummary,
)

WEEK = datetime.timedelta(days=7)


def current_placements(placements: QuerySet[Placement], today: datetime.date) -> QuerySet[Placement]:
    """Placements that have started and not ended on `today`."""
    return placements.filter(start_date__lte=today).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))


def held_on(start: datetime.date, end: datetime.date | None, day: datetime.date) -> bool:
    """`current_placements`' rule for a placement already read: started by `day` and not ended before it."""
    return start <= day and (end is None or end >= day)


def first_current_placements(peers: QuerySet[Peer], today: datetime.date) -> dict[int, Placement]:
    """For each peer of `peers` in post on `today`, their earliest current placement (when employment began), with
    the peer, post and team: one query. The supervision schedule and place-and-train statuses both stand on it, and
    a page showing both reads it once."""
    placements: dict[int, Placement] = {}
    for placement in (
        current_placements(Placement.objects.filter(peer__in=peers), today)
        .select_related("peer", "post__team")
        .order_by("start_date", "pk")
    ):
        placements.setdefault(placement.peer_id, placement)
    return placements


def placement_for_sharing(peer: Peer, today: datetime.date) -> Placement | None:
    """The placement whose named people "my line manager" and "my supervisor" mean when the peer shares their
    Wellness Action Plan: the current one (the earliest if several, as the reminders choose), else the latest.
    The data migration workforce 0004 carried the existing shares with the same rule."""
    placements = Placement.objects.filter(peer=peer).select_related("line_manager", "peer_supervisor")
    current = current_placements(placements, today).order_by("start_date", "pk").first()
    return current or placements.order_by("-start_date", "-pk").first()


def named_for_sharing(peer: Peer, today: datetime.date) -> dict[str, object]:
    """Who "my line manager" and "my supervisor" are today: {"line_manager": user or None, "supervisor": ...}."""
    placement = placement_for_sharing(peer, today)
    if placement is None:
        return {"line_manager": None, "supervisor": None}
    return {"line_manager": placement.line_manager, "supervisor": placement.peer_supervisor}


@dataclass(frozen=True)
class SharingChange:
    """A plan shared with "my line manager" (or "my supervisor") whose placement now names someone else: the
    plan stays shared with `shared_with` (None: nobody was named when the peer shared it) until the peer
    confirms `now`."""

    role: str  # "line_manager" or "supervisor", as in the sharing form
    label: str  # "line manager"
    shared_with: object | None
    now: object


SHARING_ROLES = {
    "line_manager": ("shared_with_line_manager", "line_manager_shared_with", "line manager"),
    "supervisor": ("shared_with_supervisor", "supervisor_shared_with", "supervisor"),
}


def wap_sharing_changes(plan, today: datetime.date) -> list[SharingChange]:
    """The people the peer is asked about: for each of "my line manager" and "my supervisor" the plan is
    shared with, the person the placement names today when it is not the person the plan is shared with."""
    named = named_for_sharing(plan.peer, today)
    changes = []
    for role, (flag, person_field, label) in SHARING_ROLES.items():
        now = named[role]
        if getattr(plan, flag) and now is not None and getattr(plan, f"{person_field}_id") != now.pk:
            changes.append(SharingChange(role, label, getattr(plan, person_field), now))
    return changes


def settings_by_trust(trust_ids) -> dict[int, EmploymentSettings]:
    """Each trust's employment settings (of its earliest programme), or the seed's defaults. One query."""
    found: dict[int, EmploymentSettings] = {}
    for item in (
        EmploymentSettings.objects.filter(programme__trust_id__in=trust_ids)
        .order_by("programme__start_date", "pk")
        .select_related("programme")
    ):
        found.setdefault(item.programme.trust_id, item)
    return found


DEFAULT_SETTINGS = EmploymentSettings()


_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day + relativedelta(months=months)` (31 January + 1 month is 28 or 29 February), without relativedelta's
    cost: the schedules of a whole country work out 10,000 due dates on one page."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = 29 if month == 2 and calendar.isleap(year) else _DAYS_IN_MONTH[month - 1]
    return datetime.date(year, month, min(day.day, last))


def next_supervision_due(
    kind: str, *, start: datetime.date, last: datetime.date | None, rules: EmploymentSettings
) -> datetime.date:
    """When the next session of `kind` is due, from the last one held (or the start date).

    Peer supervision: every `peer_interval_days` (weekly). Managerial supervision: weekly while the next
    week still falls in the first `early_weekly_months` of employment, then every
    `managerial_interval_months` calendar months (31 January + 1 month is 28 or 29 February)."""
    base = last or start
    if kind == SupervisionKind.PEER:
        return base + datetime.timedelta(days=rules.peer_interval_days)
    if base + WEEK <= add_months(start, rules.early_weekly_months):
        return base + WEEK
    return add_months(base, rules.managerial_interval_months)


@dataclass(frozen=True)
class SupervisionStatus:
    """One peer's position for one kind of supervision on a day."""

    peer: Peer
    placement: Placement
    kind: str
    last_on: datetime.date | None
    due_on: datetime.date
    planned_on: datetime.date | None
    today: datetime.date

    @property
    def overdue_days(self) -> int:
        return max(0, (self.today - self.due_on).days)

    @property
    def is_overdue(self) -> bool:
        return self.today > self.due_on

    @property
    def kind_label(self) -> str:
        return SupervisionKind(self.kind).label


def supervision_statuses(
    peers: QuerySet[Peer], today: datetime.date, placements: dict[int, Placement] | None = None
) -> list[SupervisionStatus]:
    """For every peer of `peers` in post on `today`, and each kind of supervision: the last session held,
    the next due, any planned session, and how many days overdue. Three queries whatever the number of
    peers: the placements, the settings, and the peers' rows of the maintained summary
    (`models.SupervisionSummary`), never the attendances themselves; a fourth only when a held session is dated
    after `today`. `placements`: `first_current_placements(peers, today)` when the caller has read it already."""
    if placements is None:
        placements = first_current_placements(peers, today)
    if not placements:
        return []
    rules = settings_by_trust({p.post.team.trust_id for p in placements.values()})

    last_held: dict[tuple[int, str], datetime.date] = {}
    next_planned: dict[tuple[int, str], datetime.date] = {}
    held_later: list[int] = []  # peers with a held session after `today` (entered so by hand, or a past `today`)
    # The peers as a subquery, not their ids: thousands of bound values cost more than the join.
    for peer_id, kind, last, planned in SupervisionSummary.objects.filter(peer__in=peers.values("pk")).values_list(
        "peer_id", "kind", "last_held_on", "planned_on"
    ):
        if peer_id not in placements:
            continue
        if last is not None and last > today:
            held_later.append(peer_id)
        elif last is not None:
            last_held[(peer_id, kind)] = last
        upcoming = bisect.bisect_left(planned, today.isoformat())  # ISO dates sort as the days do
        if upcoming < len(planned):
            next_planned[(peer_id, kind)] = datetime.date.fromisoformat(planned[upcoming])
    if held_later:
        # The summary keeps the last held session only; the last one up to `today` is read for these peers alone.
        last_held.update(
            ((row["peer_id"], row["session__kind"]), row["last"])
            for row in SupervisionAttendance.objects.filter(
                peer_id__in=held_later, session__status=SupervisionSession.Status.HELD, session__date__lte=today
            )
            .values("peer_id", "session__kind")
            .annotate(last=Max("session__date"))
            .order_by()
        )
    statuses = []
    kinds = SupervisionKind.values
    for peer_id, placement in sorted(placements.items(), key=lambda item: (item[1].peer.full_name, item[0])):
        trust_rules = rules.get(placement.post.team.trust_id, DEFAULT_SETTINGS)
        for kind in kinds:
            last = last_held.get((peer_id, kind))
            statuses.append(
                SupervisionStatus(
                    peer=placement.peer,
                    placement=placement,
                    kind=kind,
                    last_on=last,
                    due_on=next_supervision_due(kind, start=placement.start_date, last=last, rules=trust_rules),
                    planned_on=next_planned.get((peer_id, kind)),
                    today=today,
                )
            )
    return statuses


# --- Part 1: placements, induction and reviews --------------------------------------------------------

MIN_PEERS_PER_TEAM = 2  # seed 000: at least two peer workers in a team, so that nobody is alone


def placement_warnings(post, peer) -> list[str]:
    """What to weigh before placing `peer` in `post`: a team that would have fewer than two peers (counting
    this one), and a team not marked ready (phase 1's team preparation). Advice: the placement may go ahead."""
    from programmes.models import Post
    from programmes.selectors import TeamReadiness, readiness_of_team

    team = post.team
    others = (
        Post.objects.filter(team=team, holder__isnull=False).exclude(holder_id=peer.pk).values("holder_id").distinct()
    )
    peers_in_team = others.count() + 1
    warnings = []
    if peers_in_team < MIN_PEERS_PER_TEAM:
        warnings.append(
            f"{team.name} would have {peers_in_team} peer worker{'s' if peers_in_team != 1 else ''}: "
            f"the guide advises at least {MIN_PEERS_PER_TEAM} in a team, so that no peer works alone."
        )
    readiness = readiness_of_team(team)
    if readiness.readiness != TeamReadiness.READY:
        reasons = "; ".join(readiness.readiness_reasons) or "no preparation session yet"
        if readiness.readiness == TeamReadiness.NOT_STARTED:
            reasons = "no team preparation session yet"
        warnings.append(f"{team.name} is not marked ready for peer workers ({reasons}).")
    return warnings


def peer_supervisor_warning(supervisor) -> str:
    """Advice, never a refusal, when a peer's peer supervisor is not a peer worker (ImROC guide: peer
    supervision from a senior peer, so that it brings a lived-experience lens). Empty when they are one."""
    from programmes.selectors import peer_worker_user_ids

    if supervisor is None or supervisor.pk in peer_worker_user_ids([supervisor.pk]):
        return ""
    name = supervisor.get_full_name() or supervisor.get_username()
    return (
        f"{name} is not a peer worker. The ImROC guide asks for peer supervision from a senior peer worker, "
        "who brings a lived-experience lens: consider naming one."
    )


def peers_supervised_without_a_peer(statuses: list[SupervisionStatus]) -> set[int]:
    """The peers (ids) among `statuses` whose placement names a peer supervisor who is not a peer worker, for
    the schedule's warning. One query whatever the number of rows."""
    from programmes.selectors import peer_worker_user_ids

    named = {s.peer.pk: s.placement.peer_supervisor_id for s in statuses if s.placement.peer_supervisor_id}
    peer_workers = peer_worker_user_ids(named.values())
    return {peer_id for peer_id, user_id in named.items() if user_id not in peer_workers}


def objective_words(text: str) -> str:
    """An objective's words as compared for repeats in a development plan: case and spacing do not count."""
    return " ".join(text.split()).casefold()


def placements_for_list(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    return placements.select_related("peer", "post__team", "line_manager", "peer_supervisor", "mentor")


def induction_plan_with_items(plans):
    """Plans with their items (and who ticked them) and the placement, for the induction page."""
    from django.db.models import Prefetch

    from .models import InductionItem

    return plans.select_related("placement__peer", "placement__post__team", "mentor").prefetch_related(
        Prefetch("items", queryset=InductionItem.objects.select_related("done_by").order_by("order", "pk"))
    )


@dataclass(frozen=True)
class InductionProgress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def induction_progress(items) -> InductionProgress:
    """Done of total, from the plan's items already loaded (no query of its own)."""
    items = list(items)
    return InductionProgress(done=sum(1 for i in items if i.done_on is not None), total=len(items))


def reviews_for_list(reviews):
    """Reviews with their placement, peer, team and reviewer, and their objectives."""
    return reviews.select_related("placement__peer", "placement__post__team", "reviewer").prefetch_related("objectives")


def overdue_first(statuses: list[SupervisionStatus]) -> list[SupervisionStatus]:
    """Overdue first (most overdue at the top), then by the date due: the order every schedule shows."""
    return sorted(statuses, key=lambda s: (not s.is_overdue, -s.overdue_days, s.due_on, s.peer.full_name))


# --- Supervision pages and the Wellness Action Plan (part 2) ----------------------------------------


def sessions_for_list(sessions: QuerySet[SupervisionSession], *, shown: QuerySet[Peer]) -> QuerySet[SupervisionSession]:
    """Sessions with their supervisor, for lists and pages (no query per row). Of each session's attendances,
    only those of the peers in `shown` (`access.attendees_shown_to(user)`) are fetched, as
    `session.shown_attendances`; the others are counted in the database, as `session.hidden_attendees`, and
    never read."""
    from django.db.models import Count, OuterRef, Prefetch, Subquery
    from django.db.models.functions import Coalesce

    hidden = (
        SupervisionAttendance.objects.filter(session=OuterRef("pk"))
        .exclude(peer__in=shown)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        sessions.select_related("supervisor")
        .annotate(hidden_attendees=Coalesce(Subquery(hidden), 0))
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=SupervisionAttendance.objects.filter(peer__in=shown).select_related("peer"),
                to_attr="shown_attendances",
            )
        )
    )


@dataclass(frozen=True)
class PlanVersion:
    """One saved state of a Wellness Action Plan: its version number, when and by whom, what changed
    (the fields' names) and the plan's words then."""

    version: int
    when: datetime.datetime
    who: str
    action: str
    changed: list[str]
    record: object  # the historical record, whose fields hold the plan's words at the time


def wap_versions(plan) -> list[PlanVersion]:
    """Every saved state of the plan, newest first (one query)."""
    rows = list(plan.history.select_related("history_user").order_by("-history_date", "-history_id"))
    model = type(plan)
    found = []
    for current, previous in zip(rows, [*rows[1:], None], strict=True):
        changed: list[str] = []
        if previous is not None:
            delta = current.diff_against(previous, excluded_fields=["updated_at"])
            fields = [c.field for c in delta.changes if c.field != "version"]
            # Sharing with "my line manager" names a person: one change, said once, unless only the person changed.
            fields = [
                f for f in fields if not any(f == named and flag in fields for flag, named in model.NAMED_SHARING)
            ]
            changed = [str(model._meta.get_field(f).verbose_name) for f in fields]
        user = current.history_user
        found.append(
            PlanVersion(
                version=current.version,
                when=current.history_date,
                who=(user.get_full_name() or user.get_username()) if user else "System",
                action="Written" if previous is None else "Changed",
                changed=changed,
                record=current,
            )
        )
    return found


def due_supervision_events(statuses: list[SupervisionStatus]) -> list[SupervisionStatus]:
    """The statuses that still need a session booked: no planned session on or before the due date."""
    return [s for s in statuses if s.planned_on is None or s.planned_on > s.due_on]
