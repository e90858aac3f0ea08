"""The query-budget check every phase's pages share: the same number of SQL queries for a page with 5 rows
and with 50, and no writes on a GET but the log of sensitive reads the page is expected to make."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

SMALL, LARGE = 5, 50
WRITE = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)
ACCESS_LOG_TABLE = "programmes_sensitiveaccesslog"


@dataclass(frozen=True)
class Page:
    """A page as one role sees it: how to add rows to it, and how many of them it shows."""

    url_name: str
    viewer: str
    add_rows: Callable[[object, int], None]
    rows_shown: Callable | None  # None: the rows are not on the page (an edit form), the count must still hold
    pk_of: Callable[[object], object] | None = None
    logs_reads: frozenset[str] = field(default_factory=frozenset)  # record types whose read the page logs
    # A query string, e.g. "?text=..." for a page that checks what it is given (or a function of the world).
    query: str | Callable[[object], str] = ""
    namespace: str = "programmes"

    def url(self, w) -> str:
        args = [self.pk_of(w).pk] if self.pk_of else []
        query = self.query(w) if callable(self.query) else self.query
        return reverse(f"{self.namespace}:{self.url_name}", args=args) + query

    def __str__(self) -> str:
        return f"{self.url_name}-as-{self.viewer}"


def get_counting_queries(client, url: str):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [q["sql"] for q in captured.captured_queries]


def tables_written(queries: list[str]) -> Counter:
    return Counter(m.group(1) for q in queries if (m := WRITE.match(q)))


def listed(response) -> int:
    return len(response.context["object_list"])


def page_rows(response) -> int:
    """The rows of the page shown (a paginated list that is not a Django list view)."""
    return len(response.context["page_obj"].object_list)


def context_len(key: str) -> Callable:
    return lambda response: len(response.context[key])


def choices(*names: str) -> Callable:
    return lambda response: sum(len(response.context["form"].fields[n].queryset) for n in names)


def assert_page_keeps_its_budget(client, world, page: Page) -> None:
    """Add SMALL rows, count one GET's queries, grow to LARGE rows, count again: the counts must match."""
    client.force_login(getattr(world, page.viewer))
    url = page.url(world)
    page.add_rows(world, SMALL)
    assert client.get(url).status_code == 200  # the first request may fill caches; count from the second

    small_response, small = get_counting_queries(client, url)
    small_rows = page.rows_shown(small_response) if page.rows_shown else 0  # now: a form re-reads its choices
    page.add_rows(world, LARGE - SMALL)
    large_response, large = get_counting_queries(client, url)

    assert small_response.status_code == large_response.status_code == 200
    if page.rows_shown:
        assert small_rows < page.rows_shown(large_response), "the added rows are not on the page"
    assert len(large) == len(small), "queries grew with the rows:\n" + "\n".join(
        sql for sql in large if sql not in small
    )
    # A page view changes nothing, except the log of who read a sensitive record.
    expected = Counter({ACCESS_LOG_TABLE: len(page.logs_reads)}) if page.logs_reads else Counter()
    assert tables_written(small) == tables_written(large) == expected


def skip_pdf_layout(monkeypatch) -> None:
    """Let a PDF page render its HTML (and make every query it makes) but not lay the PDF out
    (tests/no_pdf_layout.py): the layout reads nothing from the database."""
    from weasyprint import HTML

    from tests.no_pdf_layout import write_nothing

    monkeypatch.setattr(HTML, "write_pdf", write_nothing)
