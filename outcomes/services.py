"""Writes of the outcomes app (issue 18 items 1 and 2): the evaluation plan and its questions, the outcome measures,
the monthly team returns, the team's allocation process and caseload agreements. Keyword arguments, one
transaction, full_clean, each change credited to `by` in the record's history; pages, admin and seeds call these."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from programmes.models import Peer, Programme, Team
from programmes.services import _apply, _save
from workforce.models import Placement, SupervisionSession
from workforce.selectors import current_placements

from .models import (
    CaseloadAgreement,
    EvaluationPlan,
    EvaluationQuestion,
    OutcomeMeasure,
    TeamAllocation,
    TeamReturn,
    first_of_month,
)

RETURN_FIELDS = ("month", *TeamReturn.COUNTS, *TeamReturn.MEASURES)


def questions_from(answer: str) -> list[str]:
    """The readiness answer cut into questions: one per line (or per sentence of a one-line answer), each asked
    as "Do our peer workers ...?" only where it is not a question already: kept in the programme's own words."""
    lines = [line.strip(" -*•\t") for line in answer.splitlines()]
    lines = [line for line in lines if line]
    if len(lines) == 1:
        lines = [s.strip() for s in re.split(r"(?<=[.?!;])\s+", lines[0]) if s.strip()]
    return [line[:500] for line in lines]


@transaction.atomic
def start_evaluation_plan(*, by, programme: Programme, questions: list[str]) -> EvaluationPlan:
    """Begin the programme's plan with its questions (the page offers the readiness answer's, to edit)."""
    if EvaluationPlan.objects.filter(programme=programme).exists():
        raise ValidationError("This programme already has an evaluation plan.")
    questions = [q.strip() for q in questions if q.strip()]
    if not questions:
        raise ValidationError({"questions": ["Enter at least one question, one a line."]})
    plan = _save(EvaluationPlan(programme=programme, started_from=programme.difference_hoped_for), by=by)
    for order, text in enumerate(questions, start=1):
        if len(text) > 500:
            raise ValidationError({"questions": [f"Question {order} is too long: at most 500 characters."]})
        _save(EvaluationQuestion(plan=plan, order=order, question=text), by=by)
    return plan


