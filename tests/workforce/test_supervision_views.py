"""Supervision's pages: recording a session (bad input shown beside the field, nothing saved), the notes
(never shown to the line manager or HR, and logged when read), the schedule and a peer's calendar."""

from __future__ import annotations

import datetime

import icalendar
import pytest
import time_machine
from django.urls import reverse

from programmes.models import SensitiveAccessLog
from workforce import services_supervision as services
from workforce.models import SupervisionAttendance, SupervisionKind, SupervisionSession

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)

TODAY = datetime.date(2026, 11, 10)
NOTES = "Notes for Samira Okafor."
Status = SupervisionSession.Status


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC), tick=False):
        yield


def notes_reads(peer=None):
    logs = SensitiveAccessLog.objects.filter(record_type=SensitiveAccessLog.RecordType.SUPERVISION_NOTES)
    return logs.filter(peer=peer) if peer else logs


def test_a_supervisor_records_a_group_session_then_each_peers_notes(client, workforce):
    w = workforce
    client.force_login(w.supervisor)
    response = client.post(
        reverse("workforce:supervision-create"),
        {
            "kind": "peer",
            "format": "group",
            "status": "held",
            "date": "2026-11-09",
            "duration_minutes": 90,
            "supervisor": w.supervisor.pk,
            "attendees": [w.peer.pk, w.colleague.pk],
            "themes": "Using your story with purpose.",
            "actions": "",
        },
    )
    session = SupervisionSession.objects.get(date=datetime.date(2026, 11, 9))
    assert response.status_code == 302 and response["Location"] == reverse(
        "workforce:supervision-notes", args=[session.pk]
    )
    page = client.get(response["Location"])
    assert page.status_code == 200 and page.content.decode().count("Wellbeing check:") == 2
    response = client.post(
        response["Location"],
        {
            f"peer-{w.peer.pk}-wellbeing_check": "Bright.",
            f"peer-{w.peer.pk}-notes": "Samira wants to co-facilitate.",
            f"peer-{w.colleague.pk}-wellbeing_check": "Tired.",
            f"peer-{w.colleague.pk}-notes": "Daniel will take a day off.",
        },
    )
    assert response.status_code == 302
    notes = dict(session.attendances.values_list("peer__full_name", "notes"))
    assert notes == {
        "Samira Okafor": "Samira wants to co-facilitate.",
        "Daniel Whitfield": "Daniel will take a day off.",
    }


