"""iCalendar (.ics) files of the employment phase: the induction timetable here, and planned supervision
sessions (part of the supervision pages). `calendar(name, events)` builds any of them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

import icalendar
from django.utils import timezone

PRODID = "-//Peer Support Programme Manager//Employment//EN"


@dataclass(frozen=True)
class Event:
    """One calendar entry. All-day when `start` is a date (then `end` is the day after the last day, as
    RFC 5545 has it); timed when `start` is an aware datetime."""

    uid: str
    summary: str
    start: datetime.date | datetime.datetime
    end: datetime.date | datetime.datetime | None = None
    description: str = ""
    location: str = ""


def calendar(name: str, events: Iterable[Event]) -> bytes:
    """An iCalendar file named `name` with `events`, ready to send as text/calendar."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = timezone.now()
    for item in events:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("summary", item.summary)
        event.add("dtstart", item.start)
        if item.end is not None:
            event.add("dtend", item.end)
        elif not isinstance(item.start, datetime.datetime):
            event.add("dtend", item.start + datetime.timedelta(days=1))
        if item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        cal.add_component(event)
    return cal.to_ical()


def working_days_of_week(start: datetime.date, week: int) -> tuple[datetime.date, datetime.date]:
    """The first and last working day (Monday to Friday) of week `week` (1-based) of employment that began
    on `start`. A week that falls wholly on a weekend (it cannot: a week is seven days) still returns its
    first day."""
    first = start + datetime.timedelta(days=7 * (week - 1))
    days = [first + datetime.timedelta(days=i) for i in range(7)]
    working = [d for d in days if d.weekday() < 5] or days
    return working[0], working[-1]
