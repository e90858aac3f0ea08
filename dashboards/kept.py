"""Kept figures: the dashboard of a scope too big to count on every request.

Counting the dashboard of a peer support lead of 60 trusts (5,000 peers in post, 500,000 supervision sessions)
takes seconds: the headline's thirteen days over a year of sessions, the posts' and plans' histories, and every
section over every peer. A scope with more than DASHBOARD_KEEP_ABOVE_PEERS peers in view is shown from figures
counted at most DASHBOARD_KEEP_MINUTES earlier; the page says when they were counted and offers to count them
again. The background job (dashboards.tasks.keep_dashboard_figures, every five minutes) counts again the kept
figures read in the last week before they go stale, so a visit normally finds them ready; the first visit of a
scope, or one after the job has not run, counts them in the request. Smaller scopes are counted on every visit.

Kept figures are keyed by a fingerprint of the scope: the ids of the teams, peers, readable plans, vacancies and
programmes in view, and the dates. Access is worked out afresh on every request, so a role taken away or a plan
no longer shared makes another fingerprint: kept figures never show what the user may no longer see. Only what
the page shows is kept (the headline, and each table's summary, chart, first ROWS_ON_PAGE rows and number of
rows); the CSVs, the board report and the API always count live.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import time
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.http import QueryDict
from django.template import Context
from django.template.base import render_value_in_context
from django.utils import timezone

from programmes import access

from . import scoping, selectors
from .figures import Figure, Headline, TrendMonth
from .models import KeptFigures
from .tables import Rows, Scope, Table

logger = logging.getLogger(__name__)

FORMAT = 1  # of the kept JSON: kept figures of another format are counted again
READ_MARK = datetime.timedelta(hours=1)  # how finely the last read is recorded (one write an hour at most)
KEEP_UNREAD = datetime.timedelta(days=7)  # kept figures nobody has read for this long are dropped


def keep_for() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.DASHBOARD_KEEP_MINUTES)


def refresh_after() -> datetime.timedelta:
    """Kept figures this old are counted again by the background job: 4 minutes when they are kept for 10, so
    that a job every 5 minutes counts them again before they go stale."""
    return keep_for() * 0.4


@dataclass(frozen=True)
class Shown:
    """What the dashboard page shows: its tables and headline, and when they were counted when kept (None: counted
    for this request, the scope being small)."""

    tables: list[Table]
    headline: Headline
    counted_at: datetime.datetime | None = None

    @property
    def kept(self) -> bool:
        return self.counted_at is not None


def fingerprint(scope: Scope) -> str | None:
    """The scope's fingerprint, or None when it is small enough to count on every visit (at most
    DASHBOARD_KEEP_ABOVE_PEERS peers in view). One query for a small scope, five for a big one."""
    peers = list(scope.peers.order_by("pk").values_list("pk", flat=True))
    if len(peers) <= settings.DASHBOARD_KEEP_ABOVE_PEERS:
        return None
    digest = hashlib.sha256(f"format {FORMAT}; {scope.date_from}; {scope.date_to}".encode())
    for name, ids in (
        ("teams", scope.teams),
        ("peers", peers),
        ("plans", scope.readable_waps),
        ("vacancies", scope.vacancies),
        ("programmes", scope.programmes),
    ):
        if not isinstance(ids, list):
            ids = ids.order_by("pk").values_list("pk", flat=True)
        digest.update(f"; {name}: ".encode())
        digest.update(",".join(map(str, ids)).encode())
    return digest.hexdigest()


def dashboard(scope: Scope, *, user, query: str) -> Shown:
    """The dashboard of `scope`: counted now when the scope is small, otherwise the kept figures when fresh, or
    counted now and kept."""
    key = fingerprint(scope)
    if key is None:
        return Shown(selectors.dashboard_tables(scope), selectors.headline_figures(scope))
    now = timezone.now()
    kept = (
        KeptFigures.objects.filter(fingerprint=key, built_at__gte=now - keep_for())
        .values_list("pk", "built_at", "read_at", "figures")
        .first()
    )
    figures = json.loads(kept[3]) if kept is not None else None
    if figures is not None and figures.get("format") == FORMAT:
        pk, built_at, read_at, _ = kept
        if read_at < now - READ_MARK:
            KeptFigures.objects.filter(pk=pk).update(read_at=now)
        tables, headline = unpack(figures)
        return Shown(tables, headline, built_at)
    return count(scope, key, user=user, query=query)


def count(scope: Scope, key: str, *, user, query: str, read_at: datetime.datetime | None = None) -> Shown:
    """Count the dashboard of `scope` and keep it under `key` (replacing what was kept)."""
    started = time.perf_counter()
    tables = selectors.dashboard_tables(scope)
    headline = selectors.headline_figures(scope)
    figures = pack(tables, headline)
    now = timezone.now()
    KeptFigures.objects.bulk_create(
        [
            KeptFigures(
                fingerprint=key,
                user=user,
                query=query[:500],
                built_at=now,
                read_at=read_at or now,
                build_ms=round((time.perf_counter() - started) * 1000),
                figures=json.dumps(figures, separators=(",", ":")),
            )
        ],
        update_conflicts=True,
        unique_fields=["fingerprint"],
        update_fields=["user", "query", "built_at", "read_at", "build_ms", "figures"],
    )
    return Shown(tables, headline, now)


def refresh(now: datetime.datetime | None = None) -> dict[str, int]:
    """The background job's work: drop the kept figures nobody has read for a week, and count again those about
    to go stale, each as its user's dashboard now is (roles and plans shared worked out afresh; a user who may no
    longer use the dashboard, or whose scope has become small, has their kept figures dropped). Each is counted
    in a transaction holding its row, so two workers never count the same; one that fails is logged and left for
    the next run, and the others are counted."""
    now = now or timezone.now()
    dropped, _ = KeptFigures.objects.filter(read_at__lt=now - KEEP_UNREAD).delete()
    counted = failed = 0
    due = list(
        KeptFigures.objects.filter(built_at__lt=now - refresh_after()).order_by("built_at").values_list("pk", flat=True)
    )
    for pk in due:
        try:
            outcome = _refresh_one(pk, now)
        except Exception:  # one scope failing (a statement timeout, a bug) leaves the others to be counted
            logger.exception("Kept dashboard figures %s could not be counted again; the next run tries again.", pk)
            failed += 1
            continue
        counted += outcome in ("counted", "moved")
        dropped += outcome in ("dropped", "moved")
    return {"counted": counted, "dropped": dropped, "failed": failed}


def _refresh_one(pk: int, now: datetime.datetime) -> str:
    """Count one kept dashboard again in a transaction holding its row: "counted", "dropped" (its user may no
    longer use the dashboard, or their scope is now small), "moved" (their scope has changed: counted under its
    new fingerprint, the old row dropped), or "skipped" (another worker holds it, or it was counted since)."""
    with transaction.atomic():
        row = (
            KeptFigures.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(pk=pk, built_at__lt=now - refresh_after())
            .first()
        )
        if row is None:
            return "skipped"
        user, scope = row.user, None
        if user.is_active and access.can_use_dashboard(user):
            scope = scoping.scope_of(user, scoping.filter_form(user, QueryDict(row.query)))
        key = fingerprint(scope) if scope is not None else None
        if key != row.fingerprint:
            row.delete()
        if key is None:
            return "dropped"
        count(scope, key, user=user, query=row.query, read_at=row.read_at)
        return "counted" if key == row.fingerprint else "moved"


# --- The kept JSON ----------------------------------------------------------------------------------------


def _cell(value) -> object:
    """A table cell as the page's template shows it: whole numbers and text as they are, anything else (dates,
    decimals, fractions) as the text the template would print."""
    if value is None or type(value) in (int, str):
        return value
    return render_value_in_context(value, Context(autoescape=False))


def _json(value):
    """A chart's figures for JSON: decimals as the text json_script would write for them."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


