"""Writes of training and CPD and of the personal development plan (phase 4, part 5): a peer's training
records with their evidence, and the objectives the peer and those who supervise them add to the plan.
Every function runs in a transaction, validates before saving and raises a ValidationError naming the field."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from programmes.models import Peer
from programmes.services import _apply, _save
from workforce.models import ReviewObjective
from workforce.selectors import objective_words as _same_words

from .models import DevelopmentObjective, TrainingRecord, check_evidence
from .reminders import settle_training_of

TRAINING_FIELDS = (
    "category",
    "title",
    "provider",
    "course",
    "started_on",
    "completed_on",
    "expires_on",
    "evidence",
    "notes",
)
# The plan's own objectives added by hand; competency gaps come from the assessment service.
HAND_ADDED_SOURCES = (DevelopmentObjective.Source.OWN_WISH, DevelopmentObjective.Source.SUPERVISION)
OPEN_STATUSES = (DevelopmentObjective.Status.OPEN, DevelopmentObjective.Status.IN_PROGRESS)


def _check_not_already_open(*, peer: Peer, text: str, exclude: DevelopmentObjective | None = None) -> None:
    """Refuse an objective the plan already lists as open (its own, or one set at an employment review, both
    shown in the plan): the same objective twice is one objective (issue 17)."""
    wanted = _same_words(text)
    own = DevelopmentObjective.objects.filter(peer=peer, status__in=OPEN_STATUSES)
    if exclude is not None:
        own = own.exclude(pk=exclude.pk)
    from_reviews = ReviewObjective.objects.filter(
        review__placement__peer=peer, status=ReviewObjective.Status.OPEN
    ).values_list("text", flat=True)
    if any(_same_words(t) == wanted for t in [*own.values_list("text", flat=True), *from_reviews]):
        raise ValidationError(
            {"text": "This objective is already open in the plan: change that one, or mark it achieved first."}
        )


def _training_rules(record: TrainingRecord) -> None:
    errors: dict[str, str] = {}
    try:
        check_evidence(record.evidence)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if record.course_id and record.course.trust_id not in (None, record.peer.trust_id):
        errors["course"] = "Choose a course of the shared library or of the peer's own trust."
    if record.completed_on and record.completed_on > timezone.localdate():
        errors["completed_on"] = "Training cannot be completed in the future: leave it empty until it is."
    if errors:
        raise ValidationError(errors)


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(TRAINING_FIELDS)
    if unknown:
        raise TypeError(f"Not fields of a training record: {sorted(unknown)}")
    fields = dict(fields)
    if fields.get("evidence") is False:  # the form's "clear" box
        fields["evidence"] = ""
    for name in ("provider", "notes"):
        if fields.get(name) is None and name in fields:
            fields[name] = ""
    return fields


@transaction.atomic
def record_training(*, by, peer: Peer, category: str, title: str, **fields: Any) -> TrainingRecord:
    """Record training a peer has taken or is booked on, with optional evidence (5 MB at most; PDF, Word or an
    image). Nothing is saved, and no file stored, when anything is refused."""
    record = TrainingRecord(peer=peer, category=category, title=title, **_clean_fields(fields))
    _training_rules(record)
    _save(record, by=by)
    settle_training_of(peer)  # training completed or renewed settles its reminders, in this transaction
    return record


@transaction.atomic
def update_training(*, record: TrainingRecord, by, **fields: Any) -> TrainingRecord:
    fields = _clean_fields(fields)
    _apply(record, fields)
    _training_rules(record)
    _save(record, by=by)
    settle_training_of(record.peer)
    return record


# --- The personal development plan ------------------------------------------------------------------------


@transaction.atomic
def add_development_objective(
    *,
    by,
    peer: Peer,
    text: str,
    source: str = DevelopmentObjective.Source.OWN_WISH,
    target_on: datetime.date | None = None,
) -> DevelopmentObjective:
    """Add an objective to the peer's plan: their own wish, or one agreed in supervision."""
    if source not in HAND_ADDED_SOURCES:
        raise ValidationError({"source": "Competencies to develop come from an assessment; choose another source."})
    today = timezone.localdate()
    if target_on and target_on < today:
        raise ValidationError({"target_on": "Give a target date from today on."})
    _check_not_already_open(peer=peer, text=text)
    objective = DevelopmentObjective(peer=peer, source=source, text=text.strip(), target_on=target_on, created_on=today)
    return _save(objective, by=by)


@transaction.atomic
def update_development_objective(
    *,
    objective: DevelopmentObjective,
    by,
    status: str,
    target_on: datetime.date | None = None,
    achieved_on: datetime.date | None = None,
    text: str | None = None,
) -> DevelopmentObjective:
    """Change an objective's status (and target date, or wording). Achieved sets the date it was achieved
    (today unless given); any other status clears it."""
    today = timezone.localdate()
    if status == DevelopmentObjective.Status.ACHIEVED:
        achieved_on = achieved_on or objective.achieved_on or today
        if achieved_on > today:
            raise ValidationError({"achieved_on": "An objective cannot be achieved in the future."})
        if achieved_on < objective.created_on:
            raise ValidationError(
                {"achieved_on": f"It was set on {objective.created_on:%d %B %Y}: give a date from then on."}
            )
    else:
        achieved_on = None
    fields: dict[str, Any] = {"status": status, "target_on": target_on, "achieved_on": achieved_on}
    if text is not None:
        if not text.strip():
            raise ValidationError({"text": "Enter the objective."})
        if status in OPEN_STATUSES:
            _check_not_already_open(peer=objective.peer, text=text, exclude=objective)
        fields["text"] = text.strip()
    return _save(_apply(objective, fields), by=by)
