"""A load test on the trust-scale data: `python bench/load.py [--users 50] [--run-time 60] [--database URL]`.

Run `python bench/generate.py --scale trust --database postgres://.../peersupport_load` first. This starts
gunicorn (4 workers, DEBUG off, a throw-away secret key, loopback only) on that database, then locust
headless (`bench/load_users.py`): `--users` people in a mix of roles (peer support lead, HR, line managers,
supervisors, peers) sign in and browse lists, dashboards and detail pages and save forms with their CSRF
token, for `--run-time` seconds. It prints p50, p95 and the slowest time and the errors per request kind,
then stops gunicorn. The target is p95 under 300 ms for everything but signing in (a password hash is slow
on purpose) and no errors; the exit status is 1 when it is missed.
Not a test: the figures depend on the machine (it prints what it ran on).
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import secrets
import signal
import socket
import subprocess  # gunicorn and locust, fixed commands without a shell  # nosec B404
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _setup import BASE_DIR, configure, machine_speed  # noqa: E402
from generate import PASSWORD  # noqa: E402

DATABASE = "postgres://postgres@127.0.0.1:5432/peersupport_load"
BIN = Path(sys.executable).parent
TARGET_P95_MS = 300


def plan(sample: int = 40) -> dict:
    """The accounts of the first trust per role and the records each may open, read once before the run."""
    from django.db.models import Max

    from programmes.models import StaffRole, Trust
    from workforce.models import Placement, SupervisionSession, WellnessActionPlan

    trust = Trust.objects.order_by("pk").first()
    if trust is None:
        sys.exit("No data: run `python bench/generate.py --scale trust --database ...` first.")
    current = Placement.objects.filter(post__team__trust=trust, end_date__isnull=True)
    peers = list(current.order_by("peer_id").values_list("peer_id", flat=True)[:sample])
    roles = StaffRole.objects.filter(trust=trust).select_related("user").order_by("pk")
    Role = StaffRole.Role

    def usernames(role):
        return [(r.user.username, r.user_id, r.team_id) for r in roles if r.role == role]

    managers = []
    for username, _, team_id in usernames(Role.LINE_MANAGER):
        team_peers = list(current.filter(post__team_id=team_id).values_list("peer_id", flat=True)[:sample])
        if team_peers:
            managers.append({"username": username, "peers": team_peers})
    supervisors = []
    for username, user_id, _ in usernames(Role.SUPERVISOR):
        sessions = list(
            SupervisionSession.objects.filter(supervisor_id=user_id)
            .order_by("-date", "-pk")
            .values_list("pk", flat=True)[:sample]
        )
        if sessions:
            supervisors.append({"username": username, "sessions": sessions})
    placed_peers = []
    latest_plans = (
        WellnessActionPlan.objects.filter(peer__in=current.values("peer_id"), peer__user__isnull=False)
        .values("peer_id", "peer__user__username")
        .annotate(wap=Max("pk"))
        .order_by("peer_id")[: sample * 5]
    )
    for row in latest_plans:
        placed_peers.append({"username": row["peer__user__username"], "peer": row["peer_id"], "wap": row["wap"]})
    placements = list(current.order_by("pk").values_list("pk", flat=True)[:sample])
    return {
        "password": PASSWORD,
        "roles": {
            "peer_lead": [{"username": u, "peers": peers} for u, _, _ in usernames(Role.PEER_LEAD)],
            "hr": [{"username": u, "placements": placements} for u, _, _ in usernames(Role.HR)],
            "line_manager": managers,
            "supervisor": supervisors,
            "peer": placed_peers,
        },
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(database: str, port: int, workers: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "DJANGO_", "EMAIL_"))}
    env.update(
        DATABASE_URL=database,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_HTTPS="false",
        STATIC_MANIFEST="false",
        CONN_MAX_AGE="60",  # persistent connections, as production would run
        REDIS_URL=os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/13"),  # the shared cache
    )
    command = [
        str(BIN / "gunicorn"),
        "peersupport.wsgi",
        f"--workers={workers}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
        "--timeout=60",
    ]
    server = subprocess.Popen(command, cwd=BASE_DIR, env=env)  # fixed command, no shell  # nosec B603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped at start-up (exit status {server.returncode})")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/accounts/login/")
            if connection.getresponse().status == 200:
                return server
        except (OSError, http.client.HTTPException):
            pass  # not listening yet
        finally:
            connection.close()
        time.sleep(0.5)
    stop(server)
    sys.exit("gunicorn did not answer within 60 s")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} CPUs ({model}); load average before the run {load}; {machine_speed()}"


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share 0.95 = p95) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def report(times: list[tuple[str, float, bool]]) -> tuple[list[list[str]], bool]:
    """A row per request kind, then all requests, then all but signing in (hashing a password is slow on
    purpose); the target applies to the last."""
    kinds: dict[str, list[tuple[float, bool]]] = {}
    for name, ms, failed in times:
        kinds.setdefault(name, []).append((ms, failed))
    groups = sorted(kinds.items())
    groups.append(("all requests", [t for _, ts in groups for t in ts]))
    browsing = [t for name, ts in kinds.items() if not name.endswith(" login") for t in ts]
    groups.append(("all but signing in", browsing))
    rows = []
    for name, ts in groups:
        ms = [m for m, _ in ts] or [0.0]
        errors = sum(failed for _, failed in ts)
        rows.append(
            [
                name,
                str(len(ts)),
                str(errors),
                *(f"{v:.0f}" for v in (percentile(ms, 0.5), percentile(ms, 0.95), max(ms))),
            ]
        )
    met = bool(browsing) and percentile([m for m, _ in browsing], 0.95) < TARGET_P95_MS
    met = met and not any(failed for _, _, failed in times)
    return rows, met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--users", type=int, default=50)
    # Sign-ins spread out: each hashes a password (PBKDF2, about 0.3-0.7 s of CPU), as real people arrive.
    parser.add_argument("--spawn-rate", type=float, default=2, help="users started per second")
    parser.add_argument("--run-time", type=int, default=60, help="seconds")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    args = parser.parse_args()
    if not 1 <= args.users <= 500 or not 1 <= args.run_time <= 1800:
        sys.exit("Keep it bounded: 1-500 users, 1-1800 seconds.")

    configure(args.database)
    print(f"Machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="peersupport-load-") as scratch:
        plan_file = Path(scratch) / "plan.json"
        plan_file.write_text(json.dumps(plan()), encoding="utf-8")
        port = free_port()
        server = start_gunicorn(args.database, port, args.workers)
        prefix = Path(scratch) / "locust"
        try:
            print(f"gunicorn: {args.workers} workers on 127.0.0.1:{port}; {args.users} users for {args.run_time} s")
            subprocess.run(  # fixed command, no shell  # nosec B603
                [
                    str(BIN / "locust"),
                    f"--locustfile={Path(__file__).with_name('load_users.py')}",
                    "--headless",
                    f"--users={args.users}",
                    f"--spawn-rate={args.spawn_rate}",
                    f"--run-time={args.run_time}s",
                    f"--host=http://127.0.0.1:{port}",
                    f"--csv={prefix}",
                    "--only-summary",
                    "--stop-timeout=10",
                    "--loglevel=WARNING",
                ],
                env={**os.environ, "LOAD_PLAN": str(plan_file), "LOAD_TIMES": str(Path(scratch) / "times.json")},
                check=False,  # locust exits 1 on failures; they are reported below
                timeout=args.run_time + 120,
            )
        finally:
            stop(server)
        times_file = Path(scratch) / "times.json"
        rows, met = report(json.loads(times_file.read_text(encoding="utf-8")) if times_file.exists() else [])
        failures = Path(f"{prefix}_failures.csv").read_text(encoding="utf-8").strip().splitlines()[1:]
    print()
    print("| Request | Count | Errors | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    for line in failures:
        print(f"error: {line}")
    print(f"\nTarget (p95 under {TARGET_P95_MS} ms but signing in, no errors): {'met' if met else 'NOT met'}")
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
