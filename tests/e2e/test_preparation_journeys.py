"""Phase 1, preparation, in the browser: a line manager downloads a post's job description as a PDF, and
HR records a team preparation session (correcting a missing date on the way).

Every page the journeys show is checked with axe-core.

The reference data (job description templates, the team preparation agenda, the myths) comes from migration
0003, but each transactional test flushes the database when it ends, so a test that runs after another has
none. A serialized rollback does not bring it back here: with the package's browser running,
`connections["default"]` in the test is a different object from the one the test database was serialized
on, so Django finds no serialized contents and silently skips the restore. So each test loads the reference
data itself (the loader is idempotent).
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from programmes.models import AgendaCoverage, FollowUpAction, JobDescription, ReferenceItem, TeamPreparationSession
from programmes.reference_data import load_reference_data
from programmes.services import create_job_description_from_template
from tests.e2e.conftest import assert_accessible, go_to
from tests.e2e.test_hr_creates_post import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

KEY_DUTIES = [
    "To establish supportive and respectful relationships with people using mental health services.",
    "To help people identify their own recovery goals.",
    "To assist others to create their own Recovery plans and develop advance directives.",
    "Attend and complete agreed induction programme.",
]
CRITERIA = [
    "Lived experience of mental health problems",
    "Experience of recovering a meaningful life",
    "Completion of own Wellness Recovery Action Plan (WRAP)",
]


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    load_reference_data()


def words(text: str) -> str:
    """Text with every run of whitespace (line breaks in table cells included) as one space."""
    return " ".join(text.split())


def open_team_page(page, team_name: str) -> None:
    go_to(page, "Preparation", "Teams")
    expect(page.get_by_role("heading", level=1)).to_have_text("Teams")
    page.get_by_role("link", name=team_name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(team_name)


def test_line_manager_downloads_the_job_description_pdf(live_server, world, page, tmp_path):
    template = JobDescription.objects.get(template_name__startswith="Peer Support Worker (Band 2)")
    create_job_description_from_template(post=world.post, template=template, by=world.hr_officer)

    sign_in(page, live_server.url, world.line_manager.username)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

    open_team_page(page, world.team.name)
    assert_accessible(page)

    # The team has two posts of the same title: follow the one whose job description was set up.
    page.locator(f'main a[href="{world.post.get_absolute_url()}"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.post.title)
    jd_section = page.get_by_role("region", name="Job description and person specification")
    expect(jd_section).to_contain_text("Version 1")
    download_button = jd_section.get_by_role("link", name="Download job description (PDF)")
    expect(download_button).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        download_button.click()
    download = download_info.value
    assert re.fullmatch(r"job-description-peer-support-worker-band-3-v1\.pdf", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    assert saved.read_bytes().startswith(b"%PDF-")
    reader = PdfReader(saved)
    text = words("\n".join(p.extract_text() for p in reader.pages))
    assert world.post.title in text
    assert world.trust.name in text
    for duty in KEY_DUTIES:
        assert duty in text, f"key accountability missing from the PDF: {duty}"
    for criterion in CRITERIA:
        assert criterion in text, f"person specification criterion missing from the PDF: {criterion}"
    assert "Person specification" in text
    assert f"Page 1 of {len(reader.pages)}" in text

    # The same job description as a web page.
    jd_section.get_by_role("link", name="View the job description").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Job description: {world.post.title}")
    expect(page.get_by_role("link", name="Download job description (PDF)")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Job description", exact=True)).to_be_visible()
    accountabilities = page.get_by_role("table", name="Key accountabilities")
    expect(accountabilities).to_contain_text("To help people identify their own recovery goals.")
    expect(page.get_by_role("table", name=re.compile(r"^Person specification"))).to_contain_text(
        "Lived experience of mental health problems"
    )
    assert_accessible(page)


def test_hr_records_a_team_preparation_session(live_server, world, page):
    agenda_items = list(ReferenceItem.objects.filter(kind=ReferenceItem.Kind.TEAM_PREPARATION_AGENDA))
    assert agenda_items, "migration 0003 loads the team preparation agenda"
    held_on = timezone.localdate() - datetime.timedelta(days=3)
    held_on_text = f"{held_on.day} {held_on:%B %Y}"
    due = held_on + datetime.timedelta(days=28)

    sign_in(page, live_server.url, world.hr_officer.username)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

    open_team_page(page, world.team.name)
    readiness = page.get_by_role("region", name=re.compile(r"^Readiness for peer workers"))
    expect(readiness.get_by_role("heading", level=2)).to_have_text("Readiness for peer workers: Not started")
    expect(readiness).to_contain_text("No team preparation session yet.")
    assert_accessible(page)

    readiness.get_by_role("link", name="Record a team preparation session").click()
    title = f"Record a team preparation session: {world.team.name}"
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert_accessible(page)

    form = page.locator("main form")
    attendees = form.get_by_label("Attendees")
    attendees.fill("Maya Singh, team leader\nOwen Price, community psychiatric nurse")
    form.get_by_role("button", name="Save").click()

    # No date: the page comes back with the error summary and the error beside the field.
    expect(page).to_have_title(re.compile(r"^Error: Record a team preparation session"))
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Date held: Enter the date held.")).to_be_visible()
    date_held = form.get_by_label("Date held")
    expect(date_held).to_have_attribute("aria-invalid", "true")
    expect(date_held).to_have_accessible_description(re.compile(r"Enter the date held\."))
    expect(page.locator("#error_1_id_held_on")).to_have_text("Enter the date held.")
    expect(attendees).to_have_value("Maya Singh, team leader\nOwen Price, community psychiatric nurse")
    assert not TeamPreparationSession.objects.exists()
    assert_accessible(page)

    summary.get_by_role("link", name="Date held: Enter the date held.").click()
    expect(date_held).to_be_focused()
    date_held.fill(held_on.isoformat())

    # One "Covered: <item>" checkbox per agenda item (the accessible name is the label, whitespace collapsed).
    covered = form.get_by_role("checkbox", name=re.compile(r"^Covered: "))
    expect(covered).to_have_count(len(agenda_items))
    for item in agenda_items:
        form.get_by_label(f"Covered: {item.title}", exact=True).check()
    for i in range(len(agenda_items)):
        expect(covered.nth(i)).to_be_checked()

    first_action = form.get_by_role("group", name="Follow-up action 1")
    first_action.get_by_label("Action").fill("Agree how peer workers will record their contacts")
    first_action.get_by_label("Owner").fill("Maya Singh")
    first_action.get_by_label("Due date").fill(due.isoformat())

    # The reference content for the session, behind a disclosure.
    guidance = page.get_by_role("region", name="For the session: roles and myths")
    myths_summary = guidance.get_by_text("Common myths and misconceptions about peer workers (ImROC guide, Box 4)")
    first_myth = guidance.get_by_text("Peer support is just a way of saving money.")
    expect(first_myth).to_be_hidden()
    myths_summary.click()
    expect(first_myth).to_be_visible()
    expect(guidance.get_by_text("Peers will be too fragile")).to_be_visible()
    # Each myth's answer is behind its own disclosure, named for the myth's number.
    first = guidance.get_by_role("listitem").filter(has_text="Peer support is just a way of saving money.")
    answer = first.get_by_text(re.compile(r"^As indicated earlier, this is where many of the debates"))
    expect(answer).to_be_hidden()
    first.locator("summary", has_text=re.compile(r"^The answer to myth 1$")).click()
    expect(answer).to_be_visible()
    assert_accessible(page)

    form.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status").filter(has_text="Team preparation session recorded.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Team preparation: {world.team.name}, {held_on_text}")
    expect(page.locator("dl.record")).to_contain_text("Maya Singh, team leader")
    expect(page.locator("dl.record")).to_contain_text("Attendees (2)")
    agenda_table = page.get_by_role("table", name="Agenda items and whether each was covered")
    expect(agenda_table.get_by_role("row").filter(has=page.get_by_role("cell"))).to_have_count(len(agenda_items))
    expect(page.get_by_role("table", name="Follow-up actions")).to_contain_text(
        "Agree how peer workers will record their contacts"
    )
    assert_accessible(page)

    page.get_by_role("link", name=f"Back to {world.team.name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.team.name)
    readiness = page.get_by_role("region", name=re.compile(r"^Readiness for peer workers"))
    expect(readiness.get_by_role("heading", level=2)).to_have_text("Readiness for peer workers: In preparation")
    expect(readiness).to_contain_text("no recovery-focused practice training yet")
    expect(readiness).to_contain_text("1 follow-up action open")
    expect(readiness).not_to_contain_text("agenda items not yet covered")
    expect(readiness.get_by_role("link", name=f"Team preparation session, {held_on_text}")).to_be_visible()
    assert_accessible(page)

    session = TeamPreparationSession.objects.get()
    assert (session.team, session.held_on) == (world.team, held_on)
    assert session.attendee_list == ["Maya Singh, team leader", "Owen Price, community psychiatric nurse"]
    coverage = AgendaCoverage.objects.filter(session=session)
    assert sorted(coverage.values_list("item_id", flat=True)) == sorted(item.pk for item in agenda_items)
    assert all(coverage.values_list("covered", flat=True))
    action = FollowUpAction.objects.get()
    assert (action.session, action.action, action.owner, action.due_date, action.done) == (
        session,
        "Agree how peer workers will record their contacts",
        "Maya Singh",
        due,
        False,
    )
