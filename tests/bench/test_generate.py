"""The scale-data generator (bench/generate.py) at a tiny scale, on the test database: what it makes, that
the data keeps the rules a real trust's would, and that every page bench/run.py times opens for its user.
No timings here: bench/run.py prints those."""

from __future__ import annotations

import dataclasses
import datetime
import importlib.util
import sys
from pathlib import Path

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import Count, F, Max, Min, OuterRef, Subquery
from django.urls import reverse

from development.models import TrainingRecord
from programmes.models import Peer, Post, StaffRole, Team, Trust
from recruitment.models import Application, StageTransition, Vacancy
from tests.conftest import need
from workforce import reminders
from workforce.models import (
    AbsenceEpisode,
    EmploymentReview,
    InductionPlan,
    Placement,
    SupervisionAttendance,
    SupervisionKind,
    SupervisionSession,
    WellnessActionPlan,
)

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load(name: str):
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generate = _load("generate")
bench_run = _load("run")
TODAY = generate.TODAY
TINY = generate.Scale("tiny", trusts=2, teams=6, peers=24, years=5, group_size=4, applicants_per_vacancy=3)


@pytest.fixture
def made(db):
    need("PostgreSQL (the generator writes with COPY)", connection.vendor == "postgresql")
    before = {"trusts": Trust.objects.count(), "peers": Peer.objects.count()}
    counts = generate.generate(TINY, say=lambda *a: None)
    trusts = Trust.objects.filter(name__startswith="Bench NHS Foundation Trust")
    return counts, trusts, before


def test_it_makes_the_scale_asked_for_and_says_how_much(made):
    counts, trusts, before = made
    assert trusts.count() == counts["trusts"] == 2
    assert Trust.objects.count() == before["trusts"] + 2
    assert Team.objects.filter(trust__in=trusts).count() == counts["teams"] == 6
    placements = Placement.objects.filter(peer__trust__in=trusts)
    assert placements.count() == counts["placements"] == counts["peers_placed"] == 24
    assert Post.objects.filter(team__trust__in=trusts).count() == counts["posts"] == 24
    assert Post.objects.filter(team__trust__in=trusts, holder__isnull=True).count() == counts["posts_vacant"]
    # Every placement that ended says why (issue 18); fixed-term contracts and sickness absence are made too.
    assert placements.filter(end_date__isnull=False).exclude(leaving_reason="").count() == counts["leavers"]
    assert not placements.filter(end_date__isnull=True).exclude(leaving_reason="").exists()
    assert placements.filter(contract_end_date__isnull=False).count() == counts["fixed_term_contracts"]
    assert AbsenceEpisode.objects.filter(peer__trust__in=trusts).count() == counts["absence_episodes"] > 0
    assert Post.objects.filter(team__trust__in=trusts, hours__lt=37.5).exists(), "some posts are part time"
    sessions = SupervisionSession.objects.filter(attendances__peer__trust__in=trusts).distinct()
    assert sessions.count() == counts["supervision_sessions"] > 0
    assert SupervisionAttendance.objects.filter(peer__trust__in=trusts).count() == counts["supervision_attendances"]
    assert EmploymentReview.objects.filter(placement__in=placements).count() == counts["reviews"] > 0
    assert WellnessActionPlan.objects.filter(peer__trust__in=trusts).count() == counts["wellness_action_plans"] > 0
    assert TrainingRecord.objects.filter(peer__trust__in=trusts).count() == counts["training_records"] > 0
    assert Vacancy.objects.filter(post__team__trust__in=trusts).count() == counts["vacancies"] > 0
    assert Application.objects.filter(vacancy__post__team__trust__in=trusts).count() == counts["applications"]
    assert (
        StageTransition.objects.filter(application__applicant__trust__in=trusts).count() == counts["stage_transitions"]
    )
    assert Peer.objects.count() == before["peers"] + 24 + counts["applicants"] + counts["training_applications"]
    # Staff: a peer lead and HR per trust, a line manager and a supervisor per team, and the national lead.
    roles = StaffRole.objects.filter(trust__in=trusts)
    assert roles.filter(role=StaffRole.Role.PEER_LEAD).count() == 2 + 2
    assert roles.filter(role=StaffRole.Role.HR).count() == 2
    assert roles.filter(role=StaffRole.Role.LINE_MANAGER, team__isnull=False).count() == 6
    assert roles.filter(role=StaffRole.Role.SUPERVISOR, team__isnull=False).count() == 6
    assert {"lead-0", "hr-1", "manager-1-2", "supervisor-0-0", "peer-1-11", "lead-national"} <= set(
        roles.values_list("user__username", flat=True)
    ) | set(Peer.objects.filter(trust__in=trusts).values_list("user__username", flat=True))


