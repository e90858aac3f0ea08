"""Writes of workforce growth and wider system change (phase 4; ImROC guide, "Increasing peer employment
opportunities"): team
establishments, the vacancy review log (converting a vacancy to a peer post at once), new services and their
peer posts, and contributions of peer workers to wider change with their evidence. Every service takes keyword
arguments, runs in one transaction, validates with full_clean and credits the change to `by` in the history."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from programmes import services as programme_services
from programmes.models import FULL_TIME_HOURS, Peer, Post, Programme, Team
from programmes.services import _apply, _save

from .models import (
    NewService,
    SystemChangeContribution,
    TeamEstablishment,
    VacancyReview,
    check_evidence,
)


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _not_in_future(errors: dict, field: str, value: datetime.date | None, message: str) -> None:
    if value is not None and value > timezone.localdate():
        errors.setdefault(field, []).append(message)


# --- Team establishments ---------------------------------------------------------------------------


def _check_establishment(establishment: TeamEstablishment) -> None:
    errors: dict[str, list[str]] = {}
    _not_in_future(
        errors, "as_of", establishment.as_of, "Record the establishment as it stands: give a date up to today."
    )
    taken = TeamEstablishment.objects.filter(team_id=establishment.team_id, as_of=establishment.as_of)
    if establishment.team_id and establishment.as_of and taken.exclude(pk=establishment.pk).exists():
        errors.setdefault("as_of", []).append(
            f"{establishment.team} already has an establishment recorded on {establishment.as_of:%d %B %Y}; "
            "edit that one instead."
        )
    headcount, wte = establishment.headcount, establishment.whole_time_equivalent
    if headcount and wte is not None and Decimal(wte) > headcount:
        errors.setdefault("whole_time_equivalent", []).append(
            f"The whole-time equivalent cannot be more than the headcount ({headcount}): nobody works more than "
            "full time."
        )
    _raise(errors)


@transaction.atomic
def record_establishment(
    *, by, team: Team, as_of: datetime.date, headcount: int, whole_time_equivalent: Decimal
) -> TeamEstablishment:
    """Record the size of `team`'s whole workforce (peers included) on `as_of`, for the share of peer workers."""
    establishment = TeamEstablishment(
        team=team, as_of=as_of, headcount=headcount, whole_time_equivalent=whole_time_equivalent
    )
    _check_establishment(establishment)
    return _save(establishment, by=by)


@transaction.atomic
def update_establishment(*, establishment: TeamEstablishment, by, **fields: Any) -> TeamEstablishment:
    if "team" in fields and fields["team"] != establishment.team:
        raise ValidationError({"team": "An establishment stays with its team; record a new one for another team."})
    _apply(establishment, fields)
    _check_establishment(establishment)
    return _save(establishment, by=by)


# --- Vacancy review log ----------------------------------------------------------------------------

# Errors of the new post, shown beside the fields of the review form that carry them.
NEW_POST_FIELDS = {"title": "post_title", "band": "post_band", "hours": "post_hours", "career_level": "post_level"}


def _check_hours(errors: dict, field: str, hours: Decimal | None) -> None:
    if hours is not None and not (0 < hours <= FULL_TIME_HOURS):
        errors.setdefault(field, []).append("Give the hours per week: more than 0 and at most 37.5 (full time).")


