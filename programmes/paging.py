"""Pages that list rows which grow with the data (issue 19): one page of them at a time, or the first few with a
link to the list that pages through the rest. Shared by every phase's views."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet

# Rows on one page of a list (programmes.views.RecordListView and every paginated page).
PAGE_SIZE = 25
# How many rows a detail page shows of a list that belongs on its own page ("Show all 212").
SHOWN = 10


def page_context(request, rows: QuerySet | Sequence, *, per_page: int = PAGE_SIZE) -> dict[str, Any]:
    """One page of `rows` (the `page` of the query string) as the context the pagination include reads:
    `page_obj`, `is_paginated` and `filter_query` (the query string without the page number, so the other
    filters stay as they are from page to page). A queryset costs one count and one slice."""
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"page_obj": page, "is_paginated": page.has_other_pages(), "filter_query": query.urlencode()}


def first_rows(rows: QuerySet, *, shown: int = SHOWN) -> tuple[list, int]:
    """The first `shown` of `rows` and how many there are in all: two queries whatever their number."""
    return list(rows[:shown]), rows.count()
