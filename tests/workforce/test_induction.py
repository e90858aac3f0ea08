"""Induction: the template loaded from seed 001, the plan copied from it, ticking items off (service and
page), booking dates, adding items, and the timetable as an .ics file parsed back with icalendar."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import icalendar
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.workforce.test_placement_services import place
from tests.workforce.world import START
from workforce import services
from workforce.models import InductionSection, InductionTemplateItem

pytestmark = pytest.mark.shared_world("world")  # one world for the module (tests/shared_world.py)

SEED = Path("/work/shared/seeds/001_53326dee50958e6e.txt")
SEED_FALLBACK = Path(__file__).resolve().parents[2] / "workforce" / "reference" / "induction_template.json"


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.django_db
def test_the_template_holds_the_seeds_checklist_and_timetable_word_for_word():
    if not SEED.exists():
        pytest.skip("the seed text is not on this machine")
    seed = _normalise(SEED.read_text(encoding="utf-8"))
    quoted = InductionTemplateItem.objects.filter(
        section__in=[InductionSection.CHECKLIST, InductionSection.TIMETABLE]
    ).exclude(section=InductionSection.CHECKLIST, title__startswith="Objectives")
    titles = list(quoted.values_list("title", flat=True))
    assert len(titles) == 9
    assert [t for t in titles if _normalise(t) not in seed] == []
    timetable = list(
        InductionTemplateItem.objects.filter(section=InductionSection.TIMETABLE)
        .order_by("week")
        .values_list("week", "title")
    )
    assert [week for week, _ in timetable] == [1, 2, 3, 4]
    assert "Shadowing/Meeting Clinical Team members" in timetable[1][1]
    mandatory = " ".join(
        InductionTemplateItem.objects.filter(section=InductionSection.MANDATORY_TRAINING).values_list(
            "title", flat=True
        )
    ).lower()
    for topic in ("safeguarding", "fire safety", "manual handling"):
        assert topic in mandatory and topic in seed.lower()


@pytest.mark.django_db
def test_every_section_of_the_induction_has_items():
    assert set(InductionTemplateItem.objects.values_list("section", flat=True)) == set(InductionSection.values)


def test_the_plan_is_due_week_by_week_and_by_the_end_of_week_4(world):
    plan = place(world).induction
    week_1 = plan.items.filter(week=1).first()
    no_week = plan.items.filter(week__isnull=True).first()
    assert week_1.due_on == START + datetime.timedelta(days=6)
    assert no_week.due_on == START + datetime.timedelta(days=27)
    assert plan.items.filter(done_on__isnull=False).count() == 0


def test_a_plan_is_made_once_per_placement(world):
    placement = place(world)
    with pytest.raises(ValidationError):
        services.create_induction_plan(placement=placement, mentor=None, by=world.hr_officer)


def test_ticking_off_and_undoing_an_item(world):
    item = place(world).induction.items.first()
    services.mark_item_done(item=item, by=world.line_manager, done_on=START)
    item.refresh_from_db()
    assert (item.done_on, item.done_by) == (START, world.line_manager)
    services.mark_item_not_done(item=item, by=world.line_manager)
    item.refresh_from_db()
    assert (item.done_on, item.done_by) == (None, None)


def test_an_item_cannot_be_done_before_the_induction_began(world):
    item = place(world).induction.items.first()
    with pytest.raises(ValidationError) as raised:
        services.mark_item_done(item=item, by=world.line_manager, done_on=START - datetime.timedelta(days=1))
    assert "done_on" in raised.value.message_dict
    item.refresh_from_db()
    assert item.done_on is None


def test_adding_an_item_twice_is_refused(world):
    plan = place(world).induction
    item = services.add_induction_item(plan=plan, by=world.line_manager, title="Meet the carers' lead", week=2)
    assert item.due_on == START + datetime.timedelta(days=13)
    with pytest.raises(ValidationError) as raised:
        services.add_induction_item(plan=plan, by=world.line_manager, title="meet the carers' lead ")
    assert "title" in raised.value.message_dict


# --- The page -----------------------------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2026, 9, 10, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_the_peer_ticks_an_item_off_with_one_button_and_sees_progress(world, client):
    plan = place(world, peer=world.peer, post=world.post, hours=world.post.hours).induction
    item = plan.items.order_by("order").first()
    client.force_login(world.peer_worker)
    response = client.post(reverse("workforce:induction-item-done", args=[plan.pk, item.pk]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.done_on, item.done_by) == (datetime.date(2026, 9, 10), world.peer_worker)
    page = client.get(reverse("workforce:induction-detail", args=[plan.pk]))
    total = plan.items.count()
    assert page.context["progress"].done == 1
    assert f"1 of {total} items done" in page.content.decode()
    assert "Mark not done" in page.content.decode()
    client.post(reverse("workforce:induction-item-done", args=[plan.pk, item.pk]), {"undo": "1"})
    item.refresh_from_db()
    assert item.done_on is None


@time_machine.travel(datetime.datetime(2026, 9, 10, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_a_date_before_the_start_is_shown_beside_the_field_and_nothing_is_saved(world, client):
    plan = place(world).induction
    item = plan.items.first()
    client.force_login(world.line_manager)
    response = client.post(reverse("workforce:induction-item-done", args=[plan.pk, item.pk]), {"done_on": "2026-08-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["done_on"] == [ALLOWED_ON_10_SEPTEMBER]
    item.refresh_from_db()
    assert item.done_on is None


# --- Induction dates that agree (issue 15): from the induction's start up to today ---------------------------

ALLOWED_ON_10_SEPTEMBER = (
    "Choose a date from 1 September 2026, when the induction started, up to today, 10 September 2026; not a date in "
    "the future."
)


@time_machine.travel(datetime.datetime(2026, 9, 10, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_an_item_cannot_be_marked_done_in_the_future(world):
    item = place(world).induction.items.first()
    with pytest.raises(ValidationError) as raised:
        services.mark_item_done(item=item, by=world.line_manager, done_on=datetime.date(2026, 9, 11))
    assert raised.value.message_dict["done_on"] == [ALLOWED_ON_10_SEPTEMBER]
    item.refresh_from_db()
    assert item.done_on is None


@time_machine.travel(datetime.datetime(2026, 9, 10, 9, 0, tzinfo=datetime.UTC), tick=False)
@pytest.mark.parametrize("day", [START, datetime.date(2026, 9, 10)])
def test_an_item_can_be_marked_done_on_the_first_day_and_today(world, day):
    item = place(world).induction.items.first()
    services.mark_item_done(item=item, by=world.line_manager, done_on=day)
    item.refresh_from_db()
    assert item.done_on == day


@time_machine.travel(datetime.datetime(2026, 9, 10, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_the_form_says_which_dates_are_allowed_and_refuses_a_future_one_beside_the_field(world, client):
    plan = place(world).induction
    item = plan.items.first()
    client.force_login(world.line_manager)
    url = reverse("workforce:induction-item-done", args=[plan.pk, item.pk])
    page = client.get(url)
    field = page.context["form"]["done_on"]
    assert field.help_text == ALLOWED_ON_10_SEPTEMBER
    assert (field.field.widget.attrs["min"], field.field.widget.attrs["max"]) == ("2026-09-01", "2026-09-10")
    assert ALLOWED_ON_10_SEPTEMBER.replace("'", "&#x27;") in page.content.decode()
    response = client.post(url, {"done_on": "2026-09-11"})
    assert response.status_code == 200
    assert response.context["form"].errors["done_on"] == [ALLOWED_ON_10_SEPTEMBER]
    item.refresh_from_db()
    assert item.done_on is None


@time_machine.travel(datetime.datetime(2026, 8, 20, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_before_the_induction_starts_the_one_click_button_says_when_it_can_be_used(world, client):
    plan = place(world).induction  # starts on 1 September 2026
    item = plan.items.first()
    client.force_login(world.line_manager)
    response = client.post(reverse("workforce:induction-item-done", args=[plan.pk, item.pk]))
    assert response.status_code == 200
    assert response.context["form"].errors["done_on"] == [
        "The induction starts on 1 September 2026: an item can be marked done from that day, not before."
    ]
    item.refresh_from_db()
    assert item.done_on is None


def test_a_supervisor_who_is_not_the_mentor_cannot_tick_items_off(world, client):
    plan = place(world).induction
    item = plan.items.first()
    client.force_login(world.supervisor)
    assert client.post(reverse("workforce:induction-item-done", args=[plan.pk, item.pk])).status_code == 404
    item.refresh_from_db()
    assert item.done_on is None


def test_booking_a_date_and_adding_an_item_through_the_pages(world, client):
    plan = place(world).induction
    item = plan.items.filter(section=InductionSection.TRAINING_DATES).first()
    client.force_login(world.hr_officer)
    client.post(reverse("workforce:induction-item-schedule", args=[plan.pk, item.pk]), {"scheduled_for": "2026-10-12"})
    item.refresh_from_db()
    assert item.scheduled_for == datetime.date(2026, 10, 12)
    response = client.post(
        reverse("workforce:induction-item-add", args=[plan.pk]), {"section": "checklist", "week": "5", "title": "X"}
    )
    assert response.status_code == 200 and "week" in response.context["form"].errors
    response = client.post(
        reverse("workforce:induction-item-add", args=[plan.pk]),
        {"section": "checklist", "week": "2", "title": "Meet the recovery college tutors"},
    )
    assert response.status_code == 302
    assert plan.items.filter(title="Meet the recovery college tutors").exists()


# --- The timetable as iCalendar -------------------------------------------------------------------------


def test_the_timetable_downloads_as_an_ics_file_of_the_four_weeks_and_the_booked_dates(world, client):
    # 1 September 2026 is a Tuesday: week 1 runs Tuesday 1 to Monday 7 September.
    plan = place(world).induction
    item = plan.items.filter(section=InductionSection.TRAINING_DATES).first()
    services.schedule_item(item=item, scheduled_for=datetime.date(2026, 10, 12), by=world.hr_officer)
    client.force_login(world.hr_officer)
    response = client.get(reverse("workforce:induction-ics", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    weeks = [e for e in events if "-week-" in str(e["UID"])]
    assert len(weeks) == 4
    first = weeks[0]
    assert str(first["SUMMARY"]) == "Week 1 – Induction and shadowing your colleagues"
    assert first.decoded("DTSTART") == datetime.date(2026, 9, 1)
    assert first.decoded("DTEND") == datetime.date(2026, 9, 8)  # up to Monday 7, inclusive
    assert weeks[3].decoded("DTSTART") == datetime.date(2026, 9, 22)
    booked = [e for e in events if str(e["SUMMARY"]) == item.title]
    assert [e.decoded("DTSTART") for e in booked] == [datetime.date(2026, 10, 12)]


def test_the_timetable_is_not_downloaded_by_someone_who_cannot_see_the_plan(world, client):
    plan = place(world).induction
    client.force_login(world.panel_member)
    assert client.get(reverse("workforce:induction-ics", args=[plan.pk])).status_code == 404
