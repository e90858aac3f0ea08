"""Personal API tokens (issue 20 item 2): created by a member of staff on the tokens page with a name and an expiry,
shown once and stored hashed; accepted as `Authorization: Bearer`; refused once expired or revoked; throttled; and
every request made with one logged."""

from __future__ import annotations

import datetime
import hashlib

import time_machine
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken, ApiTokenUse
from tests.api.conftest import bearer, token_for


def test_a_token_is_created_on_its_page_shown_once_and_stored_only_as_its_hash(client, world):
    client.force_login(world.hr_officer)
    expires = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(reverse("api:token-create"), {"name": "Power BI", "expires_on": expires.isoformat()})
    assert response.status_code == 302 and response["Location"] == reverse("api:token-list")
    page = client.get(reverse("api:token-list")).content.decode()
    record = ApiToken.objects.get(user=world.hr_officer)
    token = page.split('id="new-token" class="form-control font-monospace" type="text" readonly value="')[1].split('"')[
        0
    ]
    assert token.startswith("psp_") and len(token) > 40
    assert record.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {record.name, record.prefix, record.key_hash} and token.startswith(record.prefix)
    assert record.expires_at.date() == expires + datetime.timedelta(days=1)  # the end of the expiry day
    again = client.get(reverse("api:token-list")).content.decode()
    assert token not in again and "Power BI" in again and record.prefix in again  # shown once, then only named
    assert client.get(reverse("api:trust-list"), **bearer(token)).status_code == 200


def test_bad_input_on_the_token_page_saves_nothing_and_says_why_beside_the_field(client, world):
    client.force_login(world.hr_officer)
    too_far = timezone.localdate() + datetime.timedelta(days=400)
    response = client.post(reverse("api:token-create"), {"name": "", "expires_on": too_far.isoformat()})
    html = response.content.decode()
    assert response.status_code == 200 and not ApiToken.objects.exists()
    assert "Enter a name for the token." in html
    response = client.post(reverse("api:token-create"), {"name": "Report", "expires_on": too_far.isoformat()})
    assert "A token can last at most a year" in response.content.decode() and not ApiToken.objects.exists()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(reverse("api:token-create"), {"name": "Report", "expires_on": yesterday.isoformat()})
    assert "The expiry date must be after today." in response.content.decode() and not ApiToken.objects.exists()


def test_an_expired_token_is_refused(client, world):
    token = token_for(world.hr_officer, days=1)
    assert client.get(reverse("api:trust-list"), **bearer(token)).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        response = client.get(reverse("api:trust-list"), **bearer(token))
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"
    assert "expired or revoked" in response.json()["detail"]


def test_a_revoked_token_is_refused_and_only_its_owner_may_revoke_it(client, world):
    token = token_for(world.hr_officer)
    record = ApiToken.objects.get(user=world.hr_officer)
    client.force_login(world.peer_lead)
    assert client.post(reverse("api:token-revoke", args=[record.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("api:trust-list"), **bearer(token)).status_code == 200
    client.force_login(world.hr_officer)
    assert client.post(reverse("api:token-revoke", args=[record.pk])).status_code == 302
    record.refresh_from_db()
    assert record.revoked_at is not None
    client.logout()
    assert client.get(reverse("api:trust-list"), **bearer(token)).status_code == 401


def test_an_unknown_or_malformed_token_and_no_token_are_refused(client, world):
    url = reverse("api:trust-list")
    assert client.get(url, **bearer("psp_not-a-token")).status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION="Bearer two parts").status_code == 401
    assert client.get(url).status_code == 401
    assert not ApiTokenUse.objects.exists()


def test_a_peers_own_account_has_no_api_even_with_a_token(client, world):
    token = token_for(world.peer_worker)
    assert client.get(reverse("api:trust-list"), **bearer(token)).status_code == 404
    assert client.get(reverse("api:placement-list"), **bearer(token)).status_code == 404


def test_every_use_of_a_token_is_logged_with_one_row(client, world):
    token = token_for(world.hr_officer)
    client.get(reverse("api:team-list") + "?q=River", **bearer(token), REMOTE_ADDR="10.0.0.7")
    client.get(reverse("api:trust-detail", args=[world.trust.pk]), **bearer(token))
    uses = list(ApiTokenUse.objects.order_by("pk"))
    assert [(u.method, u.path) for u in uses] == [
        ("GET", "/api/v1/teams/?q=River"),
        ("GET", f"/api/v1/trusts/{world.trust.pk}/"),
    ]
    assert uses[0].ip_address == "10.0.0.7" and all(u.token.user == world.hr_officer for u in uses)
    client.force_login(world.hr_officer)
    assert "2 requests" in client.get(reverse("api:token-list")).content.decode()


def test_requests_past_the_rate_are_throttled_per_token(client, world, settings):
    settings.API_THROTTLE_RATE = "3/minute"
    token, other = token_for(world.hr_officer), token_for(world.hr_officer, name="Other")
    url = reverse("api:trust-list")
    assert [client.get(url, **bearer(token)).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(url, **bearer(token))
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert client.get(url, **bearer(other)).status_code == 200  # another token has its own allowance


def test_the_session_works_for_reads_and_a_write_needs_its_csrf_token(world):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.hr_officer)
    assert browser.get(reverse("api:trust-list")).status_code == 200
    refused = browser.post(
        reverse("api:import", args=["peers"]), {"trust": world.trust.pk}, content_type="application/json"
    )
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
