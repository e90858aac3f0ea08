"""The CPU each page of the load mix costs, in this process: the pages `bench/load.py`'s people fetch most, as
their users, on the trust-scale data, with the settings gunicorn runs with (DEBUG off, the garbage collector
frozen). Prints per page the median CPU and wall milliseconds and the queries; `--profile PAGE` prints where one
page's CPU goes (cProfile, by function and by package).

Run `bench/generate.py --scale trust --database postgres://postgres@127.0.0.1:5432/peersupport_load` first.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import configure, machine_speed  # noqa: E402

DATABASE = "postgres://postgres@127.0.0.1:5432/peersupport_load"
# (label, username, address, share of the load mix's requests: bench/load_users.py's weights)
PAGES = [
    ("line manager dashboard", "manager-0-0", "/dashboard/", 15 * 3 / 11),
    ("line manager schedule", "manager-0-0", "/employment/supervision/schedule/", 15 * 2 / 11),
    ("line manager notifications", "manager-0-0", "/notifications/", 15 * 2 / 11),
    ("peer home", "peer-0-0", "/", 15 * 3 / 11),
    ("peer own supervision", "peer-0-0", "/employment/peers/{peer}/supervision/", 15 * 3 / 11),
    ("peer own plan", "peer-0-0", "/employment/wellbeing/{wap}/", 15 * 2 / 11),
    ("lead dashboard", "lead-0", "/dashboard/", 5 * 3 / 13),
    ("lead peer list", "lead-0", "/peers/", 5 * 3 / 13),
    ("lead schedule", "lead-0", "/employment/supervision/schedule/", 5 * 2 / 13),
    ("hr placements", "hr-0", "/employment/placements/", 5 * 3 / 11),
    ("hr reviews", "hr-0", "/employment/reviews/", 5 * 2 / 11),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", default="", help="only the pages whose label holds this text")
    parser.add_argument("--profile", default="", help="cProfile the first page whose label holds this text")
    args = parser.parse_args()
    os.environ.update(DEBUG="false", SECURE_HTTPS="false", STATIC_MANIFEST="false", ALLOWED_HOSTS="testserver")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    configure(args.database)

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    users = {u.username: u for u in get_user_model().objects.filter(username__in={p[1] for p in PAGES})}
    clients: dict[str, Client] = {}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)
    from programmes.models import Peer
    from workforce.models import WellnessActionPlan

    peer = Peer.objects.get(user__username="peer-0-0")
    wap = WellnessActionPlan.objects.filter(peer=peer).first()
    places = {"peer": peer.pk, "wap": wap.pk if wap else 0}
    pages = [(p[0], p[1], p[2].format(**places), p[3]) for p in PAGES if args.only in p[0] and p[1] in users]
    for label, username, url, _ in pages:  # warm up: imports, template loading, the cache
        status = clients[username].get(url).status_code
        if status != 200:
            sys.exit(f"{label}: {url} answered {status} as {username}")
    gc.collect()
    gc.freeze()  # as peersupport/wsgi.py does in gunicorn's workers

    if args.profile:
        label, username, url, _ = next(p for p in pages if args.profile in p[0])
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.runs):
            clients[username].get(url)
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(r"/work/main/(?!\.venv)", 60)
        by_package: dict[str, float] = {}
        for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():
            if "site-packages/" in filename:
                key = filename.split("site-packages/", 1)[1].split("/", 1)[0]
            elif "/work/" in filename or filename.startswith(str(Path.cwd())):
                key = "app: " + "/".join(Path(filename).parts[-2:])
            else:
                key = "python"
            by_package[key] = by_package.get(key, 0.0) + tottime
        print(f"{label}: own time by package (ms per request)")
        for key, seconds in sorted(by_package.items(), key=lambda kv: -kv[1])[:25]:
            print(f"  {seconds * 1000 / args.runs:8.1f}  {key}")
        return

    total_weight = sum(p[3] for p in pages)
    mix_cpu = 0.0
    print(f"{'page':32} {'cpu ms':>7} {'wall ms':>8} {'queries':>8} {'share':>6}")
    for label, username, url, weight in pages:
        cpu, wall = [], []
        queries: list[str] = []

        def counted(execute, sql, *rest, queries=queries):
            queries.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(counted):
            clients[username].get(url)
        for _ in range(args.runs):
            c0, w0 = time.process_time(), time.perf_counter()
            clients[username].get(url)
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
        median_cpu = statistics.median(cpu)
        mix_cpu += median_cpu * weight / total_weight
        print(
            f"{label:32} {median_cpu:7.1f} {statistics.median(wall):8.1f} {len(queries):8d} "
            f"{weight / total_weight:6.1%}"
        )
    print(f"the mix's mean CPU a request (these pages, weighted): {mix_cpu:.1f} ms")
    print(f"machine: {machine_speed()}")


if __name__ == "__main__":
    main()