def test_a_group_session_with_one_peer_is_refused_beside_the_field_and_nothing_is_saved(client, workforce):
    w = workforce
    client.force_login(w.supervisor)
    before = SupervisionSession.objects.count()
    response = client.post(
        reverse("workforce:supervision-create"),
        {
            "kind": "peer",
            "format": "group",
            "status": "held",
            "date": "2026-11-09",
            "duration_minutes": 60,
            "supervisor": w.supervisor.pk,
            "attendees": [w.peer.pk],
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["attendees"] == ["A group session has two or more peers."]
    assert "There is a problem" in response.content.decode()
    assert SupervisionSession.objects.count() == before


def test_a_held_session_in_the_future_is_refused_beside_the_date(client, workforce):
    w = workforce
    client.force_login(w.line_manager)
    before = SupervisionSession.objects.count()
    response = client.post(
        reverse("workforce:supervision-create"),
        {
            "kind": "managerial",
            "format": "individual",
            "status": "held",
            "date": "2026-11-20",
            "duration_minutes": 60,
            "supervisor": w.line_manager.pk,
            "attendees": [w.peer.pk],
        },
    )
    assert "cannot be in the future" in " ".join(response.context["form"].errors["date"])
    assert SupervisionSession.objects.count() == before


def test_the_form_offers_only_the_users_supervisees(client, workforce):
    w = workforce
    client.force_login(w.supervisor)
    form = client.get(reverse("workforce:supervision-create")).context["form"]
    assert set(form.fields["attendees"].queryset) == {w.peer, w.colleague}
    assert form.initial["supervisor"] == w.supervisor.pk


@pytest.mark.parametrize("who", ["line_manager", "hr_officer", "peer_lead"])
def test_the_notes_of_a_group_session_are_never_shown_to_others(client, workforce, who):
    w = workforce
    # The line manager holds Samira's managerial supervision (and reads its notes); the group session's
    # notes are the peer supervisor's and Samira's alone.
    w.attendance.notes, w.attendance.wellbeing_check = "Group notes: Samira.", "Group check: Samira."
    w.attendance.save()
    client.force_login(getattr(w, who))
    html = client.get(reverse("workforce:supervision-detail", args=[w.group_session.pk])).content.decode()
    assert "Settling in" in html  # the themes are shared
    assert "Group notes: Samira." not in html and "Group check: Samira." not in html
    assert "Notes for Daniel Whitfield." not in html
    assert "private to the supervisor and Samira Okafor" in html
    assert not notes_reads().exists()
    html = client.get(reverse("workforce:peer-supervision", args=[w.peer.pk])).content.decode()
    assert "Group notes: Samira." not in html and "Group check: Samira." not in html
    if who != "line_manager":
        assert NOTES not in html and not notes_reads().exists()


def test_the_peer_reads_their_own_notes_only_and_nothing_is_logged(client, workforce):
    w = workforce
    client.force_login(w.peer_worker)
    html = client.get(reverse("workforce:supervision-detail", args=[w.group_session.pk])).content.decode()
    assert NOTES in html and "Notes for Daniel Whitfield." not in html
    html = client.get(reverse("workforce:peer-supervision", args=[w.peer.pk])).content.decode()
    assert NOTES in html
    assert not notes_reads().exists()


def test_the_supervisor_reads_each_peers_notes_and_the_read_is_logged(client, workforce):
    w = workforce
    client.force_login(w.supervisor)
    html = client.get(reverse("workforce:supervision-detail", args=[w.group_session.pk])).content.decode()
    assert NOTES in html and "Notes for Daniel Whitfield." in html
    assert set(notes_reads().values_list("peer__full_name", "user__username")) == {
        ("Samira Okafor", "supervisor"),
        ("Daniel Whitfield", "supervisor"),
    }


def test_the_supervisor_marks_a_planned_session_held(client, workforce):
    w = workforce
    planned = services.record_session(
        by=w.supervisor,
        kind=SupervisionKind.PEER,
        format="individual",
        status=Status.PLANNED,
        date=TODAY,
        supervisor=w.supervisor,
        attendees=[w.peer],
    )
    client.force_login(w.line_manager)
    assert (
        client.post(reverse("workforce:supervision-detail", args=[planned.pk]), {"action": "held"}).status_code == 404
    )
    client.force_login(w.supervisor)
    response = client.post(reverse("workforce:supervision-detail", args=[planned.pk]), {"action": "held"})
    assert response["Location"] == reverse("workforce:supervision-notes", args=[planned.pk])
    planned.refresh_from_db()
    assert planned.status == Status.HELD


def test_the_supervisor_edits_a_session(client, workforce):
    w = workforce
    client.force_login(w.supervisor)
    url = reverse("workforce:supervision-update", args=[w.group_session.pk])
    form = client.get(url).context["form"]
    assert set(form.initial["attendees"]) == {w.peer.pk, w.colleague.pk}
    data = {
        "kind": "peer",
        "format": "group",
        "status": "held",
        "date": "2026-11-04",
        "duration_minutes": 60,
        "supervisor": w.supervisor.pk,
        "attendees": [w.peer.pk, w.colleague.pk],
        "themes": "Lone working.",
    }
    assert client.post(url, data).status_code == 302
    w.group_session.refresh_from_db()
    assert w.group_session.themes == "Lone working."
    assert SupervisionAttendance.objects.get(pk=w.attendance.pk).notes == NOTES  # notes survive an edit


def test_the_schedule_lists_overdue_supervision_first_in_words(client, workforce):
    w = workforce
    client.force_login(w.line_manager)
    response = client.get(reverse("workforce:supervision-schedule"), {"team": w.team.pk})
    rows = response.context["rows"]
    assert {r.peer for r in rows} == {w.peer, w.colleague}
    overdue = [r.is_overdue for r in rows]
    assert overdue == sorted(overdue, reverse=True)
    # Daniel has had no managerial supervision since he started on 1 September: weekly at first.
    daniel = next(r for r in rows if r.peer == w.colleague and r.kind == SupervisionKind.MANAGERIAL)
    assert daniel.is_overdue and daniel.due_on == datetime.date(2026, 9, 8)
    assert f"Overdue by {daniel.overdue_days} days" in response.content.decode()


def test_the_schedule_filtered_by_another_team_shows_nobody_of_this_one(client, workforce):
    w = workforce
    client.force_login(w.hr_officer)
    response = client.get(reverse("workforce:supervision-schedule"), {"team": w.other_team.pk})
    assert all(r.peer not in (w.peer, w.colleague) for r in response.context["rows"])


def test_the_calendar_has_the_planned_sessions_and_the_dates_due(client, workforce):
    w = workforce
    services.record_session(
        by=w.supervisor,
        kind=SupervisionKind.PEER,
        format="individual",
        status=Status.PLANNED,
        date=TODAY + datetime.timedelta(days=3),
        start_time=datetime.time(14, 30),
        location="Room 2",
        supervisor=w.supervisor,
        attendees=[w.peer],
    )
    client.force_login(w.peer_worker)
    response = client.get(reverse("workforce:peer-supervision-ics", args=[w.peer.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == 'attachment; filename="supervision-samira-okafor.ics"'
    cal = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    planned = events["Peer supervision (individual) with " + (w.supervisor.get_full_name() or "supervisor")]
    assert planned.decoded("dtstart").hour == 14 and str(planned["location"]) == "Room 2"
    assert "Managerial supervision due for Samira Okafor" in events
    assert NOTES.encode() not in response.content
