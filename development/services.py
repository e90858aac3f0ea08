"""Writes of the career pathway and the competency framework (phase 4, ongoing development): a peer's steps on
the pathway and strengths-based competency assessments, whose gaps become development objectives. Views, the
admin and commands call these; each runs in one transaction and says what to fix in a ValidationError."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from programmes import access
from programmes.models import Peer, Post
from programmes.services import _apply, _save

from .models import (
    CareerLevel,
    CompetencyAssessment,
    CompetencyDescriptor,
    CompetencyFramework,
    DescriptorRating,
    DevelopmentObjective,
    Progression,
)

Status = DescriptorRating.Status
Context = CompetencyAssessment.Context


def rating_field(name: str, descriptor: CompetencyDescriptor | int) -> str:
    """The name of one descriptor's field on the assessment form (status, evidence or target_on), which the
    service's messages name so the page shows them beside that descriptor."""
    pk = descriptor if isinstance(descriptor, int) else descriptor.pk
    return f"{name}_{pk}"


# --- Progression on the career pathway ---------------------------------------------------------------


@transaction.atomic
def record_progression(
    *,
    by,
    peer: Peer,
    level: CareerLevel | None,
    post: Post | None = None,
    started_on: datetime.date,
    notes: str = "",
) -> Progression:
    """A new step of the peer's career. The open step ends the day before; a step cannot start before or on
    the day the latest one started, nor inside a step that has ended (no overlaps, no going back in time).
    Without a level, the post's career level is the step's level (a post's level comes from the pathway)."""
    if not access.peers_for_progression(by).filter(pk=peer.pk).exists():
        raise ValidationError("You cannot record steps of this peer's career.")
    errors: dict[str, str] = {}
    if post is not None:
        if post.team.trust_id != peer.trust_id:
            errors["post"] = "Choose a post of the peer's own trust."
        post_level = CareerLevel.objects.filter(code=post.career_level).first() if post.career_level else None
        if level is None:
            level = post_level
        elif post_level is not None and post_level != level:
            errors["level"] = f"This post is at the {post_level.name} level of the pathway: choose that level."
    if level is None:
        errors.setdefault("level", "Choose the level of the pathway, or a post that has one.")
    if started_on > timezone.localdate():
        errors["started_on"] = "A step is recorded once it has started: give a date on or before today."
    steps = list(Progression.objects.select_for_update().filter(peer=peer).order_by("-started_on", "-pk"))
    latest = steps[0] if steps else None
    if latest is not None and "started_on" not in errors:
        if started_on <= latest.started_on:
            errors["started_on"] = (
                f"The latest step ({latest.level}) began on {latest.started_on:%-d %B %Y}: "
                "a new step starts after that day."
            )
        elif latest.ended_on is not None and started_on <= latest.ended_on:
            errors["started_on"] = (
                f"The latest step ended on {latest.ended_on:%-d %B %Y}: a new step starts after that day."
            )
        elif (
            latest.level_id == getattr(level, "pk", None)
            and latest.ended_on is None
            and latest.post_id == getattr(post, "pk", None)
        ):
            errors["level"] = f"The peer is already at the {level.name} level in this post."
    if errors:
        raise ValidationError(errors)
    if latest is not None and latest.ended_on is None:
        latest.ended_on = started_on - datetime.timedelta(days=1)
        _save(latest, by=by)
    return _save(Progression(peer=peer, level=level, post=post, started_on=started_on, notes=notes), by=by)


# --- Competency assessments ------------------------------------------------------------------------


def _check_links(peer, context, supervision_session, review, errors) -> None:
    if supervision_session is not None:
        if context != Context.SUPERVISION:
            errors["supervision_session"] = "Link a supervision session only to an assessment made in supervision."
        elif not supervision_session.attendances.filter(peer=peer).exists():
            errors["supervision_session"] = "Choose a session the peer attended."
    if review is not None:
        if context == Context.SUPERVISION:
            errors["review"] = "Link a review only to an assessment made at an appraisal or interim review."
        elif review.placement.peer_id != peer.pk:
            errors["review"] = "Choose one of the peer's own reviews."
        elif (review.kind == "appraisal") != (context == Context.APPRAISAL):
            errors["review"] = f"This review is the {review.get_kind_display().lower()}: choose the matching context."


OPEN_OBJECTIVE_STATUSES = (DevelopmentObjective.Status.OPEN, DevelopmentObjective.Status.IN_PROGRESS)


def is_gap(rating: DescriptorRating) -> bool:
    """seed 003: the competencies "can be used to identify training and support needs". Every Essential one
    not yet demonstrated is a need; an Enhanced one is when the peer is working on it."""
    if rating.status == Status.DEMONSTRATED:
        return False
    return rating.descriptor.level == CompetencyDescriptor.Level.ESSENTIAL or rating.status == Status.DEVELOPING


