"""The pages of a budget module that add the same rows, measured on one build of those rows (tests/perf/budget.py).

Adding the rows through the real services is most of a budget test's time, and several pages of a module often add
the same rows to the same world (one page as two viewers, a list and its CSV). Each such set of pages is a `Rows`,
built once per module and pytest-xdist worker inside a savepoint of the module's world (tests/shared_world.py) that
is rolled back once the pages are counted. Each page is counted at SMALL rows and at LARGE rows from that one build,
and each test asserts its own page's counts (`assert_measured_page_keeps_its_budget`) with the checks of
`assert_page_keeps_its_budget`. A module asks for it with

    @pytest.mark.parametrize(
        ("page", "measured"), together(PAGES), indirect=["measured"], ids=ids(PAGES), scope="module"
    )

and a module fixture named `measured` made by `measured_fixture` (pytest runs the tests of one `Rows` together and
builds each once, as tests/module_world.py's kinds).

Pages measured together must not see each other: each page has a client of its own, signed in before any row is
added (as the single page's test signs in first), and its requests run one after the other. A page's GET may write
nothing but the access log of its sensitive reads (each page's test checks that), so a page that reads a table
another page of its set writes would count rows that its own test never made: `measure` notes that, and the page's
test fails naming the table and the page, rather than let the pages' counts depend on each other; such a page is
measured on its own (`alone`).
"""

from __future__ import annotations

import contextlib
import copy
import traceback
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import override_settings

from tests.perf.budget import (
    ACCESS_LOG_TABLE,
    LARGE,
    SMALL,
    Page,
    get_counting_queries,
    skip_pdf_layout,
    tables_written,
)

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as tests/conftest.py's, for a module's fixture


@dataclass(frozen=True)
class Rows:
    """Pages that add the same rows to the same world, measured on one build of them."""

    pages: tuple[Page, ...]


@dataclass
class Measured:
    """What one page's requests gave at SMALL and at LARGE rows (or the error one of them raised)."""

    warm_status: int | None = None
    small_status: int | None = None
    large_status: int | None = None
    small_rows: int = 0
    large_rows: int = 0
    small: list[str] = field(default_factory=list)
    large: list[str] = field(default_factory=list)
    error: str | None = None
    interference: str | None = None  # another page of the set wrote what this one reads


def together(
    pages: Iterable[Page], *, makers: Iterable[Callable] = (), alone: Iterable[Page] = ()
) -> list[tuple[Page, Rows]]:
    """Each page with the `Rows` it is measured in: the pages with the same `add_rows` and, when its `pk_of` is one
    of `makers` (a function that makes the page's record on first use), the same `pk_of`, in the order of `pages`.
    A page of `alone` is measured on its own."""
    pages = list(pages)
    makers, alone = set(makers), list(alone)

    def key(index: int, page: Page):
        if page in alone:
            return ("alone", index)
        return (page.add_rows, page.pk_of if page.pk_of in makers else None)

    keys = [key(i, page) for i, page in enumerate(pages)]
    groups = {k: Rows(tuple(p for p, pk in zip(pages, keys, strict=True) if pk == k)) for k in keys}
    return [(page, groups[k]) for page, k in zip(pages, keys, strict=True)]


def ids(pages: Iterable[Page]) -> list[str]:
    """The tests' ids: the pages' names, as `ids=str` gave them."""
    return [str(page) for page in pages]


def _reads(queries: list[str], table: str) -> bool:
    return any(f'"{table}"' in sql and not tables_written([sql]) for sql in queries)


