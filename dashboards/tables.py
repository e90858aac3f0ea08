"""The building blocks of the dashboard's sections: a `Table` (its rows built only as far as they are read), the
`Scope` a dashboard covers, and the helpers every section uses. `dashboards.selectors` and the section modules
(`sections_*`) import them from here, so that any of them can be imported first.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Exists, OuterRef, QuerySet

from programmes.models import Peer, Programme, Team
from workforce.models import Placement, WellnessActionPlan
from workforce.selectors import current_placements, first_current_placements

# Rows of a table on the page and in the board report; the summary above a table counts every row, and its
# CSV holds them all.
ROWS_ON_PAGE = 25
ROWS_IN_REPORT = 200


class Rows(Sequence):
    """A big table's rows, built only when all of them are asked for (its CSV, or the board report's first
    ROWS_IN_REPORT): their number and the first few are known without building them all, so the page, which shows
    the first ROWS_ON_PAGE and says how many there are, does not build thousands of rows. `first(n)` must give
    `build()[:n]` and `count` must be `len(build())`; tests hold them to it."""

    def __init__(self, count: int, first: Callable[[int], list], build: Callable[[], list]):
        self.count, self._first, self._build = count, first, build
        self._firsts: dict[int, list] = {}

    @cached_property
    def _all(self) -> list:
        return self._build()

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index):
        if isinstance(index, slice) and "_all" not in self.__dict__ and index.start in (None, 0) and index.step is None:
            n = min(self.count if index.stop is None else max(index.stop, 0), self.count)
            if n <= 0:
                return []
            if n <= ROWS_IN_REPORT:
                if n not in self._firsts:
                    self._firsts[n] = self._first(n)
                return self._firsts[n]
        return self._all[index]

    def __iter__(self) -> Iterator:
        return iter(self._all)

    def __eq__(self, other) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Rows: {self.count}>"


@dataclass
class Table:
    """One section of the dashboard: a table always, a chart where it helps, and the chart's summary in words."""

    key: str
    title: str
    headers: list[str]
    rows: Sequence[list[object]]  # a list, or `Rows` built on demand
    summary: str
    empty: str
    chart: dict | None = None
    notes: list[str] = field(default_factory=list)
    # Tables that name peers: each row's peer (the page links the name for those who may open the peer), and
    # the same figures as counts for the board report, which names nobody.
    peer_ids: Sequence[int] = field(default_factory=list)  # a list, or `Rows` of ids built with the rows
    counts: Table | None = None

    @property
    def page_rows(self) -> list[list[object]]:
        """The rows the page shows: the first ROWS_ON_PAGE (a lead of many trusts has thousands; the CSV has all)."""
        return self.rows[:ROWS_ON_PAGE]

    @property
    def page_rows_with_peers(self) -> list[tuple[list[object], int | None]]:
        """The page's rows, each with the peer it names (None in a table that names nobody)."""
        rows = self.page_rows
        peer_ids = self.peer_ids[: len(rows)] if self.peer_ids else [None] * len(rows)
        return list(zip(rows, peer_ids, strict=True))

    @property
    def page_peer_ids(self) -> list[int]:
        """The peers the page's rows name."""
        return [peer_id for _, peer_id in self.page_rows_with_peers if peer_id is not None]

    @property
    def report_rows(self) -> list[list[object]]:
        return self.rows[:ROWS_IN_REPORT]

    @property
    def for_report(self) -> Table:
        """The table as the board report shows it: counts in place of a list of people."""
        return self.counts or self

    @property
    def chart_id(self) -> str:
        return f"chart-{self.key}"

    @property
    def data_id(self) -> str:
        return f"chart-data-{self.key}"


@dataclass(frozen=True)
class Scope:
    """What the dashboard covers: the teams and peers in view (already filtered by team and service type), the
    plans and vacancies the user may read, and the date range."""

    teams: QuerySet[Team]
    peers: QuerySet[Peer]
    readable_waps: QuerySet[WellnessActionPlan]
    vacancies: QuerySet
    programmes: QuerySet[Programme]
    date_from: datetime.date
    date_to: datetime.date

    @property
    def as_of(self) -> datetime.date:
        return self.date_to

    @cached_property
    def first_placements(self) -> dict[int, Placement]:
        """Each peer in post's earliest current placement, read once for the supervision and training tables."""
        return first_current_placements(self.peers_in_post(), self.as_of)

    def peers_in_post(self) -> QuerySet[Peer]:
        """Peers in view who hold a current placement in one of the teams on the last day of the range."""
        placed = current_placements(
            Placement.objects.filter(peer=OuterRef("pk"), post__team__in=self.teams.values("pk")), self.as_of
        )
        return self.peers.filter(Exists(placed))


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _show(value) -> object:
    if value is None:
        return "—"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _chart(kind: str, labels: list[str], label: str, data: list) -> dict:
    return {"type": kind, "labels": labels, "datasets": [{"label": label, "data": data}]}


# --- Sections -------------------------------------------------------------------------------------------
