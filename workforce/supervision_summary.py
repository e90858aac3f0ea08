"""The maintained supervision summary of the employment phase (`models.SupervisionSummary`): each peer's last held
and planned sessions of each kind, recomputed from the sessions for the peers a write touched, or rebuilt whole.

Every write that changes a peer's held or planned sessions calls `refresh_summary` in its own transaction (the
supervision services, the admin); anything that writes sessions another way (a bulk load, a repair by hand) runs
`python manage.py rebuild_supervision_summary` afterwards."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max, Q

from programmes.models import Peer

from .models import SupervisionAttendance, SupervisionKind, SupervisionSession, SupervisionSummary

Status = SupervisionSession.Status
Key = tuple[int, str]  # (peer id, kind)
REBUILD_BATCH = 2000  # peers at a time: two reads of their attendances and one insert


def computed_rows(peer_ids: Iterable[int] | None = None) -> dict[Key, tuple[datetime.date | None, list[str]]]:
    """What the summary should hold for `peer_ids` (every peer when None), read from the sessions: for each
    (peer id, kind) with a held or planned session, (the last held date, the planned dates in ISO form, earliest
    first). Two queries."""
    attendances = SupervisionAttendance.objects.order_by()
    if peer_ids is not None:
        attendances = attendances.filter(peer_id__in=list(peer_ids))
    rows: dict[Key, tuple[datetime.date | None, list[str]]] = {}
    for peer_id, kind, last in (
        attendances.filter(session__status=Status.HELD)
        .values("peer_id", "session__kind")
        .annotate(last=Max("session__date"))
        .values_list("peer_id", "session__kind", "last")
    ):
        rows[(peer_id, kind)] = (last, [])
    for peer_id, kind, day in attendances.filter(session__status=Status.PLANNED).values_list(
        "peer_id", "session__kind", "session__date"
    ):
        rows.setdefault((peer_id, kind), (None, []))[1].append(day.isoformat())
    for _last, planned in rows.values():
        planned.sort()
    return rows


def _lock_peers(peer_ids: list[int]) -> None:
    """Serialise refreshes of the same peer: two transactions writing sessions of one peer at once would each
    compute the summary without the other's session. FOR NO KEY UPDATE does not wait on the foreign-key checks of
    attendances being written (which take FOR KEY SHARE), so two such writes cannot deadlock on it. In peer order."""
    list(Peer.objects.select_for_update(no_key=True).filter(pk__in=peer_ids).order_by("pk").values_list("pk"))


@transaction.atomic
def refresh_summary(peer_ids: Iterable[int]) -> None:
    """Recompute the summary rows of `peer_ids` from their sessions, in the caller's transaction (five queries:
    the lock, the held and the planned sessions, the upsert, and the delete of rows left with nothing)."""
    peer_ids = sorted({int(pk) for pk in peer_ids})
    if not peer_ids:
        return
    _lock_peers(peer_ids)
    rows = computed_rows(peer_ids)
    if rows:
        SupervisionSummary.objects.bulk_create(
            [
                SupervisionSummary(peer_id=peer_id, kind=kind, last_held_on=last, planned_on=planned)
                for (peer_id, kind), (last, planned) in sorted(rows.items())
            ],
            update_conflicts=True,
            unique_fields=["peer", "kind"],
            update_fields=["last_held_on", "planned_on"],
        )
    # Rows left with nothing (no held or planned session of the kind any more): one delete for both kinds.
    gone = Q()
    for kind in SupervisionKind.values:
        gone |= Q(kind=kind) & ~Q(peer_id__in=[peer_id for peer_id, k in rows if k == kind])
    SupervisionSummary.objects.filter(gone, peer_id__in=peer_ids).delete()


@transaction.atomic
def rebuild_summary(*, batch: int = REBUILD_BATCH) -> int:
    """Rebuild the whole table from the sessions, `batch` peers at a time, in one transaction (readers see the
    old table until it commits). Every peer is locked as `refresh_summary` locks them, so a session recorded
    meanwhile is either seen here or refreshed once this commits. Returns the number of rows."""
    peer_ids = list(Peer.objects.select_for_update(no_key=True).order_by("pk").values_list("pk", flat=True))
    SupervisionSummary.objects.all().delete()
    total = 0
    for start in range(0, len(peer_ids), batch):
        rows = computed_rows(peer_ids[start : start + batch])
        SupervisionSummary.objects.bulk_create(
            SupervisionSummary(peer_id=peer_id, kind=kind, last_held_on=last, planned_on=planned)
            for (peer_id, kind), (last, planned) in sorted(rows.items())
        )
        total += len(rows)
    return total
