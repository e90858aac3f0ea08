"""The demo `make seed` builds tells the ImROC guide's story (issue 17), and this test keeps it so: peer supervision
from the senior peer worker; each line manager over their own team; teams prepared and trained in recovery-focused
practice before peers are placed, except the one left unprepared on purpose, whose placement warns; a 2025 cohort
completed and graduated beside a current one; recruitment moves spread over weeks, feedback after the decision; no
objective listed twice in a plan; Wellness Action Plans for most peers, one shared with nobody. The demo is built once
for the module, on a fixed day, and rolled back at the end."""

from __future__ import annotations

import datetime
import io
import zoneinfo
from collections import Counter

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from development.models import DevelopmentObjective, TrainingRecord
from programmes.models import CohortEnrolment, Peer, Post, StaffRole, TeamPreparationSession, TrainingCohort
from programmes.selectors import TeamReadiness, peer_worker_user_ids, readiness_of_team
from recruitment import selectors as recruitment_selectors
from recruitment.models import Application, CandidateSupport, StageTransition
from workforce import selectors as workforce_selectors
from workforce.models import Placement, ReviewObjective, SupervisionKind, SupervisionSession, WellnessActionPlan

DAY = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
TODAY = DAY.date()
TRUST = "ZZ1"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, as `make seed` builds it: once for the module, then rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(DAY, tick=False):
            for command in ("seed_demo", "seed_recruitment_demo", "seed_workforce_demo", "seed_development_demo"):
                call_command(command, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def placements(demo, db):
    with time_machine.travel(DAY, tick=False):
        yield list(
            Placement.objects.filter(peer__trust__ods_code=TRUST, end_date__isnull=True).select_related(
                "peer", "post__team", "line_manager", "peer_supervisor", "mentor"
            )
        )


def test_peer_supervision_comes_from_the_senior_peer_worker(placements):
    senior = Post.objects.get(team__trust__ods_code=TRUST, career_level=Post.CareerLevel.SENIOR_PEER_SUPPORT_WORKER)
    assert senior.holder.user is not None
    peer_workers = peer_worker_user_ids(p.peer_supervisor_id for p in placements)
    for placement in placements:
        # Every peer's peer supervisor is a peer worker; all but the senior peer's own is the senior peer.
        assert placement.peer_supervisor_id in peer_workers, placement.peer.full_name
        assert workforce_selectors.peer_supervisor_warning(placement.peer_supervisor) == ""
        if placement.peer_id != senior.holder_id:
            assert placement.peer_supervisor_id == senior.holder.user_id, placement.peer.full_name
        else:
            assert placement.peer_supervisor_id != senior.holder.user_id  # nobody supervises themselves
    sessions = SupervisionSession.objects.filter(kind=SupervisionKind.PEER, attendances__peer__trust__ods_code=TRUST)
    assert sessions.exists()
    assert set(sessions.values_list("supervisor_id", flat=True)) <= peer_workers
    assert not sessions.filter(attendances__peer__user=senior.holder.user, supervisor=senior.holder.user).exists()


def test_each_line_manager_manages_and_mentors_in_their_own_team(placements):
    teams_of = Counter()
    for placement in placements:
        team = placement.post.team
        assert StaffRole.objects.filter(
            user=placement.line_manager, team=team, role=StaffRole.Role.LINE_MANAGER
        ).exists(), placement.peer.full_name
        assert placement.mentor_id == placement.line_manager_id, placement.peer.full_name
        teams_of[placement.line_manager_id, team.pk] += 1
    managers = Counter(manager for manager, _team in teams_of)
    assert max(managers.values()) == 1  # nobody manages peers in two teams
    assert len({p.post.team_id for p in placements}) == len(managers)


def test_teams_are_prepared_before_peers_are_placed_except_one_which_warns(placements):
    unprepared = []
    for placement in placements:
        team = placement.post.team
        if readiness_of_team(team).readiness == TeamReadiness.READY:
            first = TeamPreparationSession.objects.filter(team=team).order_by("held_on").first()
            assert team.recovery_training_done and first.held_on <= placement.start_date, team.name
        else:
            unprepared.append(placement)
    assert [p.post.team.name for p in unprepared] == ["Oak Ward"]
    warnings = workforce_selectors.placement_warnings(unprepared[0].post, unprepared[0].peer)
    assert any("Oak Ward is not marked ready for peer workers" in w for w in warnings), warnings


def test_a_2025_cohort_completed_and_graduated_beside_a_current_one(demo, db):
    cohorts = TrainingCohort.objects.filter(programme__trust__ods_code=TRUST)
    done = cohorts.get(starts_on__year=2025)
    enrolments = list(done.enrolments.all())
    assert enrolments and all(
        e.status == CohortEnrolment.Status.COMPLETED and e.assessment_result == "passed" and e.graduated_on
        for e in enrolments
    )
    current = cohorts.get(starts_on__lte=TODAY, ends_on__gte=TODAY)
    assert current.enrolments.filter(status=CohortEnrolment.Status.ENROLLED).count() >= 2


def test_recruitment_moves_spread_over_weeks_and_feedback_follows_the_decision(demo, db):
    applications = Application.objects.filter(vacancy__post__team__trust__ods_code=TRUST)
    for application in applications:
        times = list(application.transitions.order_by("pk").values_list("at", flat=True))
        assert times == sorted(times), application
        assert times[0].date() == application.applied_on
        assert application.stage_changed_at == times[-1]
    moments = StageTransition.objects.filter(application__in=applications).values_list("at", flat=True)
    assert len({at.date() for at in moments}) >= 8  # not every move in the same minute
    funnel = recruitment_selectors.funnel(applications)
    medians = [s.median_days for s in funnel.stages if s.median_days is not None]
    assert medians and all(median >= 1 for median in medians), funnel.stages
    supports = CandidateSupport.objects.filter(application__in=applications, feedback_given_on__isnull=False)
    assert supports.exists()
    for support in supports:
        decided = support.application.transitions.order_by("-at").first().at.date()
        assert support.feedback_given_on >= decided, support.application
        assert support.meeting_held_on is None or support.meeting_held_on >= decided


def test_no_plan_lists_an_objective_twice_nor_an_open_one_already_done(demo, db):
    for peer in Peer.objects.filter(trust__ods_code=TRUST):
        open_texts = [
            *DevelopmentObjective.objects.filter(peer=peer, status__in=["open", "in_progress"]).values_list(
                "text", flat=True
            ),
            *ReviewObjective.objects.filter(review__placement__peer=peer, status="open").values_list("text", flat=True),
        ]
        words = [workforce_selectors.objective_words(t) for t in open_texts]
        assert len(words) == len(set(words)), (peer.full_name, open_texts)
        trained = TrainingRecord.objects.filter(peer=peer, category="imroc", completed_on__isnull=False).exists()
        if trained:
            assert not any("imroc" in w for w in words), (peer.full_name, open_texts)


def test_most_peers_have_a_wellness_action_plan_and_one_keeps_it_to_themselves(placements):
    peers = [p.peer for p in placements]
    plans = list(WellnessActionPlan.objects.filter(peer__in=peers))
    assert len(plans) >= len(peers) - 1 and len(plans) > len(peers) / 2
    unshared = [p for p in plans if not (p.shared_with_line_manager or p.shared_with_supervisor or p.shared_with_hr)]
    assert len(unshared) == 1
