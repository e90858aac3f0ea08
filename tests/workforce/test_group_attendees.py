"""Who sees a group supervision session's attendees (issue 21, defect 2): one rule, `access.attendees_shown_to`,
for the list, its CSV, the session page and the notes page. A session is visible when the user held it or sees
an attendee; of its attendees, only those the user may see anywhere else are named, and the others are counted.

Samira (w.peer) works in the team that provides her care; her named line manager and supervisor are
w.line_manager and w.supervisor. A second supervisor, a second line manager and an HR officer limited to that
team see Daniel (w.colleague), at the group session with her, but not Samira: before the fix the list, its CSV
and the session page printed her name to them."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import OwnCareTeamArrangement, StaffRole
from tests import factories
from tests.workforce.world import session
from workforce.models import SupervisionKind, SupervisionSession

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)

Role = StaffRole.Role
GROUP = SupervisionSession.Format.GROUP


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def care_team(workforce):
    w = workforce
    OwnCareTeamArrangement.objects.create(
        peer=w.peer,
        team=w.team,
        line_manager=w.line_manager,
        supervisor=w.supervisor,
        care_arrangement="Treated by the Oak Ward crisis team if unwell.",
    )
    w.placement.own_care_team = True
    w.placement.save()
    for name, role in (
        ("team_supervisor", Role.SUPERVISOR),
        ("team_line_manager", Role.LINE_MANAGER),
        ("team_hr", Role.HR),
    ):
        user = factories.UserFactory(username=name)
        StaffRole.objects.create(user=user, trust=w.trust, team=w.team, role=role)
        setattr(w, name, user)
    return w


def text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


NOT_NAMED = ["team_supervisor", "team_line_manager", "team_hr"]


@pytest.mark.parametrize("who", NOT_NAMED)
def test_team_staff_not_named_for_the_own_care_peer_do_not_see_her_among_the_attendees(client, care_team, who):
    w = care_team
    client.force_login(getattr(w, who))
    assert client.get(reverse("programmes:peer-detail", args=[w.peer.pk])).status_code == 404  # as before

    listing = client.get(reverse("workforce:supervision-list"))
    assert listing.status_code == 200
    html = text(listing)
    assert "Samira" not in html
    assert "Daniel Whitfield and 1 other attendee" in html

    response = client.get(reverse("workforce:supervision-list") + "?format=csv")
    assert response.status_code == 200
    csv = text(response)
    assert "Samira" not in csv and "Daniel Whitfield and 1 other attendee" in csv

    page = client.get(reverse("workforce:supervision-detail", args=[w.group_session.pk]))
    assert page.status_code == 200
    html = text(page)
    assert "Samira" not in html
    assert "Daniel Whitfield" in html and "And 1 other attendee, not shown to you" in html
    assert [row["attendance"].peer for row in page.context["rows"]] == [w.colleague]

    # Her managerial session has no attendee they see: not visible at all.
    managerial = client.get(reverse("workforce:supervision-detail", args=[w.managerial_session.pk]))
    assert managerial.status_code == 404


@pytest.mark.parametrize("who", ["supervisor", "line_manager", "peer_lead", "hr_officer", "administrator"])
def test_those_who_see_both_peers_see_every_attendee_named(client, care_team, who):
    w = care_team
    client.force_login(getattr(w, who))
    html = text(client.get(reverse("workforce:supervision-detail", args=[w.group_session.pk])))
    assert "Samira Okafor" in html and "Daniel Whitfield" in html and "other attendee" not in html
    listing = text(client.get(reverse("workforce:supervision-list") + "?format=csv"))
    assert "Daniel Whitfield, Samira Okafor" in listing


def test_a_peer_sees_their_own_name_and_a_count_of_the_others_at_their_group_session(client, care_team):
    """Fellow attendees do not see each other's names: a peer sees only the peers `visible_peers` gives them,
    their own record."""
    w = care_team
    client.force_login(w.peer_worker)
    listing = text(client.get(reverse("workforce:supervision-list")))
    # The fellow attendee by their full name: the signed-in user's own (random) name may be a Daniel too.
    other = w.colleague.full_name
    assert "Samira Okafor and 1 other attendee" in listing and other not in listing
    page = text(client.get(reverse("workforce:supervision-detail", args=[w.group_session.pk])))
    assert "Samira Okafor" in page and other not in page
    assert "And 1 other attendee" in page


def test_the_notes_page_offers_a_box_only_for_the_attendees_the_supervisor_sees(client, care_team):
    """A session the second supervisor held before Samira's placement was flagged: they write Daniel's notes,
    and Samira is counted, not named; her notes are not theirs to read or change."""
    w = care_team
    held = session(
        kind=SupervisionKind.PEER,
        supervisor=w.team_supervisor,
        peers=[w.peer, w.colleague],
        date=datetime.date(2026, 11, 3),
        fmt=GROUP,
    )
    samiras = held.attendances.get(peer=w.peer)
    client.force_login(w.team_supervisor)
    url = reverse("workforce:supervision-notes", args=[held.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = text(response)
    assert "Samira" not in html and samiras.notes not in html
    assert [f.attendance.peer for f in response.context["note_forms"]] == [w.colleague]
    assert "And 1 other attendee, not shown to you" in html


def test_the_list_makes_the_same_number_of_queries_however_many_attendees_are_hidden(client, care_team):
    w = care_team
    client.force_login(w.team_supervisor)
    url = reverse("workforce:supervision-list") + "?format=csv"

    def add(n: int) -> None:
        for i in range(n):
            session(
                kind=SupervisionKind.PEER,
                supervisor=w.supervisor,
                peers=[w.peer, w.colleague],
                date=datetime.date(2026, 10, 1) - datetime.timedelta(days=i),
                fmt=GROUP,
            )

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add(3)
    client.get(url)
    small = count()
    add(20)
    assert count() == small
