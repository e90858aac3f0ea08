"""HR brings existing staff in from a CSV file: a file with a bad row is refused with the row and the reason and
saves nothing; the corrected file's dry run shows what each row would do; importing it creates the peers.

Every page the journey shows is checked with axe-core.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from programmes.models import Peer
from tests.e2e.conftest import assert_accessible, go_to
from tests.e2e.test_hr_creates_post import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = "full_name,preferred_name,pronouns,email,phone\n"
GOOD = "Alex Smith,Alex,they/them,alex.smith@example.nhs.uk,01234 567890\n"
BAD = "Jordan Lee,,,not-an-email,\n"
FIXED = "Jordan Lee,,,jordan.lee@example.nhs.uk,\n"


def choose_file(page, content: str) -> None:
    page.get_by_label("CSV file").set_input_files(
        {"name": "existing-peers.csv", "mimeType": "text/csv", "buffer": content.encode()}
    )


def test_hr_imports_existing_peers_after_correcting_a_bad_row(live_server, world, page):
    log_in(page, live_server.url, world.hr_officer)
    page.goto(live_server.url + "/")
    go_to(page, "Employment", "Peers")
    page.get_by_role("link", name="Import existing staff").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import existing staff")
    assert_accessible(page)
    before = Peer.objects.count()

    form = page.locator("main form")
    form.get_by_label("What the file holds").select_option(label="Peers")
    form.get_by_label("Trust").select_option(label=world.trust.name)
    choose_file(page, HEADER + GOOD + BAD)
    form.get_by_role("button", name="Check the file").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("nothing has been saved")
    expect(summary.get_by_role("link", name="Row 2")).to_be_visible()
    expect(summary).to_contain_text("email")
    assert_accessible(page)
    assert Peer.objects.count() == before
    expect(page.get_by_role("button", name="Import these")).to_have_count(0)

    page.get_by_role("link", name="Back to the import page").click()
    form = page.locator("main form")
    form.get_by_label("What the file holds").select_option(label="Peers")
    form.get_by_label("Trust").select_option(label=world.trust.name)
    choose_file(page, HEADER + GOOD + FIXED)
    form.get_by_role("button", name="Check the file").click()

    expect(page.get_by_text("This is a dry run: nothing has been saved yet.")).to_be_visible()
    rows = page.get_by_role("table", name="What each row of the file would do")
    expect(rows).to_contain_text("Alex Smith")
    expect(rows).to_contain_text("Jordan Lee")
    assert_accessible(page)
    assert Peer.objects.count() == before

    page.get_by_role("button", name="Import these 2 row(s)").click()
    expect(page.get_by_text("Imported 2 row(s) of peers")).to_be_visible()
    assert_accessible(page)
    imported = Peer.objects.filter(
        trust=world.trust, email__in=["alex.smith@example.nhs.uk", "jordan.lee@example.nhs.uk"]
    )
    assert sorted(imported.values_list("full_name", flat=True)) == ["Alex Smith", "Jordan Lee"]
    assert Peer.objects.count() == before + 2
