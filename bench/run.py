"""Time pages and jobs on the scale data: `python bench/run.py [--scale trust|national] [--runs N] [--database URL]`.

Run `python bench/generate.py --scale ...` first. With Django's test Client, signed in as the relevant
user of the generated data, and `time.perf_counter`, with the clock set to the day the data ends: the busiest
list pages (peers, supervision schedule, placements, sessions, training expiring), a job description PDF,
the daily reminder run (`workforce.reminders.run`, each run rolled back so every one is the day's first)
and the dashboard as the first trust's peer support lead (and, on the national set, as `lead-national`,
peer support lead of all 60 trusts). For the dashboard it also captures the SQL of one request and times
executing exactly those statements on a raw cursor: the floor, and the dashboard / floor ratio. A dashboard shown
from kept figures (more peers than DASHBOARD_KEEP_ABOVE_PEERS: dashboards.kept) is also timed counting its
figures again, as its page's button and the background job do. Prints a
table: median, fastest and slowest of each. Not a test: it prints figures, it asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _setup import DATABASES, configure  # noqa: E402
from generate import TODAY  # noqa: E402

DECLARE = re.compile(r'^DECLARE\s+"[^"]+"\s+.*?CURSOR\s+(?:WITH(?:OUT)?\s+HOLD\s+)?FOR\s+', re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class PageToTime:
    label: str
    username: str
    url_name: str
    args: tuple = ()
    query: str = ""
    floor: bool = field(default=False)  # also time the raw SQL of one request


def pages(*, national: bool = False) -> list[PageToTime]:
    """The pages timed, as the users generate.py made (trust 0's peer lead unless said)."""
    from django.urls import NoReverseMatch, reverse

    listed = [
        PageToTime("peer list", "lead-0", "programmes:peer-list"),
        PageToTime("supervision schedule", "lead-0", "workforce:supervision-schedule"),
        PageToTime("supervision schedule, one team's line manager", "manager-0-0", "workforce:supervision-schedule"),
        PageToTime("placements", "lead-0", "workforce:placement-list"),
        PageToTime("supervision sessions", "lead-0", "workforce:supervision-list"),
        PageToTime("training expiring", "lead-0", "development:training-expiring"),
    ]
    try:
        reverse("dashboards:dashboard")
    except NoReverseMatch:
        return listed
    listed.append(PageToTime("dashboard, trust peer lead", "lead-0", "dashboards:dashboard", floor=True))
    listed.append(PageToTime("dashboard, line manager (one team)", "manager-0-0", "dashboards:dashboard", floor=True))
    if national:
        listed.append(
            PageToTime("dashboard, peer lead of all 60 trusts", "lead-national", "dashboards:dashboard", floor=True)
        )
    return listed


def jd_post():
    """A post of trust 0 with its job description (made from the Band 3 template the first time)."""
    from programmes import services
    from programmes.models import JobDescription, Post

    post = Post.objects.filter(team__trust__name__endswith=" 00", job_description__isnull=False).first()
    if post is None:
        post = Post.objects.filter(team__trust__name__endswith=" 00").order_by("pk").first()
        template = JobDescription.objects.filter(template_name__startswith="Peer Support Worker").order_by("pk").first()
        services.create_job_description_from_template(post=post, template=template, by=None)
    return post


def timed(function: Callable, runs: int) -> list[float]:
    function()  # warm up: caches, templates, imports
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def fetch(client, url: str, label: str):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{label}: {url} answered {response.status_code}")
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response


def client_for(username: str):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(
        get_user_model().objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend"
    )
    return client


def raw_sql_of(client, url: str) -> list[str]:
    """The SQL statements one request runs (savepoints left out)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    statements = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if sql.upper().startswith(("SAVEPOINT", "RELEASE", "FETCH", "CLOSE")):
            continue
        # A server-side cursor (QuerySet.iterator()): time the SELECT it declares, fetched whole.
        statements.append(DECLARE.sub("", sql))
    return statements


def kept_for(username: str) -> bool:
    """Whether the user's dashboard is shown from kept figures (a scope of many peers: dashboards.kept)."""
    from dashboards.models import KeptFigures

    return KeptFigures.objects.filter(user__username=username).exists()


def run_raw(statements: list[str]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            if cursor.description is not None:
                cursor.fetchall()


def measure(
    *, national: bool, runs: int, only: str = ""
) -> list[tuple[str, list[float], list[float] | None, int | None]]:
    from django.db import transaction
    from django.urls import reverse

    from workforce import reminders

    results = []
    for page in pages(national=national):
        if only not in page.label:
            continue
        client = client_for(page.username)
        url = reverse(page.url_name, args=page.args) + (f"?{page.query}" if page.query else "")
        times = timed(lambda c=client, u=url, p=page: fetch(c, u, p.label), runs)
        floor, count = None, None
        if page.floor:
            statements = raw_sql_of(client, url)
            count = len(statements)
            floor = timed(lambda s=statements: run_raw(s), runs)
        results.append((f"{page.label} ({page.username})", times, floor, count))
        if page.url_name == "dashboards:dashboard" and kept_for(page.username):
            # Shown from kept figures (dashboards.kept): also time counting them, the background job's work.
            recount = reverse("dashboards:recount")
            counting = timed(lambda c=client, u=recount: c.post(u), runs)
            results.append((f"  counting its kept figures again ({page.username})", counting, None, None))

    if only:
        return results
    post = jd_post()
    client = client_for("lead-0")
    url = reverse("programmes:post-jd-pdf", args=[post.pk])
    results.append(("job description PDF (lead-0)", timed(lambda: fetch(client, url, "JD PDF"), runs), None, None))

    def reminder_run() -> None:
        with transaction.atomic():
            reminders.run(TODAY)
            transaction.set_rollback(True)

    results.append(("daily reminder run, all peers (first of the day)", timed(reminder_run, runs), None, None))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(DATABASES), default="trust")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database", help="postgres://...; default the scale's database from generate.py")
    parser.add_argument("--only", default="", help="time only the pages whose label holds this text, e.g. dashboard")
    args = parser.parse_args()
    url = args.database or DATABASES[args.scale]
    configure(url)
    import time_machine

    from programmes.models import Peer
    from workforce.models import SupervisionSession

    with time_machine.travel(datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=datetime.UTC), tick=True):
        results = measure(national=args.scale == "national", runs=args.runs, only=args.only)

    ms = 1000
    print(
        f"scale {args.scale}: {Peer.objects.count():,} peers (with applicants), "
        f"{SupervisionSession.objects.count():,} supervision sessions; {args.runs} runs each after a warm-up"
    )
    header = f"{'measure':<62}{'median ms':>10}{'fastest':>9}{'slowest':>9}{'raw SQL ms':>11}{'queries':>8}{'ratio':>7}"
    print(header)
    print("-" * len(header))
    for label, times, floor, count in results:
        line = f"{label:<62}{statistics.median(times) * ms:>10.0f}{min(times) * ms:>9.0f}{max(times) * ms:>9.0f}"
        if floor:
            ratio = statistics.median(times) / statistics.median(floor)
            line += f"{statistics.median(floor) * ms:>11.0f}{count:>8}{ratio:>7.1f}"
        print(line)
    print("targets: dashboard (national) p50 under 300 ms and within 3x its raw SQL; reminder run for 5,000 peers")
    print("under 5 s; JD PDF under 1 s")


if __name__ == "__main__":
    main()
