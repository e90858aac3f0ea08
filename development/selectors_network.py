"""Reads of the peer network (phase 4; issue 18, item 6): meetings with the attendees a user may see named (the
others counted), and which attendees have a peer supervisor who is not a peer worker (the supervision schedule's
advice, shown on the meeting too). A fixed number of queries whatever the number of meetings or attendees."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, Prefetch, QuerySet

from programmes.models import Peer
from programmes.selectors import peer_worker_user_ids
from workforce.models import Placement
from workforce.selectors import current_placements

from .models import PeerNetworkMeeting


def meetings_for_list(meetings: QuerySet[PeerNetworkMeeting], shown: QuerySet[Peer]) -> QuerySet[PeerNetworkMeeting]:
    """Meetings with their trust and facilitator, the attendees named to the caller (`shown`, in one more query)
    as `attendees_shown`, and how many came in all (`attendee_count`)."""
    return (
        meetings.select_related("trust", "facilitated_by")
        .annotate(attendee_count=Count("attendances", distinct=True))
        .prefetch_related(Prefetch("attendees", queryset=shown.order_by("full_name", "pk"), to_attr="attendees_shown"))
        .order_by("-held_on", "-pk")
    )


def hidden_attendees(meeting: PeerNetworkMeeting) -> int:
    """How many of the meeting's attendees are counted but not named to the caller (see meetings_for_list)."""
    return meeting.attendee_count - len(meeting.attendees_shown)


def supervised_without_a_peer(peers: Iterable[Peer], today: datetime.date) -> set[int]:
    """The peers (ids) whose current placement names a peer supervisor who is not a peer worker (ImROC guide:
    peer supervision from a senior peer; workforce.selectors.peer_supervisor_warning). Two queries at most."""
    ids = [peer.pk for peer in peers]
    if not ids:
        return set()
    placements = current_placements(Placement.objects.filter(peer_id__in=ids), today).filter(
        peer_supervisor__isnull=False
    )
    named: dict[int, set[int]] = {}
    for peer_id, user_id in placements.values_list("peer_id", "peer_supervisor_id"):
        named.setdefault(peer_id, set()).add(user_id)
    peer_workers = peer_worker_user_ids({u for users in named.values() for u in users})
    return {peer_id for peer_id, users in named.items() if users - peer_workers}