def measure(world, rows: Rows, *, around: Callable[[Page], contextlib.AbstractContextManager] | None = None) -> dict:
    """Every page of `rows` counted at SMALL and at LARGE rows, added once to `world` with the pages' `add_rows`.
    `around(page)`: a context each of the page's requests runs in (e.g. a PDF laid out by nobody)."""
    from tests.form_client import FormClient

    around = around or (lambda page: contextlib.nullcontext())
    measured = {page: Measured() for page in rows.pages}
    clients, urls = {}, {}
    for page in rows.pages:
        clients[page] = FormClient()
        clients[page].force_login(getattr(world, page.viewer))
        urls[page] = page.url(world)

    def request(page: Page, step) -> None:
        m = measured[page]
        if m.error is not None:
            return
        try:
            with transaction.atomic(), around(page):  # a failing request leaves the other pages' transaction usable
                step(page, m, clients[page], urls[page])
        except Exception:  # noqa: BLE001  (the page's own test reports it)
            m.error = traceback.format_exc()

    def small(page: Page, m: Measured, client, url: str) -> None:
        m.warm_status = client.get(url).status_code  # the first request may fill caches; count from the second
        response, m.small = get_counting_queries(client, url)
        m.small_status = response.status_code
        m.small_rows = page.rows_shown(response) if page.rows_shown else 0  # now: a form re-reads its choices

    def large(page: Page, m: Measured, client, url: str) -> None:
        response, m.large = get_counting_queries(client, url)
        m.large_status = response.status_code
        m.large_rows = page.rows_shown(response) if page.rows_shown else 0

    rows.pages[0].add_rows(world, SMALL)
    for page in rows.pages:
        request(page, small)
    rows.pages[0].add_rows(world, LARGE - SMALL)
    for page in rows.pages:
        request(page, large)

    # No page may read what another page's requests wrote (the access log of its reads).
    for page, m in measured.items():
        for other, o in measured.items():
            written = tables_written(o.small + o.large)
            shared = sorted(t for t in written if other is not page and _reads(m.small + m.large, t))
            if shared:
                m.interference = f"{page} reads {shared}, which {other} writes on a GET: measure one of them alone"
    return measured


@contextlib.contextmanager
def pdf_not_laid_out(page: Page):
    """For `measured_fixture`'s `around`: a page whose URL name ends in "pdf" renders its HTML but lays out no PDF
    (`skip_pdf_layout`)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        if page.url_name.endswith("pdf"):
            skip_pdf_layout(monkeypatch)
        yield


def measured_fixture(
    *,
    prepare: Callable[[object], None] | None = None,
    clock: Callable[[], contextlib.AbstractContextManager] | None = None,
    around: Callable[[Page], contextlib.AbstractContextManager] | None = None,
):
    """The module fixture `measured`: for its param (a `Rows`), each page's `Measured`. The rows are built on a copy
    of the module's shared world (tests/shared_world.py) after `prepare(world)`; the pages are signed in and the
    rows built and counted in `clock()` (the module's frozen day, as its single page's test did). All of it runs in
    a savepoint rolled back as soon as the pages are counted: the counts are all the tests need, and a test of the
    module that measures nothing finds the world as it was."""

    @pytest.fixture(scope="module", name="measured")
    def _measured(request, _shared_world, django_db_blocker) -> dict:
        assert _shared_world is not None, "a module measuring pages together shares a world (tests/shared_world.py)"
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                    world = copy.deepcopy(_shared_world)
                    if prepare:
                        prepare(world)
                    with clock() if clock else contextlib.nullcontext():
                        return measure(world, request.param, around=around)
            finally:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)

    return _measured


def assert_measured_page_keeps_its_budget(page: Page, m: Measured) -> None:
    """`assert_page_keeps_its_budget`'s checks, on the page's counts from `measure`."""
    if m.error is not None:
        pytest.fail(f"{page}: {m.error}", pytrace=False)
    assert m.warm_status == 200
    assert m.small_status == m.large_status == 200
    if page.rows_shown:
        assert m.small_rows < m.large_rows, "the added rows are not on the page"
    assert len(m.large) == len(m.small), "queries grew with the rows:\n" + "\n".join(
        sql for sql in m.large if sql not in m.small
    )
    # A page view changes nothing, except the log of who read a sensitive record.
    expected = Counter({ACCESS_LOG_TABLE: len(page.logs_reads)}) if page.logs_reads else Counter()
    assert tables_written(m.small) == tables_written(m.large) == expected
    if m.interference is not None:
        pytest.fail(m.interference, pytrace=False)
