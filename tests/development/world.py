"""A development world on top of the employment one (tests/workforce/world.py `workforce`):

- the pathway levels "psw" and "senior_psw" (w.level_psw, w.level_senior: those of the reference data,
  or made here if it is absent) and the peer worker's progression as a peer support worker since
  1 September 2026 (w.progression);
- a trust's own competency framework (w.framework: one domain, w.domain, with an Essential and an
  Enhanced descriptor, w.essential and w.enhanced), an assessment of the peer worker made by the
  supervisor in supervision (w.assessment) with the essential descriptor not yet demonstrated
  (w.gap_rating, target 1 March 2027) and the enhanced one demonstrated, and the development objective
  the gap became (w.gap_objective); the peer's own wish (w.own_objective);
- training: the peer worker's peer support training completed (w.training) and the colleague's
  mandatory e-learning expiring (w.colleague_training);
- workforce growth: Riverside's establishment (w.establishment: 20 staff, 17.5 WTE), a vacancy review
  (w.vacancy_review), a new service (w.new_service) and a system change contribution (w.contribution);
- the peer network: a meeting of Northshire's network the peer worker attended (w.network_meeting).

Built with the models directly; the services are tested on their own.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from development.models import (
    CareerLevel,
    CompetencyAssessment,
    CompetencyDescriptor,
    CompetencyDomain,
    CompetencyFramework,
    DescriptorRating,
    DevelopmentObjective,
    NewService,
    PeerNetworkAttendance,
    PeerNetworkMeeting,
    Progression,
    SystemChangeContribution,
    TeamEstablishment,
    TrainingRecord,
    VacancyReview,
)
from tests.shared_world import holds

START = datetime.date(2026, 9, 1)


def level(code: str, name: str, order: int) -> CareerLevel:
    return CareerLevel.objects.get_or_create(code=code, defaults={"name": name, "order": order})[0]


def make_development(world):
    """The development records, added to an employment world (`make_workforce`), which is returned."""
    w = world
    w.programme = w.trust.programmes.get()
    w.level_psw = level("psw", "Peer support worker", 1)
    w.level_senior = level("senior_psw", "Senior peer support worker", 2)
    w.progression = Progression.objects.create(peer=w.peer, level=w.level_psw, post=w.post, started_on=START)

    w.framework = CompetencyFramework.objects.create(name="Northshire peer competencies", trust=w.trust)
    w.domain = CompetencyDomain.objects.create(framework=w.framework, order=1, name="Effective Communication")
    w.essential = CompetencyDescriptor.objects.create(
        domain=w.domain, level="essential", order=1, text="Communicates effectively on the telephone."
    )
    w.enhanced = CompetencyDescriptor.objects.create(
        domain=w.domain, level="enhanced", order=1, text="Applies skills and techniques to resolve conflict."
    )
    w.assessment = CompetencyAssessment.objects.create(
        peer=w.peer,
        framework=w.framework,
        assessed_on=datetime.date(2026, 11, 4),
        assessed_by=w.supervisor,
        context=CompetencyAssessment.Context.SUPERVISION,
        supervision_session=w.group_session,
        summary="Warm and clear with the people she supports.",
    )
    w.gap_rating = DescriptorRating.objects.create(
        assessment=w.assessment,
        descriptor=w.essential,
        status=DescriptorRating.Status.NOT_YET,
        target_on=datetime.date(2027, 3, 1),
    )
    DescriptorRating.objects.create(
        assessment=w.assessment,
        descriptor=w.enhanced,
        status=DescriptorRating.Status.DEMONSTRATED,
        evidence="Calmed a disagreement in the Thursday group.",
    )
    w.gap_objective = DevelopmentObjective.objects.create(
        peer=w.peer,
        source=DevelopmentObjective.Source.COMPETENCY_GAP,
        text="Communicates effectively on the telephone.",
        descriptor=w.essential,
        rating=w.gap_rating,
        target_on=datetime.date(2027, 3, 1),
        created_on=datetime.date(2026, 11, 4),
    )
    w.own_objective = DevelopmentObjective.objects.create(
        peer=w.peer,
        source=DevelopmentObjective.Source.OWN_WISH,
        text="Co-deliver a recovery college course.",
        created_on=datetime.date(2026, 11, 10),
    )
    w.training = TrainingRecord.objects.create(
        peer=w.peer,
        category=TrainingRecord.Category.PEER_SUPPORT,
        title="Peer support worker training",
        provider="Northshire Recovery College",
        started_on=datetime.date(2026, 9, 14),
        completed_on=datetime.date(2026, 10, 30),
    )
    w.colleague_training = TrainingRecord.objects.create(
        peer=w.colleague,
        category=TrainingRecord.Category.MANDATORY,
        title="Safeguarding adults level 2",
        provider="MyESR",
        completed_on=datetime.date(2024, 1, 10),
        expires_on=datetime.date(2026, 12, 10),
    )
    w.establishment = TeamEstablishment.objects.create(
        team=w.team, as_of=datetime.date(2026, 10, 1), headcount=20, whole_time_equivalent=Decimal("17.5")
    )
    w.vacancy_review = VacancyReview.objects.create(
        programme=w.programme,
        team=w.team,
        vacancy="Support Time Recovery Worker",
        band=3,
        hours=Decimal("37.5"),
        considered_on=datetime.date(2026, 10, 20),
        decision=VacancyReview.Decision.CONVERT,
        reason="The team wants a second peer worker; the duties fit a peer role.",
        decided_by=w.peer_lead,
    )
    w.new_service = NewService.objects.create(
        programme=w.programme,
        name="Crisis cafe",
        starts_on=datetime.date(2027, 1, 4),
        includes_peer_posts=True,
        peer_posts=2,
    )
    w.contribution = SystemChangeContribution.objects.create(
        programme=w.programme,
        kind=SystemChangeContribution.Kind.RISK_DOCUMENTATION,
        title="Risk assessment form reviewed for recovery-focused language",
        description="Two peer workers reviewed the trust's risk assessment form with the safety team.",
        happened_on=datetime.date(2026, 10, 12),
    )
    w.contribution.peers.add(w.peer)
    w.network_meeting = PeerNetworkMeeting.objects.create(
        trust=w.trust,
        held_on=datetime.date(2026, 11, 18),
        place="Online",
        themes="Using our own stories well; keeping well through the winter.",
        facilitated_by=w.peer_lead,
    )
    PeerNetworkAttendance.objects.create(meeting=w.network_meeting, peer=w.peer)
    return w


@pytest.fixture
def development(request, workforce):
    """`workforce` with the development records added (already there in a module marked
    `shared_world("development")`: tests/shared_world.py)."""
    return workforce if holds(request, "development") else make_development(workforce)
