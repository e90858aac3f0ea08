"""Writes of the peer network (phase 4; issue 18, item 6): meetings of peer workers across a trust's teams, with
the date, the place, the themes and who came. Every service takes keyword arguments, runs in one transaction,
validates with full_clean and credits the change to `by` in the history (the meeting's and each attendance's)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from programmes.models import Peer, StaffRole, Trust
from programmes.services import _apply, _save

from .models import PeerNetworkAttendance, PeerNetworkMeeting


def _check_attendees(trust: Trust | None, attendees: list[Peer]) -> dict[str, list[str]]:
    if not attendees:
        return {"attendees": ["Choose the peer workers who came."]}
    if trust is not None and any(peer.trust_id != trust.pk for peer in attendees):
        return {"attendees": [f"Choose peer workers of {trust}, the trust whose network met."]}
    return {}


def _belongs_to(user_id: int, trust_id: int) -> bool:
    return (
        StaffRole.objects.filter(user_id=user_id, trust_id=trust_id).exists()
        or Peer.objects.filter(user_id=user_id, trust_id=trust_id).exists()
    )


def _validate(meeting: PeerNetworkMeeting, attendees: list[Peer]) -> None:
    errors: dict[str, list[str]] = {}
    if not (meeting.place or "").strip():
        errors["place"] = ["Say where the network met, or write “online”."]
    if not (meeting.themes or "").strip():
        errors["themes"] = ["Give the themes talked about: practice and wellbeing, never a person who uses services."]
    errors.update(_check_attendees(meeting.trust if meeting.trust_id else None, attendees))
    if meeting.facilitated_by_id and meeting.trust_id and not _belongs_to(meeting.facilitated_by_id, meeting.trust_id):
        errors["facilitated_by"] = [f"Choose someone of {meeting.trust}: a member of its staff or one of its peers."]
    try:
        meeting.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(m for m in messages if m not in errors.get(field, []))
    if errors:
        raise ValidationError(errors)


def _set_attendees(meeting: PeerNetworkMeeting, attendees: list[Peer], *, by) -> None:
    """Add and remove attendances one by one (saved and deleted, so each keeps its history)."""
    wanted = {peer.pk: peer for peer in attendees}
    existing = {a.peer_id: a for a in meeting.attendances.all()}
    for peer_id, attendance in existing.items():
        if peer_id not in wanted:
            attendance._history_user = by
            attendance.delete()
    for peer_id, peer in wanted.items():
        if peer_id not in existing:
            _save(PeerNetworkAttendance(meeting=meeting, peer=peer), by=by)


@transaction.atomic
def record_network_meeting(
    *,
    by,
    trust: Trust,
    held_on: datetime.date,
    place: str,
    themes: str,
    attendees: Iterable[Peer],
    facilitated_by=None,
    notes: str = "",
) -> PeerNetworkMeeting:
    """Record a meeting of `trust`'s peer network and the peer workers who came (all of the trust)."""
    attendees = list(attendees)
    meeting = PeerNetworkMeeting(
        trust=trust,
        held_on=held_on,
        place=(place or "").strip(),
        themes=themes,
        facilitated_by=facilitated_by,
        notes=notes,
    )
    _validate(meeting, attendees)
    meeting = _save(meeting, by=by)
    _set_attendees(meeting, attendees, by=by)
    return meeting


@transaction.atomic
def update_network_meeting(*, meeting: PeerNetworkMeeting, by, **fields: Any) -> PeerNetworkMeeting:
    """Change a meeting; `attendees`, when given, is the whole list of who came."""
    if "trust" in fields and fields["trust"] != meeting.trust:
        raise ValidationError({"trust": "A meeting stays with its trust's network."})
    fields.pop("trust", None)
    attendees = list(fields.pop("attendees")) if "attendees" in fields else list(meeting.attendees.all())
    if "place" in fields:
        fields["place"] = (fields["place"] or "").strip()
    _apply(meeting, fields)
    _validate(meeting, attendees)
    meeting = _save(meeting, by=by)
    _set_attendees(meeting, attendees, by=by)
    return meeting
