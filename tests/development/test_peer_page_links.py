"""The peer's page links to their supervision, development plan, training, assessments and career, and
every one of those links opens for each person who sees the peer's page."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.shared_world("development")  # one world for the module (tests/shared_world.py)


@pytest.mark.parametrize("who", ["hr_officer", "peer_lead", "line_manager", "supervisor", "peer_worker"])
def test_the_peer_page_links_open_for_everyone_who_sees_the_peer(development, client, who):
    w = development
    client.force_login(getattr(w, who))
    html = client.get(reverse("programmes:peer-detail", args=[w.peer.pk])).content.decode()
    links = re.findall(r'href="(/(?:employment|development)/peers/[^"]+)"', html)
    assert len(links) == 5
    for url in links:
        assert client.get(url).status_code == 200, (who, url)
