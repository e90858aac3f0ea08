"""CSV of a list page (issue 7, item 3): `?format=csv` on any list page answers the rows the page shows (all of
them, not one page of them), after the same access rules and filters, as a CSV file with a header row of the
page's own column names. Dates are ISO; cells that a spreadsheet would run as a formula are defused; the columns
are the page's, so nothing the page does not show leaves through the CSV. When the rows are sensitive records,
each export is written in the sensitive-read log (channel EXPORT).

A list view uses it by putting `CsvExportMixin` before its Django list view and naming `csv_columns`.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

from . import access
from .models import SensitiveAccessLog

# OWASP, "CSV Injection": a cell a spreadsheet could run as a formula starts with = + - @ (a spreadsheet
# skips the spaces, line breaks and invisible characters before them, and reads the full-width and small forms,
# "＝" "﹦", as the same), or with a tab or a carriage return. Such a cell is prefixed with a single quote.
FORMULA_STARTS = frozenset("=+-@")
DANGEROUS_FIRST = frozenset("\t\r")


def _first_significant(text: str) -> str:
    """The first character that is neither whitespace nor a control or invisible format character, folded to
    its ordinary form (NFKC: "＝" is "="), or "" when there is none."""
    for char in text:
        if char.isspace() or unicodedata.category(char).startswith("C"):
            continue
        return unicodedata.normalize("NFKC", char)[:1]
    return ""


def defuse(text: str) -> str:
    """Text as a CSV cell that no spreadsheet runs as a formula (OWASP's single-quote prefix)."""
    if text[:1] in DANGEROUS_FIRST or _first_significant(text) in FORMULA_STARTS:
        return "'" + text
    return text


@dataclass(frozen=True)
class Col:
    """One column: its header and how to read it from a row (a dotted attribute path, or a function).
    A path ending in a method (`get_stage_display`) calls it."""

    header: str
    value: str | Callable[[Any], Any]

    def read(self, row) -> Any:
        if callable(self.value):
            return self.value(row)
        current = row
        for part in self.value.split("."):
            if current is None:
                return None
            current = getattr(current, part)
            if callable(current) and not isinstance(current, Model):
                current = current()
        return current


def person(user) -> str:
    """A user as the pages name them: full name, else username."""
    return "" if user is None else (user.get_full_name() or user.get_username())


def cell(value: Any) -> str:
    """A value as CSV text: ISO dates, Yes/No, and no formula a spreadsheet would run. Every cell of every CSV
    the application writes goes through here. A number the application holds as a number (-3) stays a number;
    text that looks like one ("-3" typed by a person) is defused like any other text."""
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "Yes" if value else "No"
    elif isinstance(value, datetime.datetime):
        text = (
            timezone.localtime(value).isoformat(timespec="minutes") if timezone.is_aware(value) else value.isoformat()
        )
    elif isinstance(value, datetime.date):
        text = value.isoformat()
    elif isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    elif isinstance(value, int | float):
        return str(value)
    else:
        text = str(value)
    return defuse(text)


class _Echo:
    def write(self, value):
        return value


def csv_response(*, filename: str, columns: Iterable[Col], rows: Iterable) -> StreamingHttpResponse:
    columns = list(columns)
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # so a spreadsheet opens it as UTF-8
        yield writer.writerow([cell(c.header) for c in columns])
        for row in rows:
            yield writer.writerow([cell(c.read(row)) for c in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dataclass(frozen=True)
class SensitiveRows:
    """The rows are sensitive records: which kind (SensitiveAccessLog.RecordType) and whose (row -> peer)."""

    record_type: str
    peer_of: Callable[[Any], Any]


class CsvExportMixin:
    """Put before ListView, FilterView or a TemplateView that lists rows. `?format=csv` answers the CSV of the
    same rows; the page gets `csv_url` (the current filters, without the page number) for its download link."""

    csv_columns: tuple[Col, ...] = ()
    csv_name = ""
    csv_sensitive: SensitiveRows | None = None
    csv_rows_in = ""  # the context entry holding the rows, for a page that is not a Django list view

    def csv_requested(self) -> bool:
        return self.request.GET.get("format") == "csv"

    def csv_rows(self, context) -> Iterable:
        """Every row the page lists, before pagination: the list view's objects, or for a TemplateView-based
        list the context entry named by `csv_rows_in`."""
        return context[self.csv_rows_in] if self.csv_rows_in else self.object_list

    def csv_columns_for(self, context) -> tuple[Col, ...]:
        return self.csv_columns

    def csv_filename(self) -> str:
        name = self.csv_name or self.request.resolver_match.url_name or "export"
        return f"{slugify(name)}-{timezone.localdate().isoformat()}.csv"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query["format"] = "csv"
        context["csv_url"] = f"{self.request.path}?{query.urlencode()}"
        return context

    def render_to_response(self, context, **response_kwargs):
        if not self.csv_requested():
            return super().render_to_response(context, **response_kwargs)
        rows = list(self.csv_rows(context))
        if self.csv_sensitive is not None:
            sensitive = self.csv_sensitive
            access.log_sensitive_reads(
                user=self.request.user,
                reads=[(sensitive.peer_of(row), row) for row in rows],
                record_type=sensitive.record_type,
                channel=SensitiveAccessLog.Channel.EXPORT,
            )
        return csv_response(filename=self.csv_filename(), columns=self.csv_columns_for(context), rows=rows)

    def paginate_queryset(self, queryset, page_size):
        """The CSV holds every row; skip the page's own slicing (and its count query)."""
        if self.csv_requested():
            return None, None, queryset, False
        return super().paginate_queryset(queryset, page_size)
