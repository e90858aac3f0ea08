"""Outcomes records on top of the employment world (tests/workforce/world.py): the programme's evaluation plan with a
question, an outcome measure, a team return for October 2026 of Samira's team (w.team), and a caseload agreed for
Samira. Built with the models directly; the services are tested on their own."""

from __future__ import annotations

import datetime
from decimal import Decimal

from outcomes.models import CaseloadAgreement, EvaluationPlan, EvaluationQuestion, OutcomeMeasure, TeamReturn
from programmes.models import Programme

OCTOBER = datetime.date(2026, 10, 1)


def team_return(team, month=OCTOBER, **fields) -> TeamReturn:
    values = {
        "people_supported": 10,
        "contacts": 30,
        "groups_run": 2,
        "goals_agreed": 8,
        "goals_achieved": 5,
        "first_meetings": 3,
        "completed_with_review": 2,
    }
    values.update(fields)
    found, _ = TeamReturn.objects.get_or_create(team=team, month=month, defaults=values)
    return found


def plan_of(w) -> EvaluationPlan:
    programme = Programme.objects.filter(trust=w.trust).order_by("pk").first()
    plan, _ = EvaluationPlan.objects.get_or_create(programme=programme)
    return plan


def question_of(w) -> EvaluationQuestion:
    return EvaluationQuestion.objects.create(plan=plan_of(w), question="Do people feel more hopeful?", order=1)


def measure_of(w, slot=1) -> OutcomeMeasure:
    programme = Programme.objects.filter(trust=w.trust).order_by("pk").first()
    found, _ = OutcomeMeasure.objects.get_or_create(
        programme=programme,
        slot=slot,
        defaults={"name": "Hope score", "scale_low": Decimal("0"), "scale_high": Decimal("10")},
    )
    return found


def caseload_of(placement, *, caseload=8, capacity=10, on=datetime.date(2026, 11, 2)) -> CaseloadAgreement:
    return CaseloadAgreement.objects.create(placement=placement, agreed_on=on, caseload=caseload, capacity=capacity)