def test_the_data_keeps_the_rules(made):
    _counts, trusts, _before = made
    window_start = TODAY - relativedelta(years=5)
    placements = Placement.objects.filter(peer__trust__in=trusts)
    # Each placement's post is in the peer's trust; a post is held only by a peer in post there.
    assert not placements.exclude(post__team__trust=F("peer__trust")).exists()
    assert not placements.filter(end_date__isnull=False, post__holder__isnull=False).exists()
    assert not placements.filter(end_date__isnull=True).exclude(post__holder=F("peer")).exists()
    # Supervision within the five years, attended only while in post; managerial is one-to-one.
    sessions = SupervisionSession.objects.filter(attendances__peer__trust__in=trusts)
    span = sessions.aggregate(first=Min("date"), last=Max("date"))
    assert window_start <= span["first"] and span["last"] <= TODAY
    for attendance in SupervisionAttendance.objects.filter(peer__trust__in=trusts).select_related("session"):
        placement = placements.get(peer_id=attendance.peer_id)
        assert placement.start_date <= attendance.session.date <= (placement.end_date or TODAY)
    managerial = sessions.filter(kind=SupervisionKind.MANAGERIAL).annotate(n=Count("attendances"))
    assert managerial.exists() and set(managerial.values_list("n", flat=True)) == {1}
    assert sessions.filter(kind=SupervisionKind.PEER, format="group").exists()
    # Every application's stage is where its last transition took it; filled vacancies have an appointee.
    last = StageTransition.objects.filter(application=OuterRef("pk")).order_by("-at", "-pk").values("to_stage")[:1]
    applications = Application.objects.filter(vacancy__post__team__trust__in=trusts).annotate(last=Subquery(last))
    assert not applications.exclude(stage=F("last")).exists()
    for vacancy in Vacancy.objects.filter(post__team__trust__in=trusts, status=Vacancy.Status.FILLED):
        assert vacancy.applications.filter(stage=Application.Stage.APPOINTED).count() == 1
    # Induction plans only for those who started in the last six weeks.
    for plan in InductionPlan.objects.filter(placement__in=placements).select_related("placement"):
        assert (TODAY - plan.placement.start_date).days <= 42
    assert not TrainingRecord.objects.filter(peer__trust__in=trusts, expires_on__lte=F("completed_on")).exists()


def test_a_scale_with_a_session_count_tops_the_schedule_up_to_exactly_that_many(db):
    need("PostgreSQL (the generator writes with COPY)", connection.vendor == "postgresql")
    topped = dataclasses.replace(TINY, sessions=4000)  # the regular schedule of TINY makes about 3,100
    counts = generate.generate(topped, say=lambda *a: None)
    trusts = Trust.objects.filter(name__startswith="Bench NHS Foundation Trust")
    sessions = SupervisionSession.objects.filter(attendances__peer__trust__in=trusts).distinct()
    assert counts["supervision_sessions"] == sessions.count() == 4000
    one_to_one = sessions.filter(kind=SupervisionKind.PEER, format="individual").annotate(n=Count("attendances"))
    assert one_to_one.exists() and set(one_to_one.values_list("n", flat=True)) == {1}
    placements = {p.peer_id: p for p in Placement.objects.filter(peer__trust__in=trusts)}
    for attendance in SupervisionAttendance.objects.filter(session__in=one_to_one).select_related("session"):
        placement = placements[attendance.peer_id]
        assert placement.start_date <= attendance.session.date <= (placement.end_date or TODAY)


def test_copy_rows_gives_the_ids_it_wrote(made):
    trust = Trust.objects.get(name="Bench NHS Foundation Trust 00")
    before = Team.objects.count()
    ids = generate.copy_rows(
        Team, ["trust_id", "name", "service_type"], [(trust.pk, f"Copied {i}", "cmht") for i in range(3)]
    )
    assert Team.objects.count() == before + 3
    assert list(Team.objects.filter(pk__in=ids).order_by("pk").values_list("name", flat=True)) == [
        "Copied 0",
        "Copied 1",
        "Copied 2",
    ]
    assert Team.objects.create(trust=trust, name="After", service_type="cmht").pk > max(ids)


@time_machine.travel(datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC), tick=False)
def test_every_page_run_py_times_opens_for_its_user(made):
    for page in bench_run.pages(national=True):
        client = bench_run.client_for(page.username)
        response = client.get(reverse(page.url_name, args=page.args))
        assert response.status_code == 200, page
        if page.floor:
            assert bench_run.raw_sql_of(client, reverse(page.url_name, args=page.args))
    post = bench_run.jd_post()
    response = bench_run.client_for("lead-0").get(reverse("programmes:post-jd-pdf", args=[post.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    created = reminders.run(TODAY)
    assert sum(created.values()) > 0