def _carry_into_the_plan(rating: DescriptorRating, open_gap: DevelopmentObjective | None, *, peer, on, by) -> None:
    if rating.status == Status.DEMONSTRATED:
        if open_gap is not None:
            _save(_apply(open_gap, {"status": DevelopmentObjective.Status.ACHIEVED, "achieved_on": on}), by=by)
        return
    if not is_gap(rating):
        return
    if open_gap is not None:
        _save(_apply(open_gap, {"rating": rating, "target_on": rating.target_on}), by=by)
        return
    _save(
        DevelopmentObjective(
            peer=peer,
            source=DevelopmentObjective.Source.COMPETENCY_GAP,
            text=rating.descriptor.text[:300],
            descriptor=rating.descriptor,
            rating=rating,
            target_on=rating.target_on,
            created_on=on,
        ),
        by=by,
    )


@transaction.atomic
def record_assessment(
    *,
    by,
    peer: Peer,
    framework: CompetencyFramework,
    assessed_on: datetime.date,
    context: str,
    ratings: list[dict[str, Any]],
    summary: str = "",
    supervision_session=None,
    review=None,
) -> CompetencyAssessment:
    """A strengths-based assessment of a peer against every descriptor of a framework (seed 003): each is
    demonstrated (with the evidence), developing or not yet; an Essential descriptor not yet demonstrated needs
    a target date ("the time frame for reaching essential competencies should be decided in supervision").
    A gap (an Essential descriptor not demonstrated, or an Enhanced one the peer is developing) becomes an
    objective of the peer's development plan, or updates the open one already there; an open gap now
    demonstrated is marked achieved. An Enhanced descriptor "not yet" is not expected of the role yet."""
    if not access.assessable_peers(by).filter(pk=peer.pk).exists():
        raise ValidationError("You can assess only the peers you supervise.")
    errors: dict[str, str] = {}
    if framework.trust_id not in (None, peer.trust_id) or not framework.is_active:
        errors["framework"] = "Choose a framework in use at the peer's trust."
    if assessed_on > timezone.localdate():
        errors["assessed_on"] = "Give the date the assessment was made, on or before today."
    if context not in Context.values:
        errors["context"] = "Choose where the assessment was made."
    _check_links(peer, context, supervision_session, review, errors)

    descriptors = {d.pk: d for d in CompetencyDescriptor.objects.filter(domain__framework=framework)}
    given = {}
    for rating in ratings:
        descriptor = rating["descriptor"]
        pk = descriptor if isinstance(descriptor, int) else descriptor.pk
        if pk not in descriptors:
            errors[rating_field("status", pk)] = "This descriptor is not part of the framework."
            continue
        given[pk] = rating
    for pk, descriptor in descriptors.items():
        rating = given.get(pk)
        status = (rating or {}).get("status") or ""
        if status not in Status.values:
            errors[rating_field("status", pk)] = "Choose demonstrated, developing or not yet."
            continue
        evidence = (rating.get("evidence") or "").strip()
        target_on = rating.get("target_on")
        if status == Status.DEMONSTRATED:
            if not evidence:
                errors[rating_field("evidence", pk)] = "Say what the peer did that shows it."
            if target_on:
                errors[rating_field("target_on", pk)] = "A demonstrated competency needs no target date: clear it."
        elif descriptor.level == CompetencyDescriptor.Level.ESSENTIAL and not target_on:
            errors[rating_field("target_on", pk)] = "An essential competency not yet demonstrated needs a target date."
        if target_on and status != Status.DEMONSTRATED and target_on <= assessed_on:
            errors[rating_field("target_on", pk)] = "The target date comes after the assessment."
    if errors:
        raise ValidationError(errors)

    assessment = _save(
        CompetencyAssessment(
            peer=peer,
            framework=framework,
            assessed_on=assessed_on,
            assessed_by=by,
            context=context,
            supervision_session=supervision_session,
            review=review,
            summary=summary,
        ),
        by=by,
    )
    open_gaps = {
        objective.descriptor_id: objective
        for objective in DevelopmentObjective.objects.filter(
            peer=peer,
            source=DevelopmentObjective.Source.COMPETENCY_GAP,
            status__in=OPEN_OBJECTIVE_STATUSES,
            descriptor_id__in=list(descriptors),
        )
    }
    for pk, descriptor in sorted(descriptors.items(), key=lambda item: item[0]):
        given_rating = given[pk]
        demonstrated = given_rating["status"] == Status.DEMONSTRATED
        rating = _save(
            DescriptorRating(
                assessment=assessment,
                descriptor=descriptor,
                status=given_rating["status"],
                evidence=(given_rating.get("evidence") or "").strip(),
                target_on=None if demonstrated else given_rating.get("target_on"),
            ),
            by=by,
        )
        _carry_into_the_plan(rating, open_gaps.get(pk), peer=peer, on=assessed_on, by=by)
    return assessment
