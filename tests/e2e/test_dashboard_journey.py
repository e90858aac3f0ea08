"""The peer support lead's dashboard in the browser: the charts render from the vendored Chart.js (a canvas drawn,
no console errors), every table is present, a table downloads as CSV, and the filtered page and the page with
a bad date pass axe."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from dashboards.selectors import TABLE_SECTIONS
from programmes.reference_data import load_reference_data
from tests.e2e.conftest import assert_accessible, go_to
from tests.e2e.test_hr_creates_post import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """The seeds' reference data (the team preparation agenda team readiness counts against)."""
    load_reference_data()


def test_the_peer_lead_opens_the_dashboard_sees_charts_and_tables_and_downloads_a_csv(live_server, development, page):
    w = development
    base = live_server.url
    errors: list[str] = []
    # The browser's own request for /favicon.ico (the product has none) is not the page's error.
    page.on(
        "console",
        lambda message: (
            errors.append(f"{message.text} {message.location.get('url')}")
            if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico")
            else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    missing: list[str] = []
    page.on("response", lambda response: missing.append(response.url) if response.status == 404 else None)
    sign_in(page, base, w.peer_lead.username)
    expect(page).to_have_url(base + "/")

    go_to(page, "Reports", "Dashboard")
    expect(page.get_by_role("heading", level=1)).to_have_text("Programme dashboard")
    assert_accessible(page)
    canvases = page.locator("canvas[data-chart]")
    assert canvases.count() >= 3
    # Chart.js drew on the canvas: it is sized and Chart.js knows it.
    page.wait_for_function(
        "() => document.querySelectorAll('canvas[data-chart]').length > 0 && "
        "[...document.querySelectorAll('canvas[data-chart]')].every(c => window.Chart.getChart(c))"
    )
    # The headline figures first, the trend and every section closed: each opens with the keyboard.
    expect(page.get_by_role("table", name=re.compile("^Headline figures on"))).to_contain_text("Peers in post")
    # The headline, the trend's figures and one table per section's table (as each phase hooks its sections in).
    assert page.locator("table").count() == 2 + len(TABLE_SECTIONS)
    assert page.locator("details[open]").count() == 0
    readiness = page.locator("#readiness summary")
    readiness.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("table", name="Team readiness for peer workers")).to_contain_text(w.team.name)
    page.locator("#trend summary").click()
    expect(page.locator("#trend svg[role=img]")).to_have_count(2)
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download “Team readiness for peer workers” as CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("dashboard-readiness-")
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert rows[0] == ["Team", "Service", "Readiness", "Preparation sessions", "Still to do"]
    assert w.team.name in {row[0] for row in rows[1:]}

    page.get_by_text("Filters: All teams, all services").click()
    page.get_by_label("Team", exact=True).select_option(label=w.team.name)
    page.get_by_role("button", name="Show").click()
    page.locator("#readiness summary").click()
    expect(page.get_by_role("table", name="Team readiness for peer workers")).not_to_contain_text(w.other_team.name)
    assert_accessible(page)

    page.goto(base + reverse("dashboards:dashboard") + "?date_from=2026-12-01&date_to=2026-11-01")
    expect(page.get_by_role("alert")).to_contain_text("The start date must be on or before the end date.")
    assert_accessible(page)
    assert not errors, (errors, missing)


def test_a_dashboard_of_many_peers_shows_when_its_kept_figures_were_counted_and_counts_them_again(
    live_server, development, page, settings
):
    """Kept figures (dashboards.kept; every scope kept here): the page says when they were counted, its charts
    draw from the kept figures, and the button counts them again and comes back to the same filters."""
    from dashboards.models import KeptFigures

    settings.DASHBOARD_KEEP_ABOVE_PEERS = 0
    w = development
    base = live_server.url
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, base, w.peer_lead.username)
    page.goto(base + reverse("dashboards:dashboard") + f"?service_type={w.team.service_type}")
    kept = page.locator("#kept-figures")
    expect(kept).to_contain_text("Counted at")
    counted = KeptFigures.objects.get()
    page.reload()  # read back from what was kept
    expect(kept).to_contain_text("Counted at")
    assert KeptFigures.objects.get().built_at == counted.built_at
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas[data-chart]')].every(c => window.Chart.getChart(c))"
    )
    page.locator("#readiness summary").click()
    expect(page.get_by_role("table", name="Team readiness for peer workers")).to_contain_text(w.team.name)
    assert_accessible(page)

    button = page.get_by_role("button", name="Count the figures again now")
    button.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/dashboard/\?service_type={w.team.service_type}$"))
    expect(kept).to_contain_text("Counted at")
    assert KeptFigures.objects.get().built_at > counted.built_at
    assert_accessible(page)
    assert not errors
