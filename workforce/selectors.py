"""Reads of the employment phase: who is placed where, and who is due supervision when.

Each function takes the queryset of what the caller may see (from `programmes.access`) and runs a fixed
number of queries whatever its size, so pages, reminder jobs and dashboards can call it for a team, a
trust or the whole country.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Max, Min, Q, QuerySet

from programmes.models import Peer

from .models import EmploymentSettings, Placement, SupervisionAttendance, SupervisionKind, SupervisionSession

WEEK = datetime.timedelta(days=7)


def current_placements(placements: QuerySet[Placement], today: datetime.date) -> QuerySet[Placement]:
    """Placements that have started and not ended on `today`."""
    return placements.filter(start_date__lte=today).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))


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
    early_end = start + relativedelta(months=rules.early_weekly_months)
    if base + WEEK <= early_end:
        return base + WEEK
    return base + relativedelta(months=rules.managerial_interval_months)


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


def supervision_statuses(peers: QuerySet[Peer], today: datetime.date) -> list[SupervisionStatus]:
    """For every peer of `peers` in post on `today`, and each kind of supervision: the last session held,
    the next due, any planned session, and how many days overdue. Four queries whatever the number of
    peers: the placements, the settings, the last held sessions and the next planned ones."""
    placements: dict[int, Placement] = {}
    for placement in (
        current_placements(Placement.objects.filter(peer__in=peers), today)
        .select_related("peer", "post__team")
        .order_by("start_date", "pk")
    ):
        placements.setdefault(placement.peer_id, placement)  # the earliest: when employment began
    if not placements:
        return []
    peer_ids = list(placements)
    rules = settings_by_trust({p.post.team.trust_id for p in placements.values()})

    attendances = SupervisionAttendance.objects.filter(peer_id__in=peer_ids)
    last_held = {
        (row["peer_id"], row["session__kind"]): row["last"]
        for row in attendances.filter(session__status=SupervisionSession.Status.HELD, session__date__lte=today)
        .values("peer_id", "session__kind")
        .annotate(last=Max("session__date"))
        .order_by()
    }
    next_planned = {
        (row["peer_id"], row["session__kind"]): row["next"]
        for row in attendances.filter(session__status=SupervisionSession.Status.PLANNED, session__date__gte=today)
        .values("peer_id", "session__kind")
        .annotate(next=Min("session__date"))
        .order_by()
    }
    statuses = []
    for peer_id, placement in sorted(placements.items(), key=lambda item: (item[1].peer.full_name, item[0])):
        trust_rules = rules.get(placement.post.team.trust_id, DEFAULT_SETTINGS)
        for kind in SupervisionKind.values:
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
