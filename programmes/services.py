"""Writes to the shared model: every create and change of trusts, teams, posts, peers and staff
roles goes through these functions, which views, the admin, commands and tasks all call.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from .models import OwnCareTeamArrangement, Peer, Post, StaffRole, Team, Trust

M = TypeVar("M", bound=models.Model)


def _save(instance: M, *, by) -> M:
    """Validate and save one record, crediting the change to `by` in its history."""
    instance.full_clean()
    if by is not None and getattr(by, "is_authenticated", False):
        instance._history_user = by
    instance.save()
    return instance


def _apply(instance: M, fields: dict[str, Any]) -> M:
    for name, value in fields.items():
        setattr(instance, name, value)
    return instance


@transaction.atomic
def create_trust(*, by, name: str, ods_code: str) -> Trust:
    return _save(Trust(name=name, ods_code=ods_code), by=by)


@transaction.atomic
def update_trust(*, trust: Trust, by, **fields: Any) -> Trust:
    return _save(_apply(trust, fields), by=by)


@transaction.atomic
def create_team(*, by, trust: Trust, name: str, service_type: str, recovery_training_done: bool = False) -> Team:
    return _save(
        Team(trust=trust, name=name, service_type=service_type, recovery_training_done=recovery_training_done),
        by=by,
    )


@transaction.atomic
def update_team(*, team: Team, by, **fields: Any) -> Team:
    if "trust" in fields and fields["trust"] != team.trust:
        # Moving a team between trusts would carry its posts and peers' records with it.
        raise ValidationError({"trust": "A team cannot move to another trust."})
    return _save(_apply(team, fields), by=by)


@transaction.atomic
def create_post(*, by, team: Team, title: str, band: int, hours, **fields: Any) -> Post:
    return _save(Post(team=team, title=title, band=band, hours=hours, **fields), by=by)


@transaction.atomic
def update_post(*, post: Post, by, **fields: Any) -> Post:
    return _save(_apply(post, fields), by=by)


@transaction.atomic
def create_peer(*, by, trust: Trust, full_name: str, **fields: Any) -> Peer:
    return _save(Peer(trust=trust, full_name=full_name, **fields), by=by)


@transaction.atomic
def update_peer(*, peer: Peer, by, **fields: Any) -> Peer:
    if "trust" in fields and fields["trust"] != peer.trust:
        raise ValidationError({"trust": "A peer's record stays with the trust that holds it."})
    return _save(_apply(peer, fields), by=by)


@transaction.atomic
def grant_staff_role(*, by, user, trust: Trust, role: str, team: Team | None = None) -> StaffRole:
    """Give `user` a role at `trust` (or one of its teams); granting it twice changes nothing."""
    existing = StaffRole.objects.filter(user=user, trust=trust, team=team, role=role).first()
    if existing:
        return existing
    return _save(StaffRole(user=user, trust=trust, team=team, role=role), by=by)


@transaction.atomic
def record_own_care_team(
    *, by, peer: Peer, team: Team, line_manager, care_arrangement: str, supervisor=None
) -> OwnCareTeamArrangement:
    """Flag that `peer` works in the team that provides their care (seed 000, Box 10); from now on
    only the named line manager and supervisor of that team see the peer's records."""
    arrangement = OwnCareTeamArrangement.objects.filter(peer=peer).first() or OwnCareTeamArrangement(peer=peer)
    _apply(
        arrangement,
        {"team": team, "line_manager": line_manager, "supervisor": supervisor, "care_arrangement": care_arrangement},
    )
    return _save(arrangement, by=by)
