"""The outcomes app's part of the "what needs me" home page (`programmes.home`, registered from OutcomesConfig.ready):
a line manager (and HR and the peer lead) sees the peers whose caseload is above the capacity agreed in supervision;
a peer sees their own. Reads through `programmes.access`; one query a part, whatever the number of peers."""

from __future__ import annotations

from django.db.models import F

from programmes import access
from programmes.home import Need, Page
from workforce.models import Placement
from workforce.selectors import current_placements

from .selectors import with_caseload

SHOWN = 10


def _above(placements, today):
    return (
        with_caseload(current_placements(placements, today), today)
        .filter(caseload__gt=F("capacity"))
        .select_related("peer")
        .order_by("peer__full_name", "pk")
    )


def build(page: Page) -> None:
    user, today = page.user, page.today
    part = page.part_for(("line_manager", "keeper"))
    if part != "other":
        found = list(_above(Placement.objects.filter(peer__in=access.peers_for_caseload(user)), today)[: SHOWN + 1])
        if found:
            section = page.section(part, "caseload-above", "Caseloads above the capacity agreed")
            for p in found[:SHOWN]:
                section.add(
                    Need(
                        f"{p.peer.full_name}: a caseload of {p.caseload}, capacity {p.capacity}",
                        access_url(p.peer_id),
                        key=f"caseload:{p.peer_id}",
                    )
                )
    if page.own_peer is not None:
        mine = _above(Placement.objects.filter(peer=page.own_peer), today).first()
        if mine is not None:
            page.section("own", "own-caseload", "Your caseload").add(
                Need(
                    f"Your caseload of {mine.caseload} is above the capacity of {mine.capacity} agreed",
                    access_url(mine.peer_id),
                    key=f"caseload:{mine.peer_id}",
                )
            )


def access_url(peer_id: int) -> str:
    from django.urls import reverse

    return reverse("outcomes:caseload-list", args=[peer_id])