def pack(tables: list[Table], headline: Headline) -> dict:
    """What the page shows of the tables and the headline, as JSON."""
    packed = []
    for table in tables:
        rows = table.page_rows_with_peers
        packed.append(
            {
                "key": table.key,
                "title": str(table.title),
                "headers": [str(h) for h in table.headers],
                "rows": [[_cell(c) for c in row] for row, _ in rows],
                "peer_ids": [peer_id for _, peer_id in rows] if table.peer_ids else None,
                "count": len(table.rows),
                "summary": str(table.summary),
                "empty": str(table.empty),
                "chart": _json(table.chart),
                "notes": [str(n) for n in table.notes],
            }
        )
    return {
        "format": FORMAT,
        "tables": packed,
        "headline": {
            "on": headline.on.isoformat(),
            "quarter_on": headline.quarter_on.isoformat(),
            "year_on": headline.year_on.isoformat(),
            "date_from": headline.date_from.isoformat(),
            "figures": [
                {
                    "key": f.key,
                    "group": f.group,
                    "label": f.label,
                    "values": list(f.values),
                    "percent": f.percent,
                    "parts": list(f.parts),
                    "note": f.note,
                }
                for f in headline.figures
            ],
            "trend": [
                {
                    "on": m.on.isoformat(),
                    "peers_in_post": m.peers_in_post,
                    "vacant_posts": m.vacant_posts,
                    "managerial": m.managerial,
                    "peer": m.peer,
                }
                for m in headline.trend
            ],
            "targets": [str(t) for t in headline.targets],
        },
    }


def _not_kept() -> list:
    raise LookupError("Kept figures hold only the rows the page shows; the CSV counts them all.")


def _rows(first: list, count: int) -> list | Rows:
    if count == len(first):
        return first
    return Rows(count=count, first=lambda n: first[:n], build=_not_kept)


def unpack(figures: dict) -> tuple[list[Table], Headline]:
    """The tables and headline of kept JSON, as the page's template reads them."""
    tables = []
    for t in figures["tables"]:
        tables.append(
            Table(
                key=t["key"],
                title=t["title"],
                headers=t["headers"],
                rows=_rows(t["rows"], t["count"]),
                summary=t["summary"],
                empty=t["empty"],
                chart=t["chart"],
                notes=t["notes"],
                peer_ids=_rows(t["peer_ids"], t["count"]) if t["peer_ids"] is not None else [],
            )
        )
    h = figures["headline"]
    day = datetime.date.fromisoformat
    headline = Headline(
        on=day(h["on"]),
        quarter_on=day(h["quarter_on"]),
        year_on=day(h["year_on"]),
        date_from=day(h["date_from"]),
        figures=[
            Figure(
                key=f["key"],
                group=f["group"],
                label=f["label"],
                values=tuple(f["values"]),
                percent=f["percent"],
                parts=tuple(f["parts"]),
                note=f["note"],
            )
            for f in h["figures"]
        ],
        trend=[
            TrendMonth(
                on=day(m["on"]),
                peers_in_post=m["peers_in_post"],
                vacant_posts=m["vacant_posts"],
                managerial=m["managerial"],
                peer=m["peer"],
            )
            for m in h["trend"]
        ],
        targets=[Decimal(t) for t in h["targets"]],
    )
    return tables, headline
