"""A record written without history (a bulk load, such as bench/generate.py's COPY) shows an empty change
history on its page instead of failing (found by the load test, bench/load.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from programmes import selectors

pytestmark = pytest.mark.shared_world("world")  # one world for the module (tests/shared_world.py)


def test_a_record_without_history_rows_has_an_empty_history(world):
    peer = world.peer
    peer.history.all().delete()
    assert selectors.history_of(peer) == []


def test_the_page_of_a_peer_loaded_without_history_opens(world, client):
    world.peer.history.all().delete()
    client.force_login(world.hr_officer)
    response = client.get(reverse("programmes:peer-detail", args=[world.peer.pk]))
    assert response.status_code == 200
    assert world.peer.full_name in response.content.decode()


def test_a_record_with_history_still_lists_its_changes(world):
    peer = world.peer
    peer.preferred_name = "Sam"
    peer.save()
    entries = selectors.history_of(peer)
    assert [e.action for e in entries] == ["Changed", "Created"]
