"""Supervision's services: recording sessions (each rule refused with its message beside the field, and
nothing saved), the supervisor's notes, changes, marking a planned session held and cancelling one."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from workforce import services_supervision as services
from workforce.models import SupervisionAttendance, SupervisionKind, SupervisionSession

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)

TODAY = datetime.date(2026, 11, 10)
Format = SupervisionSession.Format
Status = SupervisionSession.Status


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC), tick=False):
        yield


def group(w, **overrides):
    fields = {
        "by": w.supervisor,
        "kind": SupervisionKind.PEER,
        "format": Format.GROUP,
        "date": TODAY,
        "supervisor": w.supervisor,
        "attendees": [w.peer, w.colleague],
        "themes": "Boundaries when sharing your story.",
        "actions": "Read the ImROC briefing on peer support.",
    }
    fields.update(overrides)
    return services.record_session(**fields)


def refused(w, field: str, **overrides) -> str:
    """Recording refuses with a message on `field`, and nothing is saved."""
    sessions, attendances = SupervisionSession.objects.count(), SupervisionAttendance.objects.count()
    with pytest.raises(ValidationError) as caught:
        group(w, **overrides)
    assert SupervisionSession.objects.count() == sessions
    assert SupervisionAttendance.objects.count() == attendances
    errors = caught.value.message_dict
    assert field in errors, errors
    return " ".join(errors[field])


def test_a_supervisor_records_a_group_session_with_each_peers_notes(workforce):
    w = workforce
    session = group(
        w,
        notes={
            w.peer.pk: {"wellbeing_check": "Tired but well.", "notes": "Samira's own notes."},
            w.colleague.pk: {"wellbeing_check": "Well.", "notes": "Daniel's own notes."},
        },
    )
    assert session.status == Status.HELD and session.recorded_by == w.supervisor
    notes = {a.peer: (a.wellbeing_check, a.notes) for a in session.attendances.all()}
    assert notes == {w.peer: ("Tired but well.", "Samira's own notes."), w.colleague: ("Well.", "Daniel's own notes.")}
    assert session.history.first().history_user == w.supervisor


def test_a_planned_session_can_be_in_the_future(workforce):
    w = workforce
    session = group(w, status=Status.PLANNED, date=TODAY + datetime.timedelta(days=7), start_time=datetime.time(10))
    assert session.status == Status.PLANNED and session.attendances.count() == 2


def test_managerial_supervision_is_individual(workforce):
    w = workforce
    message = refused(w, "format", by=w.line_manager, kind=SupervisionKind.MANAGERIAL, supervisor=w.line_manager)
    assert "individual, with the line manager" in message


def test_managerial_supervision_is_with_the_line_manager(workforce):
    w = workforce
    message = refused(w, "supervisor", kind=SupervisionKind.MANAGERIAL, format=Format.INDIVIDUAL, attendees=[w.peer])
    assert message == "Managerial supervision is with Samira Okafor's line manager."


def test_the_line_manager_records_managerial_supervision(workforce):
    w = workforce
    session = group(
        w,
        by=w.line_manager,
        kind=SupervisionKind.MANAGERIAL,
        format=Format.INDIVIDUAL,
        supervisor=w.line_manager,
        attendees=[w.peer],
    )
    assert list(session.attendees.all()) == [w.peer]


def test_an_individual_session_has_exactly_one_peer(workforce):
    w = workforce
    assert "exactly one peer" in refused(w, "attendees", format=Format.INDIVIDUAL)


def test_a_group_session_has_two_or_more_peers(workforce):
    w = workforce
    assert refused(w, "attendees", attendees=[w.peer]) == "A group session has two or more peers."


def test_a_session_has_attendees(workforce):
    w = workforce
    assert refused(w, "attendees", attendees=[]) == "Choose who attended."


def test_a_held_session_is_not_in_the_future(workforce):
    w = workforce
    assert "cannot be in the future" in refused(w, "date", date=TODAY + datetime.timedelta(days=1))


def test_a_planned_session_is_not_in_the_past(workforce):
    w = workforce
    message = refused(w, "date", status=Status.PLANNED, date=TODAY - datetime.timedelta(days=1))
    assert "cannot be in the past" in message


def test_the_supervisor_is_staff_of_the_trust_who_supervises(workforce):
    w = workforce
    message = refused(w, "supervisor", supervisor=w.panel_member)
    assert message == "The supervisor must be a member of staff of the trust who supervises."
    assert "staff of the trust" in refused(w, "supervisor", by=w.administrator, supervisor=w.other_trust_staff)


def test_attendees_are_peers_the_recorder_supervises(workforce):
    w = workforce
    # The supervisor's role is limited to their team: Tom is in another team.
    message = refused(w, "attendees", attendees=[w.peer, w.other_team_peer])
    assert message == "You cannot record supervision for Tom Hughes."


def test_attendees_are_of_one_trust(workforce):
    w = workforce
    message = refused(w, "attendees", by=w.administrator, attendees=[w.peer, w.other_trust_peer])
    assert "same trust" in message


def test_only_the_supervisor_writes_an_attendees_notes(workforce):
    w = workforce
    attendance = w.attendance
    for someone in (w.line_manager, w.peer_worker, w.hr_officer):
        with pytest.raises(ValidationError, match="Only the session's supervisor"):
            services.record_attendance_notes(attendance=attendance, by=someone, wellbeing_check="x", notes="y")
    attendance.refresh_from_db()
    assert attendance.notes == "Notes for Samira Okafor."
    services.record_attendance_notes(attendance=attendance, by=w.supervisor, wellbeing_check="Calm.", notes="New.")
    attendance.refresh_from_db()
    assert (attendance.wellbeing_check, attendance.notes) == ("Calm.", "New.")


def test_notes_passed_for_someone_who_did_not_attend_are_refused(workforce):
    w = workforce
    before = SupervisionSession.objects.count()
    with pytest.raises(ValidationError):
        group(w, notes={w.other_team_peer.pk: {"wellbeing_check": "", "notes": "Not there."}})
    assert SupervisionSession.objects.count() == before


def test_the_supervisor_changes_a_session_under_the_same_rules(workforce):
    w = workforce
    session = w.group_session
    services.update_session(session=session, by=w.supervisor, themes="Lone working.", attendees=[w.peer, w.colleague])
    session.refresh_from_db()
    assert session.themes == "Lone working."
    with pytest.raises(ValidationError) as caught:
        services.update_session(session=session, by=w.supervisor, attendees=[w.peer])
    assert "attendees" in caught.value.message_dict
    assert session.attendances.count() == 2


def test_only_the_supervisor_changes_a_session(workforce):
    w = workforce
    with pytest.raises(ValidationError, match="Only the session's supervisor"):
        services.update_session(session=w.group_session, by=w.line_manager, themes="Changed.")
    w.group_session.refresh_from_db()
    assert w.group_session.themes.startswith("Settling in")


def test_a_peer_chosen_twice_attends_once(workforce):
    w = workforce
    session = group(w, attendees=[w.peer, w.colleague, w.placement.peer])  # duplicates are one person
    assert session.attendances.count() == 2


def test_a_planned_session_is_marked_held_once_its_day_has_come(workforce):
    w = workforce
    soon = group(w, status=Status.PLANNED, date=TODAY + datetime.timedelta(days=2))
    with pytest.raises(ValidationError) as caught:
        services.mark_held(session=soon, by=w.supervisor)
    assert "date" in caught.value.message_dict
    soon.refresh_from_db()
    assert soon.status == Status.PLANNED
    today = group(w, status=Status.PLANNED, date=TODAY)
    services.mark_held(session=today, by=w.supervisor)
    assert today.status == Status.HELD


def test_a_planned_session_is_cancelled_but_a_held_one_is_not(workforce):
    w = workforce
    planned = group(w, status=Status.PLANNED, date=TODAY + datetime.timedelta(days=2))
    services.cancel_session(session=planned, by=w.supervisor)
    planned.refresh_from_db()
    assert planned.status == Status.CANCELLED
    with pytest.raises(ValidationError, match="Only a planned session can be cancelled"):
        services.cancel_session(session=w.group_session, by=w.supervisor)
    with pytest.raises(ValidationError, match="Only the session's supervisor"):
        services.cancel_session(session=planned, by=w.line_manager)
    w.group_session.refresh_from_db()
    assert w.group_session.status == Status.HELD
