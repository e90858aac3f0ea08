"""Time the subject access PDF: `python bench/subject_access.py [--runs 3] [--only demo|trust]`.

*demo*: a fresh PostgreSQL database (`--demo-database`, dropped and created) with the demo data built as `make seed`
builds it (migrate, seed_demo, seed_recruitment_demo, seed_workforce_demo, seed_development_demo, run_reminders);
times the PDF of the demo peer, Samira Okafor. *trust*: the database `bench/generate.py --scale trust` builds
(`--trust-database`; generated first when it holds no peers); times the PDF of the peer in post longest (over
five years of weekly group and monthly managerial supervision, reviews, WAP reviews and training), given first,
inside a transaction rolled back at the end, what the product's own writes would have left beside the bulk-loaded
rows: a history row ("created") for each of their records, and five years of reads of their sensitive records (their
line manager reading their Wellness Action Plan and their supervisor the supervision notes, each once a week).

Each: collecting the records (`privacy.subject_access.collect`) and rendering the PDF (`privacy.pdf`), as the PDF view
does, after one warm-up render (WeasyPrint's first import and fonts, paid once per server process); prints the
median, fastest and slowest of `--runs` (wall clock), the median CPU time of the process (what the wall clock
would be on an idle machine: the work is single-threaded, and the database's share is small), the first (cold) run
and the page count. Not a test: it prints figures, it asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import statistics
import subprocess  # this script again, as a child, with its own arguments  # nosec B404
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _setup import DATABASES, configure, fresh_database  # noqa: E402

DEMO_DATABASE = "postgres://postgres@127.0.0.1:5432/peersupport_sar_demo"
SEED = ("seed_demo", "seed_recruitment_demo", "seed_workforce_demo", "seed_development_demo", "run_reminders")


def build_demo() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        for command in SEED:
            call_command(command, stdout=quiet)


def demo_peer():
    from programmes.models import Peer

    return Peer.objects.select_related("trust").get(full_name="Samira Okafor")


def ensure_trust_data(url: str) -> None:
    """Generate the trust-scale data unless the database already holds it."""
    import psycopg

    try:
        with psycopg.connect(url) as connection:
            held = connection.execute("SELECT count(*) FROM programmes_peer").fetchone()[0]
    except psycopg.Error:
        held = 0
    if held:
        return
    from generate import SCALES, generate

    fresh_database(url)
    configure(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    generate(SCALES["trust"], say=lambda *_: None)


def five_year_peer():
    """The peer in post longest (five years or more): the one with the most supervision among those."""
    from django.db.models import Count, Min

    from programmes.models import Peer

    return (
        Peer.objects.filter(placements__end_date__isnull=True)
        .annotate(since=Min("placements__start_date"), sessions=Count("supervision_attendances", distinct=True))
        .select_related("trust")
        .order_by("since", "-sessions", "pk")
        .first()
    )


def as_the_product_leaves_it(peer) -> dict[str, int]:
    """History rows for the peer's bulk-loaded records, and five years of weekly reads of their sensitive records."""
    from generate import TODAY, copy_rows

    from privacy import subject_access
    from programmes.models import SensitiveAccessLog
    from workforce.models import Placement, WellnessActionPlan

    made = {"history rows": 0, "reads": 0}
    for source in subject_access.REGISTRY:
        model = source.model_class
        if getattr(model, "history", None) is None:
            continue
        records = list(model.objects.filter(**{source.lookup: peer.pk if source.lookup == "pk" else peer}).distinct())
        if records:
            model.history.bulk_history_create(records)
            made["history rows"] += len(records)
    placement = Placement.objects.filter(peer=peer, end_date__isnull=True).order_by("start_date").first()
    plan = WellnessActionPlan.objects.filter(peer=peer).first()
    readers = [
        (placement.line_manager_id, SensitiveAccessLog.RecordType.WELLNESS_ACTION_PLAN, plan.pk if plan else ""),
        (placement.peer_supervisor_id, SensitiveAccessLog.RecordType.SUPERVISION_NOTES, ""),
    ]
    rows = []
    moment = datetime.datetime.combine(TODAY, datetime.time(10), tzinfo=datetime.UTC)
    for week in range(52 * 5):
        for k, (user_id, record_type, object_id) in enumerate(readers):
            if user_id is not None:
                at = moment - datetime.timedelta(weeks=week, hours=k * 3)
                rows.append((peer.pk, user_id, record_type, str(object_id), "page", at))
    copy_rows(SensitiveAccessLog, ["peer_id", "user_id", "record_type", "object_id", "channel", "accessed_at"], rows)
    made["reads"] = len(rows)
    return made


def measure(which: str, url: str, runs: int) -> None:
    """Run in a process of its own (Django is configured once per process): build or find the data, time the PDF."""
    if which == "demo":
        fresh_database(url)
        configure(url)
        build_demo()
        peer = demo_peer()
    else:
        ensure_trust_data(url)
        configure(url)
        peer = five_year_peer()
    from django.db import transaction
    from pypdf import PdfReader

    from privacy import pdf, subject_access

    with transaction.atomic():
        added = as_the_product_leaves_it(peer) if which == "trust" else {}
        sections = subject_access.collect(peer)
        rows = sum(len(s.rows) + len(s.history) for s in sections)
        started = time.perf_counter()
        pdf.subject_access_pdf(peer, sections)  # the warm-up: WeasyPrint's import and fonts
        cold = time.perf_counter() - started
        times, cpu = [], []
        for _ in range(runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            data = pdf.subject_access_pdf(peer, subject_access.collect(peer)).read()
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
        transaction.set_rollback(True)
    pages = len(PdfReader(io.BytesIO(data)).pages)
    since = getattr(peer, "since", None)
    about = f"{peer.full_name}" + (f", in post since {since:%d %b %Y}" if since else "")
    extra = "".join(f"; {v:,} {k} added" for k, v in added.items())
    print(
        f"{which:<6}{statistics.median(times):>9.2f}{min(times):>9.2f}{max(times):>9.2f}{statistics.median(cpu):>9.2f}"
        f"{cold:>9.2f}{pages:>7}"
        f"   {about}: {rows:,} rows with history{extra}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=["demo", "trust"])
    parser.add_argument("--demo-database", default=DEMO_DATABASE, help="dropped and created afresh")
    parser.add_argument("--trust-database", default=DATABASES["trust"], help="generated when it holds no peers")
    parser.add_argument("--measure", choices=["demo", "trust"], help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.database, args.runs)
        return
    print(f"{'data':<6}{'median':>9}{'fastest':>9}{'slowest':>9}{'CPU':>9}{'first':>9}{'pages':>7}   (seconds)")
    for which, url in (("demo", args.demo_database), ("trust", args.trust_database)):
        if args.only in (None, which):
            command = [sys.executable, __file__, "--measure", which, "--database", url, "--runs", str(args.runs)]
            subprocess.run(command, check=True)  # noqa: S603  # nosec B603


if __name__ == "__main__":
    main()
