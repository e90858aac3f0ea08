"""The top navigation (issue 15): grouped by phase, at most seven top items for any role, each menu listing only
pages the user may open, and the section of the page being shown marked."""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory
from django.urls import resolve

from programmes.context_processors import sections
from programmes.models import StaffRole
from tests.conftest import _staff

pytestmark = [pytest.mark.django_db, pytest.mark.shared_world("world")]

ROLES = ["hr_officer", "peer_lead", "line_manager", "supervisor", "panel_member", "peer_worker", "administrator"]
MOST_TOP_ITEMS = 7  # the sections, and the user's own menu beside them


def _sections(user, path: str = "/"):
    request = RequestFactory().get(path)
    request.user = user
    request.resolver_match = resolve(path)
    return sections(request)


@pytest.mark.parametrize("role", ROLES)
def test_every_link_of_every_menu_opens_for_the_user(world, client, role):
    user = getattr(world, role)
    found = _sections(user)
    assert 1 + len(found) <= MOST_TOP_ITEMS, [s.label for s in found]
    client.force_login(user)
    for section in found:
        assert section.links, section.label
        for link in section.links:
            assert client.get(link.url).status_code == 200, (role, section.label, link.label, link.url)


def test_the_ig_officer_sees_subject_access_and_the_peers_they_need_and_no_recruitment(world, client):
    ig = _staff("ig_officer", world.trust, StaffRole.Role.IG_OFFICER)
    labels = {link.label for section in _sections(ig) for link in section.links}
    assert "Subject access requests" in labels
    assert not labels & {"Vacancies", "Applications", "Placements", "Dashboard"}


def test_hr_sees_every_phase_and_a_peer_sees_their_own_pages(world):
    hr = [section.label for section in _sections(world.hr_officer)]
    assert hr == ["Home", "Preparation", "Recruitment", "Employment", "Development", "Reports"]
    peer = _sections(world.peer_worker)
    # Single pages are plain links, named for what the peer does there.
    assert [section.single.label for section in peer] == ["Home", "Code of conduct", "My employment", "My development"]


def test_the_section_of_the_page_shown_is_marked_and_its_page_is_current(world):
    found = {s.key: s for s in _sections(world.hr_officer, "/employment/supervision/schedule/")}
    assert [s.key for s in found.values() if s.marked] == ["employment"]
    current = [link.label for link in found["employment"].links if link.current]
    assert current == ["Supervision schedule"]  # not "Supervision sessions" as well
    # A page reached from a menu page (a vacancy's detail) marks its section, without a current link in it.
    team_page = {s.key: s for s in _sections(world.hr_officer, f"/teams/{world.team.pk}/")}
    assert team_page["preparation"].marked
    assert [link.label for link in team_page["preparation"].links if link.current] == ["Teams"]


def test_the_page_marks_the_current_section_for_screen_readers(world, client):
    client.force_login(world.hr_officer)
    html = client.get("/employment/supervision/schedule/").content.decode()
    assert re.search(r'dropdown-toggle active"[^>]*>Employment<span class="visually-hidden"> \(current section\)', html)
    assert re.search(r'aria-current="page">Supervision schedule<', html)
