"""The placement pages: the create form with its warnings and the appointed applicants ready to start, bad
input shown beside the field with nothing saved, who reads the adjustments and the care arrangement (and the
log of it), the list filtered by team, the peer's own "My employment", and ending a placement."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from programmes.models import SensitiveAccessLog
from tests import factories
from tests.workforce.test_placement_services import appoint, place
from workforce.models import Placement

pytestmark = pytest.mark.shared_world("workforce")  # one world for the module (tests/shared_world.py)

RecordType = SensitiveAccessLog.RecordType
CREATE = "workforce:placement-create"


def form_data(w, post, **changes):
    data = {
        "peer": w.applicant.pk,
        "post": post.pk,
        "start_date": "2026-09-01",
        "hours": "30",
        "match_reasons": "The team asked for someone who speaks Polish.",
        "line_manager": w.line_manager.pk,
        "mentor": w.line_manager.pk,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_warnings_need_the_tickbox_and_nothing_is_saved_until_it_is_ticked(world, client):
    post = factories.PostFactory(team=world.team, hours=Decimal("30"))
    client.force_login(world.hr_officer)
    response = client.post(reverse(CREATE), form_data(world, post))
    assert response.status_code == 200
    assert "tick this box" in response.context["form"].errors["despite_warnings"][0]
    assert any("not marked ready" in w for w in response.context["warnings"])
    assert "Before you place this peer" in response.content.decode()
    assert not Placement.objects.filter(peer=world.applicant).exists()

    response = client.post(reverse(CREATE), form_data(world, post, despite_warnings="on"))
    placement = Placement.objects.get(peer=world.applicant)
    assert response.status_code == 302 and response["Location"] == placement.get_absolute_url()
    assert placement.induction.items.exists() and placement.reviews.count() == 3


def test_too_many_hours_are_shown_beside_the_hours_and_nothing_is_saved(world, client):
    post = factories.PostFactory(team=world.team, hours=Decimal("22.5"))
    client.force_login(world.hr_officer)
    response = client.post(reverse(CREATE), form_data(world, post, despite_warnings="on"))
    assert response.status_code == 200
    assert response.context["form"].errors["hours"] == [
        "The post has 22.50 hours a week; a placement cannot have more."
    ]
    assert not Placement.objects.filter(peer=world.applicant).exists()


def test_own_care_team_without_an_arrangement_is_refused_beside_the_field(world, client):
    post = factories.PostFactory(team=world.team, hours=Decimal("30"))
    client.force_login(world.hr_officer)
    response = client.post(reverse(CREATE), form_data(world, post, own_care_team="on", despite_warnings="on"))
    assert "care arrangement" in response.context["form"].errors["care_arrangement"][0]
    assert not Placement.objects.filter(peer=world.applicant).exists()


def test_the_ready_to_start_list_prefills_the_form(recruitment, client):
    w = recruitment
    appoint(w)
    client.force_login(w.hr_officer)
    page = client.get(reverse(CREATE))
    assert [a.pk for a in page.context["ready"]] == [w.application.pk]
    assert f"?application={w.application.pk}" in page.content.decode()
    page = client.get(reverse(CREATE) + f"?application={w.application.pk}")
    initial = page.context["form"].initial
    assert (initial["peer"], initial["post"], initial["application"]) == (w.applicant, w.vacant_post, w.application)
    assert page.context["warnings"]  # Riverside is not marked ready
    place(w, post=w.vacant_post, application=w.application)
    assert list(client.get(reverse(CREATE)).context["ready"]) == []


def test_hr_reads_the_adjustments_and_the_read_is_logged(workforce, client):
    w = workforce
    client.force_login(w.hr_officer)
    response = client.get(w.placement.get_absolute_url())
    assert "No early starts" in response.content.decode()
    log = SensitiveAccessLog.objects.get(user=w.hr_officer, peer=w.peer)
    assert (log.record_type, log.object_id) == (RecordType.OCCUPATIONAL_HEALTH, str(w.placement.pk))


def test_the_line_manager_does_not_see_the_adjustments(workforce, client):
    w = workforce
    client.force_login(w.line_manager)
    response = client.get(w.placement.get_absolute_url())
    assert response.status_code == 200
    assert "No early starts" not in response.content.decode()
    assert not SensitiveAccessLog.objects.exists()


def test_the_peer_sees_their_own_placement_and_adjustments_unlogged(workforce, client):
    w = workforce
    client.force_login(w.peer_worker)
    listing = client.get(reverse("workforce:placement-list"))
    assert listing.context["heading"] == "My employment"
    assert list(listing.context["object_list"]) == [w.placement]
    response = client.get(w.placement.get_absolute_url())
    assert "No early starts" in response.content.decode()
    assert not SensitiveAccessLog.objects.exists()


def test_the_care_arrangement_is_for_hr_and_the_peer_lead_and_logged(world, client):
    placement = place(world, own_care_team=True, care_arrangement="Treated by the Oak Ward home treatment team.")
    client.force_login(world.peer_lead)
    assert "Oak Ward home treatment" in client.get(placement.get_absolute_url()).content.decode()
    assert SensitiveAccessLog.objects.filter(user=world.peer_lead, record_type=RecordType.CARE_ARRANGEMENT).exists()
    client.force_login(world.line_manager)  # the named line manager sees the placement, not the arrangement
    response = client.get(placement.get_absolute_url())
    assert response.status_code == 200
    assert "Oak Ward home treatment" not in response.content.decode()


def test_the_list_filters_by_team(workforce, client):
    w = workforce
    oak_post = factories.PostFactory(team=w.other_team, hours=Decimal("30"))
    other = place(w, post=oak_post, line_manager=None, mentor=None)
    client.force_login(w.hr_officer)
    everyone = client.get(reverse("workforce:placement-list")).context["object_list"]
    assert {p.pk for p in everyone} == {w.placement.pk, w.colleague_placement.pk, other.pk}
    oak = client.get(reverse("workforce:placement-list"), {"team": w.other_team.pk}).context["object_list"]
    assert [p.pk for p in oak] == [other.pk]
    client.force_login(w.line_manager)  # team-limited to Riverside, and not named on the Oak Ward placement
    assert other.pk not in {p.pk for p in client.get(reverse("workforce:placement-list")).context["object_list"]}


def test_editing_and_ending_a_placement(workforce, client):
    w = workforce
    client.force_login(w.hr_officer)
    url = reverse("workforce:placement-update", args=[w.placement.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "start_date": "2026-09-01",
        "hours": "99",
        "match_reasons": "Changed.",
        "line_manager": w.line_manager.pk,
        "reasonable_adjustments": "No early starts.",
    }
    response = client.post(url, data)
    assert "hours" in response.context["form"].errors
    w.placement.refresh_from_db()
    assert w.placement.match_reasons != "Changed."
    response = client.post(url, {**data, "hours": "20"})
    assert response.status_code == 302
    w.placement.refresh_from_db()
    assert (w.placement.hours, w.placement.match_reasons) == (Decimal("20"), "Changed.")

    end = reverse("workforce:placement-end", args=[w.placement.pk])
    response = client.post(end, {"end_date": "2026-08-01", "leaving_reason": "other_job"})
    assert "cannot end before it starts" in response.context["form"].errors["end_date"][0]
    response = client.post(end, {"end_date": "2027-01-31", "leaving_reason": "other_job"})
    assert response.status_code == 302
    w.post.refresh_from_db()
    assert w.post.holder is None
