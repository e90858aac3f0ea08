"""Writes of sickness absence (phase 3; issue 18 item 4): recording and changing an episode. Keyword arguments, one
transaction, full_clean, the change credited to `by` in the episode's history; the pages, the admin and the demo
seeds all call these."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from programmes.models import Peer
from programmes.services import _apply, _save

from .models import AbsenceEpisode, Placement, ReturnToWorkConversation
from .models_absence import MAX_DAYS_LOST, working_days
from .selectors import current_placements
from .services import remind_about

FIELDS = ("start_date", "end_date", "days_lost", "reason_category", "return_to_work", "placement")


def _check(episode: AbsenceEpisode) -> None:
    errors: dict[str, list[str]] = {}
    if episode.end_date is not None and episode.end_date < episode.start_date:
        errors["end_date"] = ["The absence cannot end before it starts."]
    if episode.days_lost is not None:
        if episode.days_lost < 0:
            errors["days_lost"] = ["Days lost cannot be negative."]
        elif episode.days_lost > MAX_DAYS_LOST:
            errors["days_lost"] = [f"Enter at most {MAX_DAYS_LOST} days."]
        elif episode.end_date is not None and episode.days_lost > (episode.end_date - episode.start_date).days + 1:
            errors["days_lost"] = ["More days lost than days between the first and the last day of the absence."]
    if episode.placement is not None and episode.placement.peer_id != episode.peer_id:
        errors["placement"] = ["Choose one of this peer's placements."]
    if episode.return_to_work is not None and episode.return_to_work.peer_id != episode.peer_id:
        errors["return_to_work"] = ["Choose one of this peer's return-to-work conversations."]
    if errors:
        raise ValidationError(errors)


def _fill_in(episode: AbsenceEpisode, days_lost: Decimal | None) -> None:
    """Days lost as entered, else worked out Monday to Friday once the absence has ended (empty while it goes on:
    the figures count it up to the day they are read). The placement current on the first day, unless given."""
    if days_lost is not None:
        episode.days_lost, episode.days_lost_entered = days_lost, True
    else:
        episode.days_lost_entered = False
        episode.days_lost = (
            Decimal(working_days(episode.start_date, episode.end_date)) if episode.end_date is not None else None
        )
    if episode.placement is None:
        episode.placement = (
            current_placements(Placement.objects.filter(peer_id=episode.peer_id), episode.start_date)
            .order_by("start_date", "pk")
            .first()
        )


@transaction.atomic
def record_absence(
    *,
    by,
    peer: Peer,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    days_lost: Decimal | None = None,
    reason_category: str = "",
    return_to_work: ReturnToWorkConversation | None = None,
    placement: Placement | None = None,
) -> AbsenceEpisode:
    """Record an episode of sickness absence of `peer` (never a diagnosis: a broad category at most)."""
    episode = AbsenceEpisode(
        peer=peer,
        start_date=start_date,
        end_date=end_date,
        days_lost=days_lost,
        reason_category=reason_category or "",
        return_to_work=return_to_work,
        placement=placement,
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    _check(episode)
    _fill_in(episode, days_lost)
    _save(episode, by=by)
    remind_about([peer.pk])  # a third episode in 12 months is a trigger to review the WAP
    return episode


@transaction.atomic
def update_absence(*, episode: AbsenceEpisode, by, **fields: Any) -> AbsenceEpisode:
    """Change an episode: its dates, days lost (empty: worked out from the dates), category or the return-to-work
    conversation it links to."""
    episode = AbsenceEpisode.objects.select_for_update().get(pk=episode.pk)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"not fields of an absence episode: {sorted(unknown)}")
    days_lost = fields.pop("days_lost", episode.days_lost if episode.days_lost_entered else None)
    fields["reason_category"] = fields.get("reason_category", episode.reason_category) or ""
    _apply(episode, fields)
    episode.days_lost = days_lost
    _check(episode)
    _fill_in(episode, days_lost)
    _save(episode, by=by)
    remind_about([episode.peer_id])
    return episode
