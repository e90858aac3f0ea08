"""The peer network (issue 18, item 6): meetings recorded with history, attendees of the meeting's trust only, bad
input refused beside its field with nothing saved, and who reads which meetings."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from development import services_network as services
from development.models import PeerNetworkAttendance, PeerNetworkMeeting
from tests import factories

pytestmark = pytest.mark.shared_world("development")  # one world for the module (tests/shared_world.py)

DAY = datetime.date(2026, 11, 25)


def _record(w, **fields):
    values = {
        "by": w.peer_lead,
        "trust": w.trust,
        "held_on": DAY,
        "place": "Riverside hub",
        "themes": "Keeping boundaries; rest after a hard week.",
        "attendees": [w.peer, w.colleague],
        "facilitated_by": w.peer_lead,
    }
    return services.record_network_meeting(**{**values, **fields})


# --- Services ---------------------------------------------------------------------------------------------


def test_recording_a_meeting_keeps_who_came_with_history(development):
    meeting = _record(development)
    assert set(meeting.attendees.all()) == {development.peer, development.colleague}
    assert meeting.history.get().history_user == development.peer_lead
    attendance = meeting.attendances.get(peer=development.colleague)
    assert attendance.history.get().history_user == development.peer_lead


def test_an_attendee_of_another_trust_is_refused_and_nothing_is_saved(development):
    before = PeerNetworkMeeting.objects.count()
    with pytest.raises(ValidationError) as error:
        _record(development, attendees=[development.peer, development.other_trust_peer])
    assert "Westvale" not in str(error.value.message_dict["attendees"])
    assert "Northshire" in error.value.message_dict["attendees"][0]
    assert PeerNetworkMeeting.objects.count() == before


def test_a_meeting_needs_attendees_a_place_and_themes(development):
    with pytest.raises(ValidationError) as error:
        _record(development, attendees=[], place="  ", themes="")
    assert set(error.value.message_dict) >= {"attendees", "place", "themes"}


def test_a_facilitator_of_another_trust_is_refused(development):
    with pytest.raises(ValidationError) as error:
        _record(development, facilitated_by=development.other_trust_staff)
    assert "facilitated_by" in error.value.message_dict


def test_changing_who_came_removes_and_adds_attendances_with_history(development):
    meeting = _record(development)
    services.update_network_meeting(
        meeting=meeting, by=development.hr_officer, attendees=[development.peer, development.other_team_peer]
    )
    assert set(meeting.attendees.all()) == {development.peer, development.other_team_peer}
    removed = PeerNetworkAttendance.history.filter(peer=development.colleague, history_type="-").get()
    assert removed.history_user == development.hr_officer
    assert meeting.history.count() == 2


def test_a_meeting_stays_with_its_trust(development):
    meeting = _record(development)
    with pytest.raises(ValidationError):
        services.update_network_meeting(meeting=meeting, by=development.hr_officer, trust=development.other_trust)


# --- Pages: forms -----------------------------------------------------------------------------------------


def _form_data(w, **fields):
    return {
        "trust": w.trust.pk,
        "held_on": "2026-11-25",
        "place": "Online",
        "facilitated_by": "",
        "attendees": [w.peer.pk, w.colleague.pk],
        "themes": "What helps on a hard day.",
        "notes": "",
        **fields,
    }


def test_the_peer_lead_records_a_meeting_once_however_often_it_is_posted(development, client):
    client.force_login(development.peer_lead)
    url = reverse("development:network-create")
    page = client.get(url)
    assert 'data-language-check="true"' in page.content.decode()  # the themes get the language advice
    from tests.form_client import integrity_fields

    data = {**_form_data(development), **integrity_fields(page.content.decode())}
    first = client.post(url, data)
    client.post(url, data)
    meeting = PeerNetworkMeeting.objects.exclude(pk=development.network_meeting.pk).get()
    assert first["Location"] == reverse("development:network-detail", args=[meeting.pk])


def test_a_far_date_is_refused_beside_its_field_and_nothing_is_saved(development, client):
    client.force_login(development.peer_lead)
    response = client.post(reverse("development:network-create"), _form_data(development, held_on="9999-01-01"))
    assert response.status_code == 200
    assert "held_on" in response.context["form"].errors
    assert PeerNetworkMeeting.objects.count() == 1


def test_a_peer_of_another_trust_cannot_be_chosen(development, client):
    client.force_login(development.peer_lead)
    response = client.post(
        reverse("development:network-create"), _form_data(development, attendees=[development.other_trust_peer.pk])
    )
    assert "attendees" in response.context["form"].errors
    assert PeerNetworkMeeting.objects.count() == 1


def test_no_attendee_is_refused_beside_the_field(development, client):
    client.force_login(development.hr_officer)
    response = client.post(reverse("development:network-create"), _form_data(development, attendees=[]))
    assert response.context["form"].errors["attendees"]
    assert PeerNetworkMeeting.objects.count() == 1


def test_an_edit_opened_before_another_save_is_refused(development, client):
    meeting = development.network_meeting
    url = reverse("development:network-update", args=[meeting.pk])
    client.force_login(development.hr_officer)
    from tests.form_client import integrity_fields

    opened = integrity_fields(client.get(url).content.decode())
    services.update_network_meeting(meeting=meeting, by=development.peer_lead, notes="Someone else's change")
    data = {**_form_data(development), **opened, "notes": "Mine"}
    data.pop("trust")
    response = client.post(url, data)
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.notes == "Someone else's change"


# --- Pages: who reads what ----------------------------------------------------------------------------------


def test_a_peer_sees_only_the_meetings_they_attended(development, client):
    other = _record(development, attendees=[development.colleague])
    client.force_login(development.peer_worker)
    listed = list(client.get(reverse("development:network-list")).context["object_list"])
    assert listed == [development.network_meeting]
    assert client.get(reverse("development:network-detail", args=[other.pk])).status_code == 404


def test_a_peer_sees_their_own_name_and_the_others_counted(development, client):
    meeting = _record(development)
    client.force_login(development.peer_worker)
    body = client.get(reverse("development:network-detail", args=[meeting.pk])).content.decode()
    assert development.peer.full_name in body
    assert development.colleague.full_name not in body
    assert "1 other peer worker" in body


def test_a_line_manager_reads_the_trusts_meetings_but_does_not_edit_them(development, client):
    meeting = _record(development)
    client.force_login(development.line_manager)
    assert meeting in client.get(reverse("development:network-list")).context["object_list"]
    assert client.get(reverse("development:network-update", args=[meeting.pk])).status_code == 404


def test_another_trusts_staff_do_not_see_the_meeting(development, client):
    client.force_login(development.other_trust_staff)
    assert not client.get(reverse("development:network-list")).context["object_list"]
    url = reverse("development:network-detail", args=[development.network_meeting.pk])
    assert client.get(url).status_code == 404


def test_the_peer_lead_is_told_when_an_attendees_peer_supervisor_is_not_a_peer_worker(development, client):
    # The peer worker's placement names the supervisor, who is not a peer worker (tests/workforce/world.py).
    client.force_login(development.peer_lead)
    url = reverse("development:network-detail", args=[development.network_meeting.pk])
    response = client.get(url)
    assert response.context["without_peer_supervisor"] == {development.peer.pk}
    assert "not a peer worker" in response.content.decode()
    # A supervisor who is a peer worker: no advice.
    factories.PostFactory(
        team=development.team, holder=factories.PeerFactory(trust=development.trust, user=development.supervisor)
    )
    assert client.get(url).context["without_peer_supervisor"] == set()


def test_the_csv_names_only_the_attendees_the_user_sees(development, client):
    _record(development)
    client.force_login(development.peer_worker)
    response = client.get(reverse("development:network-list") + "?format=csv")
    body = b"".join(response.streaming_content).decode()
    assert development.peer.full_name in body
    assert development.colleague.full_name not in body
    assert "1 other peer worker" in body
