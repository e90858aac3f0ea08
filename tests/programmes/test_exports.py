"""CSV of every list page (issue 7, item 3): `?format=csv` answers the rows the page lists, after the same access
rules and filters, all of them rather than one page; a forbidden user gets 404 as for the page; dates are ISO;
formula cells are defused; a list of sensitive records logs the export."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.generic.list import MultipleObjectMixin

from programmes.exports import Col, CsvExportMixin, cell
from programmes.models import Post, SensitiveAccessLog
from tests import factories
from tests.test_permissions import MATRIX, preparation  # noqa: F401  (the world of phase 1's rows)

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)

# The dashboard's tables have their own exports (issue 7, part of the dashboard).
EXEMPT_NAMESPACES = {"admin", "dashboards"}


def _views(resolver=None, namespace="") -> dict[str, type]:
    found = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            found |= _views(pattern, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and hasattr(pattern.callback, "view_class"):
            found[f"{namespace}{pattern.name}"] = pattern.callback.view_class
    return found


VIEWS = {name: view for name, view in _views().items() if name.split(":")[0] not in EXEMPT_NAMESPACES}


def is_list_page(view: type) -> bool:
    return issubclass(view, (MultipleObjectMixin, CsvExportMixin)) or view.__name__.endswith("ListView")


LIST_PAGES = sorted(name for name, view in VIEWS.items() if is_list_page(view))
# One matrix row per list page: its URL arguments, its world and who may see it.
LIST_ROWS = {row.name: row for row in reversed(MATRIX) if row.name in LIST_PAGES and row.method == "get"}
PREFERRED = ["line_manager", "supervisor", "hr_officer", "peer_lead", "peer_worker", "administrator"]


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_there_are_list_pages_and_every_one_exports_csv():
    assert len(LIST_PAGES) >= 20
    without = [name for name in LIST_PAGES if not issubclass(VIEWS[name], CsvExportMixin)]
    assert not without, f"list pages with no CSV export: {without}"
    assert set(LIST_ROWS) == set(LIST_PAGES), "every list page has a GET row in the permission matrix"


@pytest.mark.parametrize("name", LIST_PAGES)
def test_the_csv_of_a_list_page_has_the_rows_of_the_page(name, client, request):
    row = LIST_ROWS[name]
    world = request.getfixturevalue(row.world_fixture)
    url = reverse(name, kwargs=row.kwargs(world))
    allowed = [role for role in PREFERRED if row.expected.get(role) == 200]
    forbidden = [role for role, answer in row.expected.items() if answer == 404]
    assert allowed, f"nobody sees {name}"

    for role in allowed[:2]:
        client.force_login(getattr(world, role))
        page = client.get(url)
        assert page.status_code == 200
        view = page.context["view"]
        assert f"{url}?format=csv" in page.context["csv_url"]
        response = client.get(url, {"format": "csv"})
        assert response.status_code == 200, (name, role)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith("attachment; filename=")
        lines = read_csv(response)
        columns = view.csv_columns_for(page.context)
        assert lines[0] == [c.header for c in columns]
        expected = [[cell(c.read(r)) for c in columns] for r in view.csv_rows(page.context)]
        assert lines[1:] == expected, f"{name} as {role}: the CSV's rows are not the page's"
        if expected:  # a page with rows offers them as CSV
            assert "Download as CSV" in page.content.decode(), f"{name} has no download link"

    if forbidden:
        client.force_login(getattr(world, forbidden[0]))
        assert client.get(url, {"format": "csv"}).status_code == 404


def test_the_csv_keeps_the_filters_and_holds_every_page(client, world):
    for i in range(30):
        factories.PostFactory(team=world.team, title=f"Peer Support Worker {i:02}", band=3)
    factories.PostFactory(team=world.team, title="Senior Peer Support Worker", band=4)
    client.force_login(world.hr_officer)
    page = client.get(reverse("programmes:post-list"), {"band": "3"})
    assert page.context["is_paginated"]  # the page shows 25 of them
    assert "band=3" in page.context["csv_url"] and "page=" not in page.context["csv_url"]
    lines = read_csv(client.get(reverse("programmes:post-list"), {"band": "3", "format": "csv", "page": "2"}))
    bands = {line[3] for line in lines[1:]}
    assert bands == {"3"}
    assert len(lines) - 1 == Post.objects.filter(team__trust=world.trust, band=3).count() >= 30
    assert "Westvale CMHT" not in {line[2] for line in lines[1:]}  # another trust's band 3 post is not there


def test_the_csv_shows_only_what_the_user_may_see(client, world):
    client.force_login(world.line_manager)  # limited to Riverside CMHT
    lines = read_csv(client.get(reverse("programmes:post-list"), {"format": "csv"}))
    assert {line[2] for line in lines[1:]} == {"Riverside CMHT"}


def test_cells_a_spreadsheet_would_run_are_defused(client, world):
    for dangerous in ('=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)"):
        assert cell(dangerous) == "'" + dangerous
    assert cell("Peer-led group") == "Peer-led group"
    world.colleague.full_name = "=1+2"
    world.colleague.save()
    client.force_login(world.hr_officer)
    lines = read_csv(client.get(reverse("programmes:peer-list"), {"format": "csv"}))
    assert [line[0] for line in lines[1:] if "1+2" in line[0]] == ["'=1+2"]


def test_dates_are_iso_and_values_plain():
    assert cell(datetime.date(2026, 3, 1)) == "2026-03-01"
    assert cell(True) == "Yes" and cell(None) == ""
    assert Col("Team", "team.name").read(type("P", (), {"team": None})()) is None


def test_the_peer_list_csv_leaves_out_sensitive_fields(client, world):
    client.force_login(world.hr_officer)
    text = b"".join(client.get(reverse("programmes:peer-list"), {"format": "csv"}).streaming_content).decode()
    assert "Samira Okafor" in text
    assert "Depression" not in text  # lived experience is on the peer's own page only


def test_exporting_sensitive_records_is_logged(client, workforce):
    w = workforce
    url = reverse("workforce:return-to-work-list", args=[w.return_to_work.peer.pk])
    client.force_login(w.hr_officer)
    before = SensitiveAccessLog.objects.count()
    lines = read_csv(client.get(url, {"format": "csv"}))
    assert len(lines) == 2
    log = SensitiveAccessLog.objects.order_by("-pk").first()
    assert SensitiveAccessLog.objects.count() == before + 1
    assert log.channel == SensitiveAccessLog.Channel.EXPORT
    assert log.record_type == SensitiveAccessLog.RecordType.RETURN_TO_WORK
    assert log.user == w.hr_officer and log.object_id == str(w.return_to_work.pk)
    # a role the page refuses gets no file, and nothing is logged
    client.force_login(w.supervisor)
    assert client.get(url, {"format": "csv"}).status_code == 404
    assert SensitiveAccessLog.objects.count() == before + 1