@transaction.atomic
def add_question(*, by, plan: EvaluationPlan, question: str, measures: str = "", order: int | None = None):
    if order is None:
        order = (plan.questions.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    return _save(EvaluationQuestion(plan=plan, question=question, measures=measures, order=min(order, 99)), by=by)


@transaction.atomic
def update_question(*, by, record: EvaluationQuestion, **fields: Any) -> EvaluationQuestion:
    """Change a question of the plan (`fields` may hold its `question` text: the record is `record`)."""
    record = EvaluationQuestion.objects.select_for_update().get(pk=record.pk)
    return _save(_apply(record, fields), by=by)


def _check_measure(measure: OutcomeMeasure) -> None:
    errors = {}
    if measure.scale_low is not None and measure.scale_high is not None and measure.scale_high <= measure.scale_low:
        errors["scale_high"] = ["The highest score must be above the lowest."]
    taken = OutcomeMeasure.objects.filter(programme_id=measure.programme_id, slot=measure.slot).exclude(pk=measure.pk)
    if taken.exists():
        errors["slot"] = ["The programme already has a measure in this place; change that one instead."]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_measure(*, by, programme: Programme, **fields: Any) -> OutcomeMeasure:
    measure = OutcomeMeasure(programme=programme, **fields)
    _check_measure(measure)
    return _save(measure, by=by)


@transaction.atomic
def update_measure(*, by, measure: OutcomeMeasure, **fields: Any) -> OutcomeMeasure:
    measure = OutcomeMeasure.objects.select_for_update().get(pk=measure.pk)
    _apply(measure, fields)
    _check_measure(measure)
    return _save(measure, by=by)


# --- Monthly team returns ---------------------------------------------------------------------------------------


def _check_return(record: TeamReturn, today: datetime.date) -> None:
    """The rules, each said beside its field: no negative count, no more goals achieved than agreed, no month
    that has not begun, and averages with every pair of an outcome measure (and none without pairs)."""
    errors: dict[str, list[str]] = {}
    for name in (*TeamReturn.COUNTS, "measure_1_pairs", "measure_2_pairs"):
        value = getattr(record, name)
        if value is not None and value < 0:
            errors[name] = ["Enter 0 or more."]
    if record.month and record.month > first_of_month(today):
        errors["month"] = ["The month has not begun yet: choose this month or an earlier one."]
    if (
        record.goals_agreed is not None
        and record.goals_achieved is not None
        and record.goals_achieved > record.goals_agreed
    ):
        errors["goals_achieved"] = ["Goals achieved cannot be more than goals agreed."]
    for n in (1, 2):
        pairs = getattr(record, f"measure_{n}_pairs") or 0
        for when in ("before", "after"):
            name = f"measure_{n}_{when}"
            value = getattr(record, name)
            if pairs and value is None:
                errors[name] = [f"Enter the average {when} for the {pairs} pair{'s' if pairs != 1 else ''}."]
            elif not pairs and value is not None:
                errors[f"measure_{n}_pairs"] = ["Enter how many before/after pairs the averages are of."]
            elif value is not None and value < 0:
                errors[name] = ["Enter 0 or more."]
    if errors:
        raise ValidationError(errors)


def _save_return(record: TeamReturn, *, by) -> TeamReturn:
    taken = TeamReturn.objects.filter(team_id=record.team_id, month=record.month).exclude(pk=record.pk)
    if taken.exists():
        raise ValidationError({"month": ["This team already has a return for this month: change that one instead."]})
    try:
        with transaction.atomic():
            return _save(record, by=by)
    except IntegrityError as error:  # two people entering the same month at once: the second is told
        raise ValidationError(
            {"month": ["This team already has a return for this month: change that one instead."]}
        ) from error


@transaction.atomic
def record_team_return(*, by, team: Team, month: datetime.date, today: datetime.date | None = None, **counts: Any):
    """Record a team's return for `month` (any day of it): counts only, never about a person who uses services."""
    unknown = set(counts) - set(RETURN_FIELDS)
    if unknown:
        raise ValueError(f"not fields of a team return: {sorted(unknown)}")
    record = TeamReturn(
        team=team,
        month=first_of_month(month) if month else month,
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
        **counts,
    )
    _check_return(record, today or timezone.localdate())
    saved = _save_return(record, by=by)
    settle_return_reminders(team_id=team.pk, month=saved.month)
    return saved


@transaction.atomic
def update_team_return(*, by, record: TeamReturn, today: datetime.date | None = None, **fields: Any) -> TeamReturn:
    unknown = set(fields) - set(RETURN_FIELDS)
    if unknown:
        raise ValueError(f"not fields of a team return: {sorted(unknown)}")
    record = TeamReturn.objects.select_for_update().get(pk=record.pk)
    _apply(record, fields)
    if record.month:
        record.month = first_of_month(record.month)
    _check_return(record, today or timezone.localdate())
    saved = _save_return(record, by=by)
    settle_return_reminders(team_id=saved.team_id, month=saved.month)
    return saved


def settle_return_reminders(*, team_id: int, month: datetime.date) -> None:
    """A return recorded settles its month's reminders (in the caller's transaction)."""
    from programmes.notifications import settle

    from .reminders import subject_for

    settle([subject_for(team_id, month)])


# --- Allocation and caseload ------------------------------------------------------------------------------------


@transaction.atomic
def set_allocation_process(*, by, team: Team, process: str) -> TeamAllocation:
    found = TeamAllocation.objects.select_for_update().filter(team=team).first()
    record = found or TeamAllocation(team=team)
    record.process = process
    return _save(record, by=by)


@transaction.atomic
def record_caseload(
    *,
    by,
    peer: Peer,
    agreed_on: datetime.date,
    caseload: int,
    capacity: int,
    supervision_session: SupervisionSession | None = None,
    placement: Placement | None = None,
) -> CaseloadAgreement:
    """Record the caseload and capacity agreed with `peer` in supervision (for the placement current on the day,
    unless given). A caseload above capacity is recorded (it is the fact) and shown as a warning."""
    errors: dict[str, list[str]] = {}
    if placement is None:
        placement = (
            current_placements(Placement.objects.filter(peer=peer), agreed_on).order_by("start_date", "pk").first()
            if agreed_on
            else None
        )
    if placement is None:
        errors["agreed_on"] = ["The peer has no placement on this day: choose a day they were in post."]
    elif placement.peer_id != peer.pk:
        errors["placement"] = ["Choose one of this peer's placements."]
    if agreed_on and agreed_on > timezone.localdate():
        errors["agreed_on"] = ["Choose today or an earlier day: it is agreed in a supervision held already."]
    if supervision_session is not None and not supervision_session.attendances.filter(peer=peer).exists():
        errors["supervision_session"] = ["Choose a supervision session this peer attended."]
    if errors:
        raise ValidationError(errors)
    return _save(
        CaseloadAgreement(
            placement=placement,
            agreed_on=agreed_on,
            caseload=caseload,
            capacity=capacity,
            supervision_session=supervision_session,
            recorded_by=by if getattr(by, "is_authenticated", False) else None,
        ),
        by=by,
    )
