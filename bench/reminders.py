"""Time the daily reminder run for 5,000 employed peers: `python bench/reminders.py [--peers 5000] [--runs 5]`.

Builds a scratch PostgreSQL database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/peersupport_bench,
dropped and created afresh) with one trust, 100 teams, the given number of peers in post with placements
started over the last three years, a year of weekly peer and monthly managerial supervision for each, a
Wellness Action Plan each (a fifth shared with the line manager, review dates spread over two months), their
3-month, 6-month and annual reviews, and an induction plan for those who started in the last six weeks.
Then runs `workforce.reminders.run` as the daily job does: the first run (which creates the day's
notifications), the same day again (creates nothing), and the next days. Prints each median; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/peersupport_bench"
TODAY = datetime.date(2026, 11, 23)


def fresh_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def build(peers_wanted: int) -> None:
    from dateutil.relativedelta import relativedelta
    from django.contrib.auth import get_user_model

    from programmes.models import Peer, Post, Programme, StaffRole, Team, Trust
    from workforce.models import (
        EmploymentReview,
        EmploymentSettings,
        InductionItem,
        InductionPlan,
        Placement,
        SupervisionAttendance,
        SupervisionKind,
        SupervisionSession,
        WellnessActionPlan,
    )

    User = get_user_model()
    trust = Trust.objects.create(name="Benchmark Trust", ods_code="BEN")
    lead = User.objects.create(username="lead", email="lead@example.org")
    programme = Programme.objects.create(
        trust=trust,
        name="Benchmark programme",
        training_model=Programme.TrainingModel.PLACE_AND_TRAIN,
        target_peer_share=Decimal("20"),
        start_date=datetime.date(2022, 1, 1),
        lead=lead,
    )
    EmploymentSettings.objects.create(programme=programme)
    StaffRole.objects.create(user=lead, trust=trust, role=StaffRole.Role.PEER_LEAD)
    teams = Team.objects.bulk_create(
        Team(trust=trust, name=f"Team {i:03}", service_type=Team.ServiceType.CMHT) for i in range(100)
    )
    managers = User.objects.bulk_create(
        User(username=f"manager{i:03}", email=f"manager{i:03}@example.org") for i in range(len(teams))
    )
    supervisors = User.objects.bulk_create(
        User(username=f"supervisor{i:03}", email=f"supervisor{i:03}@example.org") for i in range(len(teams))
    )
    StaffRole.objects.bulk_create(
        [
            StaffRole(user=m, trust=trust, team=t, role=StaffRole.Role.LINE_MANAGER)
            for m, t in zip(managers, teams, strict=True)
        ]
        + [
            StaffRole(user=s, trust=trust, team=t, role=StaffRole.Role.SUPERVISOR)
            for s, t in zip(supervisors, teams, strict=True)
        ]
    )
    peer_users = User.objects.bulk_create(
        User(username=f"peer{i:05}", email=f"peer{i:05}@example.org") for i in range(peers_wanted)
    )
    peers = Peer.objects.bulk_create(
        Peer(trust=trust, full_name=f"Peer {i:05}", user=user) for i, user in enumerate(peer_users)
    )
    posts = Post.objects.bulk_create(
        Post(team=teams[i % len(teams)], title="Peer Support Worker", band=3, hours=Decimal("30"), holder=peer)
        for i, peer in enumerate(peers)
    )
    placements = Placement.objects.bulk_create(
        Placement(
            peer=peer,
            post=post,
            start_date=TODAY - datetime.timedelta(days=(i * 7) % 1095 + 1),
            hours=Decimal("30"),
            match_reasons="Skills the team asked for.",
            line_manager=managers[i % len(teams)],
            peer_supervisor=supervisors[i % len(teams)],
            mentor=managers[i % len(teams)],
        )
        for i, (peer, post) in enumerate(zip(peers, posts, strict=True))
    )
    reviews = []
    for placement in placements:
        for kind, months in EmploymentReview.MONTHS_AFTER_START.items():
            due = placement.start_date + relativedelta(months=months)
            held = due if due < TODAY - datetime.timedelta(days=10) else None
            reviews.append(EmploymentReview(placement=placement, kind=kind, due_on=due, held_on=held))
    EmploymentReview.objects.bulk_create(reviews, batch_size=5000)
    WellnessActionPlan.objects.bulk_create(
        (
            WellnessActionPlan(
                peer=peer,
                approaches="A walk at lunchtime.",
                review_on=TODAY + datetime.timedelta(days=(i % 60) - 20),
                shared_with_line_manager=i % 5 == 0,
                # Sharing names people: the line manager named on the placement when the peer shared the plan.
                line_manager_shared_with=placements[i].line_manager if i % 5 == 0 else None,
            )
            for i, peer in enumerate(peers)
        ),
        batch_size=5000,
    )
    recent = [p for p in placements if (TODAY - p.start_date).days <= 42]
    plans = InductionPlan.objects.bulk_create(InductionPlan(placement=p, mentor=p.mentor) for p in recent)
    InductionItem.objects.bulk_create(
        InductionItem(
            plan=plan,
            section="timetable",
            week=week,
            order=week,
            title=f"Week {week}",
            due_on=plan.placement.start_date + datetime.timedelta(days=7 * week - 1),
        )
        for plan in plans
        for week in range(1, 5)
    )
    # A year of supervision: monthly managerial (individual) and weekly peer supervision in groups of five.
    sessions, attendees = [], []
    for i, placement in enumerate(placements):
        for month in range(12):
            day = TODAY - datetime.timedelta(days=30 * month + (i % 40))
            if day >= placement.start_date:
                sessions.append(
                    SupervisionSession(kind=SupervisionKind.MANAGERIAL, date=day, supervisor=placement.line_manager)
                )
                attendees.append([placement.peer])
    for team_i in range(len(teams)):
        group = placements[team_i :: len(teams)]
        for start in range(0, len(group), 5):
            members = group[start : start + 5]
            for week in range(52):
                day = TODAY - datetime.timedelta(days=7 * week + team_i % 9)
                present = [p.peer for p in members if p.start_date <= day]
                if present:
                    sessions.append(
                        SupervisionSession(
                            kind=SupervisionKind.PEER,
                            format=SupervisionSession.Format.GROUP,
                            date=day,
                            supervisor=supervisors[team_i],
                        )
                    )
                    attendees.append(present)
    sessions = SupervisionSession.objects.bulk_create(sessions, batch_size=5000)
    SupervisionAttendance.objects.bulk_create(
        (
            SupervisionAttendance(session=s, peer=p)
            for s, present in zip(sessions, attendees, strict=True)
            for p in present
        ),
        batch_size=10000,
    )
    print(
        f"data: {len(peers):,} peers in {len(teams)} teams, {len(sessions):,} supervision sessions, "
        f"{SupervisionAttendance.objects.count():,} attendances, {len(reviews):,} reviews, "
        f"{len(plans):,} induction plans"
    )


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peers", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        sys.exit("This benchmark runs on PostgreSQL: set DATABASE_URL=postgres://...")
    fresh_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    from programmes.models import Notification
    from workforce import reminders

    call_command("migrate", verbosity=0)
    seconds, _ = timed(build, args.peers)
    print(f"built in {seconds:.1f} s")

    first, created = timed(reminders.run, TODAY)
    again = [timed(reminders.run, TODAY)[0] for _ in range(args.runs)]
    next_days = []
    for day in range(1, args.runs + 1):
        seconds, _ = timed(reminders.run, TODAY + datetime.timedelta(days=day))
        next_days.append(seconds)
    print(f"{'measure':<58}{'median':>10}{'fastest':>10}{'slowest':>10}")
    print(f"{'first run of the day (creates the notifications) (ms)':<58}{first * 1000:>10.0f}{'':>10}{'':>10}")
    for label, times in (
        ("the same day again: nothing new (ms)", again),
        ("each following day (ms)", next_days),
    ):
        print(
            f"{label:<58}{statistics.median(times) * 1000:>10.0f}{min(times) * 1000:>10.0f}{max(times) * 1000:>10.0f}"
        )
    print(
        f"peers: {args.peers:,}; first run created {sum(created.values()):,} notifications "
        f"({', '.join(f'{k}: {v:,}' for k, v in created.items())}); "
        f"{Notification.objects.count():,} in all after {args.runs} more days; target under 5 s"
    )


if __name__ == "__main__":
    main()