@transaction.atomic
def record_vacancy_review(
    *,
    by,
    programme: Programme,
    team: Team,
    vacancy: str,
    considered_on: datetime.date,
    decision: str,
    reason: str,
    band: int | None = None,
    hours: Decimal | None = None,
    create_post: bool = False,
    post_title: str = "",
    post_band: int | None = None,
    post_hours: Decimal | None = None,
    post_level: str = Post.CareerLevel.PEER_SUPPORT_WORKER,
) -> VacancyReview:
    """Log that a vacancy of `team` was considered for conversion to a peer post (seed 000: "reviewing all
    vacancies to consider the possibility of creating a peer worker post"), with the decision and the reason.

    When the decision is to convert, `create_post` makes the peer post at once (its band and hours default to
    the vacancy's), funded as converted from the vacancy, and links it to the review; all in one transaction,
    so a refused post leaves no review behind."""
    review = VacancyReview(
        programme=programme,
        team=team,
        vacancy=vacancy,
        band=band,
        hours=hours,
        considered_on=considered_on,
        decision=decision,
        reason=reason,
        decided_by=by,
    )
    errors: dict[str, list[str]] = {}
    if team.trust_id != programme.trust_id:
        errors["team"] = [f"Choose a team of {programme.trust}, the programme's trust."]
    _not_in_future(errors, "considered_on", considered_on, "Log a decision once it is made: give a date up to today.")
    _check_hours(errors, "hours", hours)
    if create_post:
        post_band = band if post_band is None else post_band
        post_hours = hours if post_hours is None else post_hours
        if decision != VacancyReview.Decision.CONVERT:
            errors["create_post"] = ["A peer post is created only when the decision is to convert the vacancy."]
        if not (post_title or "").strip():
            errors["post_title"] = ["Give the new peer post's title."]
        if post_band is None:
            errors["post_band"] = ["Give the new peer post's band (or the vacancy's band above)."]
        if post_hours is None:
            errors["post_hours"] = ["Give the new peer post's hours per week (or the vacancy's hours above)."]
        _check_hours(errors, "post_hours", post_hours)
        if post_level == Post.CareerLevel.PRE_PEER:
            errors["post_level"] = ["A pre-peer route is not a peer post: choose a level of the pathway."]
    try:
        review.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    _raise(errors)
    if create_post:
        try:
            review.new_post = programme_services.create_post(
                by=by,
                team=team,
                title=post_title.strip(),
                band=post_band,
                hours=post_hours,
                career_level=post_level,
                funding=Post.Funding.CONVERTED,
                converted_from=vacancy,
            )
        except ValidationError as error:
            raise ValidationError(
                {NEW_POST_FIELDS.get(field, "vacancy"): messages for field, messages in error.message_dict.items()}
            ) from error
    return _save(review, by=by)


# --- New services ----------------------------------------------------------------------------------


@transaction.atomic
def record_new_service(
    *,
    by,
    programme: Programme,
    name: str,
    starts_on: datetime.date,
    includes_peer_posts: bool = False,
    peer_posts: int = 0,
    notes: str = "",
) -> NewService:
    """Record a new service of the trust and whether it includes peer posts (seed 000: "requiring all new
    services to include peer worker posts"); the number must agree with the answer."""
    return _save(
        NewService(
            programme=programme,
            name=name,
            starts_on=starts_on,
            includes_peer_posts=includes_peer_posts,
            peer_posts=peer_posts or 0,
            notes=notes,
        ),
        by=by,
    )


@transaction.atomic
def update_new_service(*, service: NewService, by, **fields: Any) -> NewService:
    if "programme" in fields and fields["programme"] != service.programme:
        raise ValidationError({"programme": "A new service stays with its programme."})
    if fields.get("peer_posts") is None and "peer_posts" in fields:
        fields["peer_posts"] = 0
    return _save(_apply(service, fields), by=by)


# --- Contributions to wider change ------------------------------------------------------------------


@transaction.atomic
def record_contribution(
    *,
    by,
    programme: Programme,
    kind: str,
    title: str,
    description: str,
    happened_on: datetime.date,
    peers: Iterable[Peer],
    evidence=None,
    evidence_link: str = "",
) -> SystemChangeContribution:
    """Record a contribution of peer workers to wider change (seed 000, "Wider system change": reviewed risk
    documentation, guidance on using lived experience, co-produced staff training...), with the peers involved
    and the evidence: a document (PDF, Word or an image, 5 MB at most) or a link."""
    peers = list(peers)
    errors: dict[str, list[str]] = {}
    if not peers:
        errors["peers"] = ["Choose the peer workers involved."]
    elif any(peer.trust_id != programme.trust_id for peer in peers):
        errors["peers"] = [f"Choose peers of {programme.trust}, the programme's trust."]
    _not_in_future(
        errors, "happened_on", happened_on, "Record a contribution once it has happened: give a date up to today."
    )
    if not evidence and not evidence_link:
        errors["evidence"] = ["Attach a document that shows the contribution, or give a link to the evidence."]
    try:
        check_evidence(evidence)
    except ValidationError as error:
        errors.setdefault("evidence", []).extend(error.message_dict["evidence"])
    contribution = SystemChangeContribution(
        programme=programme,
        kind=kind,
        title=title,
        description=description,
        happened_on=happened_on,
        evidence=evidence or "",
        evidence_link=evidence_link,
    )
    try:
        contribution.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(m for m in messages if m not in errors.get(field, []))
    _raise(errors)
    contribution = _save(contribution, by=by)
    contribution.peers.set(peers)
    return contribution
