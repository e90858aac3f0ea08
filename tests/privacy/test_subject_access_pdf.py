"""The subject access PDF reads as its subject would read it (issue 16, item 5): a cover page saying what is held and
why, how long, how to ask for a correction and the regulator; one part per phase of the journey; records under their
names with labelled fields, people by name and role, dates as dates, choices as text, files by name; history as
"changed on ... by ..." lines; the access log as one table by reader and day; never a column name or an id. The JSON
keeps every field and id (tests/privacy/test_subject_access.py)."""

from __future__ import annotations

import datetime
import io
import json
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from privacy import pdf, subject_access
from programmes import access
from programmes.models import SensitiveAccessLog
from tests.pdf_layout import layout_problems
from tests.privacy.ig import add_ig_officers

RecordType = SensitiveAccessLog.RecordType
Channel = SensitiveAccessLog.Channel
LONDON = ZoneInfo("Europe/London")
FIRST_ID = 7_000_000


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def distinctive_ids(db):
    """Every table's next id made seven digits (and different per table), so that an id printed in the PDF cannot
    pass for a band, a score or a year. Sequences are outside the test's transaction: put back afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("sets PostgreSQL sequences")
    with connection.cursor() as cursor:
        cursor.execute("SELECT schemaname, sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
        sequences = cursor.fetchall()
        for k, (schema, name, _) in enumerate(sequences):
            cursor.execute("SELECT setval(%s, %s)", [f'"{schema}"."{name}"', FIRST_ID + 10_000 * k])
    yield
    with connection.cursor() as cursor:
        for schema, name, last in sequences:
            if last is None:
                cursor.execute("SELECT setval(%s, 1, false)", [f'"{schema}"."{name}"'])
            else:
                cursor.execute("SELECT setval(%s, %s)", [f'"{schema}"."{name}"', last])


@pytest.fixture
def clock():
    """The worlds are built on 2 December 2026 (their history says so), the changes below made the day after."""
    with time_machine.travel(datetime.datetime(2026, 12, 2, 9, tzinfo=LONDON)):
        yield


@pytest.fixture
def held(distinctive_ids, clock, development, media):
    """Samira's records in the development world, with on 3 December 2026 her training record changed (notes and an
    evidence file) by her supervisor, an objective deleted, and the sensitive reads of two days: HR read her plan's
    reasonable adjustments three times on the 3rd and once on the 4th, the peer lead read her lived experience."""
    w = add_ig_officers(development)
    with time_machine.travel(at(3, 10), tick=False):
        w.training.notes = "Passed with merit."
        w.training.evidence = SimpleUploadedFile("certificate.pdf", b"%PDF-1.4 twelve bytes", "application/pdf")
        w.training._history_user = w.supervisor
        w.training.save()
        w.deleted_objective_text = w.own_objective.text
        w.own_objective._history_user = w.supervisor
        w.own_objective.delete()
    for moment, user, record_type, record in [
        (at(3, 9, 5), w.hr_officer, RecordType.OCCUPATIONAL_HEALTH, w.placement),
        (at(3, 11, 40), w.hr_officer, RecordType.OCCUPATIONAL_HEALTH, w.placement),
        (at(3, 14, 15), w.hr_officer, RecordType.OCCUPATIONAL_HEALTH, w.placement),
        (at(4, 8, 30), w.hr_officer, RecordType.OCCUPATIONAL_HEALTH, w.placement),
        (at(4, 16, 0), w.peer_lead, RecordType.LIVED_EXPERIENCE, w.peer),
    ]:
        with time_machine.travel(moment, tick=False):
            access.log_sensitive_reads(user=user, reads=[(w.peer, record)], record_type=record_type)
    return w


def download(client, user, peer, kind: str = "pdf"):
    client.force_login(user)
    if kind == "json":
        return json.loads(client.get(reverse("privacy:subject-access", args=[peer.pk]), {"format": "json"}).content)
    response = client.get(reverse("privacy:subject-access-pdf", args=[peer.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    """The text with its line breaks as spaces (a sentence may wrap)."""
    return re.sub(r"\s+", " ", text)


def ids_in(document) -> set[int]:
    """Every id the JSON export holds: the records', their history rows' and those they point at."""
    found = set()
    for record in document["records"]:
        for row in [*record["rows"], *record["history"]]:
            found |= {v for k, v in row.items() if (k == "id" or k.endswith("_id")) and isinstance(v, int)}
    return found


def test_the_pdf_prints_no_column_name_and_no_id(client, held):
    w = held
    document = download(client, w.peer_worker, w.peer, "json")
    ids = {i for i in ids_in(document) if i >= FIRST_ID}
    assert len(ids) > 50  # the export's own records, those they point at and the history rows
    text = text_of(download(client, w.peer_worker, w.peer))
    assert not re.findall(r"\w+_id\b|\bhistory_\w+", text)
    assert not [i for i in ids if re.search(rf"\b{i}\b", text)]
    assert not re.findall(r"\b\d{6,}\b", text), "a long number is most likely an id"


def test_the_cover_page_says_what_is_held_and_why_how_long_how_to_correct_it_and_the_regulator(client, held):
    w = held
    data = download(client, w.peer_worker, w.peer)
    cover = flat(PdfReader(io.BytesIO(data)).pages[0].extract_text())
    assert "Everything held about Samira Okafor" in cover
    assert "For Samira Okafor, from Northshire Health and Care NHS Foundation Trust" in cover
    for heading in ("What is held and why", "How long it is kept", "How to ask for a correction", "The regulator"):
        assert heading in cover, heading
    assert "to run the trust's peer support programme" in cover
    assert "removed 12 months after their last application ended" in cover
    assert "the information governance officer of Northshire Health and Care NHS Foundation Trust, Nadia Iqbal" in cover
    assert "Information Commissioner's Office (ICO)" in cover
    assert "ico.org.uk" in cover and "0303 123 1113" in cover


def test_every_part_of_the_journey_is_a_section_and_every_source_is_in_one(client, held):
    w = held
    text = text_of(download(client, w.peer_worker, w.peer))
    lines = {line.strip() for line in text.splitlines()}
    for part in pdf.PARTS:
        assert part.title in lines, part.title
    for source in subject_access.REGISTRY:
        assert source.label in text, source.label
    placed = [model for part in pdf.PARTS for model in part.models]
    assert sorted(placed) == sorted(s.model for s in subject_access.REGISTRY)


def test_values_read_as_words_people_by_name_and_role(client, held):
    w = held
    text = flat(text_of(download(client, w.peer_worker, w.peer)))
    supervisor = f"{w.supervisor.get_full_name()} (Supervisor, Riverside CMHT)"
    assert not re.findall(r"\b\d{4}-\d{2}-\d{2}", text), "an ISO date"
    assert "4 November 2026" in text  # the competency assessment, a date as a date
    assert f"Assessed by {supervisor}" in text  # a person by name and role, not a number
    assert "Context Supervision" in text  # a choice by its text, not "supervision"
    assert "Placed in the team that provides their care No" in text  # a Yes/No
    assert "Their own sign-in Samira Okafor (themself)" in text
    assert "certificate" in text and "twelve bytes" not in text  # a file by its name, never its contents
    assert "Peer support worker training" in text and "Passed with merit." in text


def test_history_is_dated_lines_saying_who_changed_which_fields(client, held):
    w = held
    text = flat(text_of(download(client, w.peer_worker, w.peer)))
    supervisor = f"{w.supervisor.get_full_name()} (Supervisor, Riverside CMHT)"
    assert f"Changed on 3 December 2026 by {supervisor}: Evidence, Notes" in text
    # The deleted objective is shown as it was, with the day it went.
    assert f"{w.deleted_objective_text}" in text
    assert "(deleted on 3 December 2026)" in text
    assert f"Deleted on 3 December 2026 by {supervisor}" in text
    assert "history_type" not in text and "~" not in text


def test_the_access_log_is_one_table_by_reader_and_day(client, held):
    w = held
    text = flat(text_of(download(client, w.peer_worker, w.peer)))
    hr = w.hr_officer.get_full_name()
    assert text.count("Who Role What When How") == 1
    assert (
        f"{hr} HR, Northshire Health and Care NHS Foundation Trust Occupational health and reasonable adjustments (3) "
        "3 December 2026, 09:05 to 14:15 Web page"
    ) in text
    assert "Occupational health and reasonable adjustments 4 December 2026, 08:30 Web page" in text
    assert f"{w.peer_lead.get_full_name()} Peer support lead" in text
    assert "Lived-experience details 4 December 2026, 16:00" in text


def test_a_partial_pdf_names_the_fields_it_withholds(client, held):
    w = held
    text = flat(text_of(download(client, w.hr_officer, w.peer)))
    assert "a partial export" in text
    assert "Withheld from this partial export: Lived experience (in the person's own words)." in text


def test_the_pdf_reads_the_names_it_shows_in_as_many_queries_however_many_records(held):
    """Names of people and of records pointed at (a review's placement: its post, team and peer) are read together."""
    from django.test.utils import CaptureQueriesContext

    from development.models import TrainingRecord
    from tests import factories
    from tests.workforce.world import place, session
    from workforce.models import SupervisionKind

    w = held

    def queries() -> int:
        sections = subject_access.collect(w.peer)
        with CaptureQueriesContext(connection) as captured:
            pdf.subject_access_html(w.peer, sections)
        return len(captured)

    before = queries()
    for k in range(3):
        post = factories.PostFactory(team=w.other_team, title=f"Relief peer worker {k}")
        place(
            w.peer, post, start=datetime.date(2024, 1, 1) + datetime.timedelta(days=100 * k), line_manager=w.peer_lead
        )
        session(
            kind=SupervisionKind.MANAGERIAL,
            supervisor=factories.UserFactory(),
            peers=[w.peer],
            date=datetime.date(2026, 10, 1) + datetime.timedelta(days=k),
        )
        TrainingRecord.objects.create(peer=w.peer, category="other", title=f"Course {k}", provider="The trust")
    assert queries() == before


def test_a_five_year_record_lays_out_on_a4(held):
    """Five years of monthly managerial supervision (with notes) and four-weekly group supervision, training every
    quarter and reads of the plan every six weeks: long tables and lists across many pages (bench/subject_access.py
    times a peer of the trust-scale data with weekly supervision)."""
    from development.models import TrainingRecord
    from tests.workforce.world import session
    from workforce.models import SupervisionKind, SupervisionSession

    w = held
    start = datetime.date(2021, 12, 1)
    for k in range(60):
        session(
            kind=SupervisionKind.MANAGERIAL,
            supervisor=w.line_manager,
            peers=[w.peer],
            date=start + datetime.timedelta(days=30 * k),
            notes=f"Month {k}: caseload, training and how the work is going; agreed to keep the Thursday slot.",
        )
    for k in range(65):
        session(
            kind=SupervisionKind.PEER,
            supervisor=w.supervisor,
            peers=[w.peer, w.colleague],
            date=start + datetime.timedelta(days=28 * k),
            fmt=SupervisionSession.Format.GROUP,
        )
    for k in range(20):
        TrainingRecord.objects.create(
            peer=w.peer,
            category="mandatory",
            title=f"Safeguarding adults level {k % 3 + 1}",
            provider="MyESR",
            completed_on=start + datetime.timedelta(days=90 * k),
            expires_on=start + datetime.timedelta(days=90 * k + 365 * 3),
        )
    for k in range(40):
        with time_machine.travel(datetime.datetime(2022, 1, 3, 9, tzinfo=LONDON) + datetime.timedelta(weeks=6 * k)):
            access.log_sensitive_reads(
                user=w.line_manager, reads=[(w.peer, w.wap)], record_type=RecordType.WELLNESS_ACTION_PLAN
            )
    data = pdf.subject_access_pdf(w.peer, subject_access.collect(w.peer)).read()
    assert not layout_problems(data, name="five-year subject access", new_page_sections=pdf.new_page_sections())
    text = text_of(data)
    assert "Month 59: caseload" in text and "Safeguarding adults level 3" in text
