"""Time the daily reminder run for 5,000 employed peers:
`python bench/reminders.py [--peers 5000] [--trusts 1] [--runs 5] [--workers 0|2|0,1,2]`.

Builds a scratch PostgreSQL database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/peersupport_bench,
dropped and created afresh) with one trust (or --trusts, the 100 teams shared out between them), 100 teams, the
given number of peers in post with placements started over the last three years, a year of weekly peer and monthly
managerial supervision for each, a Wellness Action Plan each (a fifth shared with the line manager, review dates
spread over two months), their 3-month, 6-month and annual reviews, and an induction plan for those who started in
the last six weeks. Then runs the day's reminders: the first run (which creates the day's notifications), the same
day again (creates nothing), and the next days. Prints each median; asserts nothing.

Without --workers, `workforce.reminders.run` over everyone in this process. With --workers W, the daily task as beat
queues it (`workforce.tasks.run_daily_reminders`, fanned out in parts of REMINDER_PEERS_PER_PART peers in post),
timed from queueing to its final step, on W Celery worker processes of one pool process each that the script
starts (and ends) on a redis-server of its own (or --broker).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import shutil
import signal
import socket
import statistics
import subprocess  # redis-server and celery workers, fixed commands without a shell  # nosec B404
import sys
import tempfile
import time
from collections.abc import Iterator
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


def build(peers_wanted: int, trusts_wanted: int = 1) -> None:
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
    # The 100 teams are shared out between the trusts (team i in trust i % trusts), and each peer is of their
    # team's trust.
    trusts = []
    for t in range(trusts_wanted):
        trust = Trust.objects.create(name=f"Benchmark Trust {t:03}", ods_code=f"BEN{t:03}")
        lead = User.objects.create(username=f"lead{t:03}", email=f"lead{t:03}@example.org")
        programme = Programme.objects.create(
            trust=trust,
            name=f"Benchmark programme {t:03}",
            training_model=Programme.TrainingModel.PLACE_AND_TRAIN,
            target_peer_share=Decimal("20"),
            start_date=datetime.date(2022, 1, 1),
            lead=lead,
        )
        EmploymentSettings.objects.create(programme=programme)
        StaffRole.objects.create(user=lead, trust=trust, role=StaffRole.Role.PEER_LEAD)
        trusts.append(trust)
    teams = Team.objects.bulk_create(
        Team(trust=trusts[i % len(trusts)], name=f"Team {i:03}", service_type=Team.ServiceType.CMHT)
        for i in range(max(100, len(trusts)))
    )
    managers = User.objects.bulk_create(
        User(username=f"manager{i:03}", email=f"manager{i:03}@example.org") for i in range(len(teams))
    )
    supervisors = User.objects.bulk_create(
        User(username=f"supervisor{i:03}", email=f"supervisor{i:03}@example.org") for i in range(len(teams))
    )
    StaffRole.objects.bulk_create(
        [
            StaffRole(user=m, trust=t.trust, team=t, role=StaffRole.Role.LINE_MANAGER)
            for m, t in zip(managers, teams, strict=True)
        ]
        + [
            StaffRole(user=s, trust=t.trust, team=t, role=StaffRole.Role.SUPERVISOR)
            for s, t in zip(supervisors, teams, strict=True)
        ]
    )
    peer_users = User.objects.bulk_create(
        User(username=f"peer{i:05}", email=f"peer{i:05}@example.org") for i in range(peers_wanted)
    )
    peers = Peer.objects.bulk_create(
        Peer(trust=teams[i % len(teams)].trust, full_name=f"Peer {i:05}", user=user)
        for i, user in enumerate(peer_users)
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
    from workforce.supervision_summary import rebuild_summary

    rebuild_summary()  # written in bulk, past the supervision services that keep the summary
    print(
        f"data: {len(peers):,} peers in {len(teams)} teams of {len(trusts)} trust(s), "
        f"{len(sessions):,} supervision sessions, "
        f"{SupervisionAttendance.objects.count():,} attendances, {len(reviews):,} reviews, "
        f"{len(plans):,} induction plans"
    )


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def private_redis() -> Iterator[str]:
    """A redis-server of the benchmark's own on a free port, nothing saved to disk; its URL."""
    server = shutil.which("redis-server")
    if not server:
        sys.exit("--workers needs redis-server on the PATH, or --broker redis://...")
    port = free_port()
    process = subprocess.Popen(  # noqa: S603  # fixed command, no shell  # nosec B603
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextlib.contextmanager
def worker_processes(count: int, broker: str, log: Path) -> Iterator[None]:
    """`count` Celery worker processes (one pool process each, as on `count` machines) on `broker`, the database
    of the benchmark and production settings; ended (SIGTERM, then SIGKILL) afterwards."""
    from peersupport.celery import worker_argv  # after BASE_DIR is on sys.path

    env = {
        **os.environ,
        "CELERY_BROKER_URL": broker,
        "DEBUG": "false",  # no query log in the workers
        "ALLOWED_HOSTS": "localhost",
        "SECURE_HTTPS": "false",
        "DATABASE_STATEMENT_TIMEOUT": "0",
    }
    env.pop("CELERY_RESULT_BACKEND", None)  # the broker's Redis (settings)
    processes = [
        subprocess.Popen(  # noqa: S603  # fixed command, no shell  # nosec B603
            worker_argv(f"bench{i}@%h", "WARNING"),
            cwd=BASE_DIR,
            env=env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for i in range(count)
    ]
    try:
        yield
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def wait_for_workers(count: int, timeout: float = 120) -> None:
    from peersupport.celery import app

    deadline = time.monotonic() + timeout
    while len(app.control.ping(timeout=1.0)) < count:
        if time.monotonic() > deadline:
            sys.exit(f"{count} worker(s) did not answer within {timeout:.0f} s")


def print_table(first: float, again: list[float], next_days: list[float]) -> None:
    print(f"{'measure':<58}{'median':>10}{'fastest':>10}{'slowest':>10}")
    print(f"{'first run of the day (creates the notifications) (ms)':<58}{first * 1000:>10.0f}{'':>10}{'':>10}")
    for label, times in (
        ("the same day again: nothing new (ms)", again),
        ("each following day (ms)", next_days),
    ):
        print(
            f"{label:<58}{statistics.median(times) * 1000:>10.0f}{min(times) * 1000:>10.0f}{max(times) * 1000:>10.0f}"
        )


def worker_counts(text: str) -> list[int]:
    counts = [int(part) for part in text.split(",") if part.strip()]
    if not counts or min(counts) < 0:
        raise argparse.ArgumentTypeError("give worker counts of 0 or more, e.g. 2 or 0,1,2")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peers", type=int, default=5000)
    parser.add_argument("--trusts", type=int, default=1, help="trusts the 100 teams are shared out between")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--workers",
        type=worker_counts,
        default=[0],
        help="Celery worker processes to fan the run out to (0: the whole run in this process, as before); a list "
        "such as 0,1,2 times each in turn on the same data, the notifications deleted in between",
    )
    parser.add_argument("--broker", help="Redis for --workers (default: a redis-server of the benchmark's own)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds one fanned-out run may take")
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        sys.exit("This benchmark runs on PostgreSQL: set DATABASE_URL=postgres://...")
    with contextlib.ExitStack() as stack:
        broker = None
        if max(args.workers):
            broker = args.broker or stack.enter_context(private_redis())
            # This process queues the run and waits for its result on the same Redis (settings: the result backend
            # is the broker's unless set).
            os.environ["CELERY_BROKER_URL"] = broker
            os.environ.pop("CELERY_RESULT_BACKEND", None)
        fresh_database(os.environ["DATABASE_URL"])
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        seconds, _ = timed(build, args.peers, args.trusts)
        print(f"built in {seconds:.1f} s")
        for workers in args.workers:
            measure(args, workers, broker)


def measure(args, workers: int, broker: str | None) -> None:
    """The first run of the day, the same day again and the following days, with `workers` worker processes (0: in
    this process), from no notifications."""
    from programmes.models import Notification
    from workforce import reminders, tasks
    from workforce.models import ReminderRun

    Notification.objects.all().delete()
    ReminderRun.objects.all().delete()
    with contextlib.ExitStack() as stack:
        if workers:
            log = Path(tempfile.mkstemp(prefix="bench-reminders-workers-", suffix=".log")[1])
            stack.enter_context(worker_processes(workers, broker, log))
            wait_for_workers(workers)
            parts = len(reminders.parts(TODAY))
            print(f"\n{workers} worker process(es) on {broker}; {parts} parts; worker log {log}")

            def run(day: datetime.date) -> dict:
                return tasks.run_daily_reminders.apply_async((day.isoformat(),)).get(timeout=args.timeout)
        else:
            print("\nin this process")

            def run(day: datetime.date) -> dict:
                return reminders.run(day)

        first, created = timed(run, TODAY)
        again = [timed(run, TODAY)[0] for _ in range(args.runs)]
        next_days = [timed(run, TODAY + datetime.timedelta(days=day))[0] for day in range(1, args.runs + 1)]
    print_table(first, again, next_days)
    how = f"fanned out to {workers} worker process(es)" if workers else "in this process"
    print(
        f"peers: {args.peers:,} in {args.trusts} trust(s), run {how}; first run created "
        f"{sum(created.values()):,} notifications ({', '.join(f'{k}: {v:,}' for k, v in created.items())}); "
        f"{Notification.objects.count():,} in all after {args.runs} more days; target under 5 s"
    )


if __name__ == "__main__":
    main()
