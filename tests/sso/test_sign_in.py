"""Single sign-on against a real OpenID Connect provider on loopback (tests/sso/conftest.py): who is signed in, who is
refused and why, replays, signing out of both, the password sign-in of a trust that turned it off, and signing in
again at the provider before an occupational health record."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.urls import reverse

from programmes import security
from programmes.models import StaffRole
from tests.factories import TEST_PASSWORD
from tests.sso.conftest import CLIENT_SECRET, DOMAIN, SLUG

pytestmark = pytest.mark.django_db


def start(client, next_url: str = "") -> str:
    response = client.get(reverse("sso:start", args=[SLUG]), {"next": next_url} if next_url else {})
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def back_from_provider(client, callback_url: str):
    return client.get(callback_url.removeprefix("http://testserver"))


def sign_in(client, provider_browser, login: str, next_url: str = ""):
    return back_from_provider(client, provider_browser.authorize(start(client, next_url), login))


def signed_in_as(client):
    return client.session.get(SESSION_KEY)


def with_email(user, email: str):
    user.email = email
    user.save()
    return user


def test_a_verified_email_signs_in_to_its_account_and_lands_home_with_its_roles(
    client, identity_provider, provider_browser, world
):
    hr = with_email(world.hr_officer, f"hr.officer@{DOMAIN}")
    authorization = start(client)
    query = parse_qs(urlsplit(authorization).query)
    assert query["scope"] == ["openid email profile"] and query["nonce"] and query["state"]
    key_before = client.session.session_key

    response = back_from_provider(client, provider_browser.authorize(authorization, "hr"))

    assert response.status_code == 302 and response["Location"] == reverse("programmes:home")
    assert signed_in_as(client) == str(hr.pk)
    assert client.session.session_key != key_before  # a new session key at sign-in
    assert client.session[security.SIGNED_IN_AT] and client.session[security.CONFIRMED_AT]
    home = client.get(reverse("programmes:home"))
    assert "Your roles: HR." in home.content.decode()


def test_the_sign_in_page_has_a_button_for_each_provider(client, identity_provider):
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with NHSmail" in page
    assert reverse("sso:start", args=[SLUG]) in page


@pytest.mark.parametrize(
    ("login", "message"),
    [
        ("outsider", "Email addresses ending example.org cannot sign in with NHSmail."),
        ("unverified", f"NHSmail has not verified your email address unverified@{DOMAIN}."),
        ("entra", f"NHSmail has not verified your email address entra.user@{DOMAIN}."),
        ("newcomer", f"There is no account for new.starter@{DOMAIN}."),
    ],
)
def test_refused_sign_ins_say_why_and_sign_nobody_in(
    client, identity_provider, provider_browser, world, login, message
):
    from tests.factories import UserFactory

    UserFactory(username="outsider", email="someone@example.org")
    UserFactory(username="unverified", email=f"unverified@{DOMAIN}")
    UserFactory(username="entra", email=f"entra.user@{DOMAIN}")
    users = get_user_model().objects.count()

    response = sign_in(client, provider_browser, login)

    assert response.status_code == 403
    assert message in response.content.decode()
    assert signed_in_as(client) is None
    assert get_user_model().objects.count() == users


def test_a_provider_trusted_for_its_emails_accepts_one_without_email_verified(
    client, identity_provider, provider_browser, world
):
    # Microsoft Entra ID sends `email` without `email_verified`: accepted only when the trust says so.
    identity_provider.trust_provider_emails = True
    identity_provider.save()
    user = with_email(world.line_manager, f"entra.user@{DOMAIN}")
    assert sign_in(client, provider_browser, "entra").status_code == 302
    assert signed_in_as(client) == str(user.pk)


def test_a_replayed_state_is_refused(client, identity_provider, provider_browser, world, django_user_model):
    with_email(world.hr_officer, f"hr.officer@{DOMAIN}")
    callback = provider_browser.authorize(start(client), "hr")
    assert back_from_provider(client, callback).status_code == 302

    again = back_from_provider(client, callback)
    assert again.status_code == 400
    assert "This sign-in link has been used already or has expired." in again.content.decode()

    from django.test import Client

    elsewhere = Client()
    assert back_from_provider(elsewhere, callback).status_code == 400
    assert SESSION_KEY not in elsewhere.session


def test_an_id_token_with_another_sign_ins_nonce_is_refused(client, identity_provider, provider_browser, world):
    with_email(world.hr_officer, f"hr.officer@{DOMAIN}")
    first = provider_browser.authorize(start(client), "hr")  # its code carries the first sign-in's nonce
    second = start(client)
    code = parse_qs(urlsplit(first).query)["code"][0]
    state = parse_qs(urlsplit(second).query)["state"][0]

    response = client.get(reverse("sso:callback", args=[SLUG]), {"code": code, "state": state})

    assert response.status_code == 400
    assert "could not be accepted" in response.content.decode()
    assert signed_in_as(client) is None


def test_the_sign_in_sends_a_pkce_challenge_and_a_code_without_its_verifier_is_refused(
    client, identity_provider, provider_browser, world
):
    """PKCE (RFC 7636, S256): the authorization carries a challenge whose verifier stays in this session; the
    provider (which requires PKCE, tests/oidc/provider.mjs) gives tokens for the code only with that verifier, so a
    code taken on its way back is of no use to anyone else."""
    import base64
    import hashlib

    with_email(world.hr_officer, f"hr.officer@{DOMAIN}")
    authorization = start(client)
    query = parse_qs(urlsplit(authorization).query)
    key = f"_state_sso_{SLUG}_{query['state'][0]}"
    verifier = client.session[key]["data"]["code_verifier"]
    assert query["code_challenge_method"] == ["S256"] and verifier not in authorization
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    assert query["code_challenge"] == [challenge]

    callback = provider_browser.authorize(authorization, "hr")
    session = client.session
    session[key]["data"]["code_verifier"] = "another-sign-ins-verifier-" + "x" * 40
    session.save()
    response = back_from_provider(client, callback)

    assert response.status_code == 400
    assert "could not be accepted" in response.content.decode()
    assert signed_in_as(client) is None


def test_signing_out_ends_the_session_here_and_at_the_provider(client, identity_provider, provider_browser, world):
    with_email(world.hr_officer, f"hr.officer@{DOMAIN}")
    sign_in(client, provider_browser, "hr")
    id_token = client.session["sso_id_token"]

    response = client.post(reverse("logout"))

    assert signed_in_as(client) is None
    # A page that goes on to the provider at once (a form's redirect to another site is stopped by form-action).
    end_session_url = response.context["end_session_url"]
    assert response["Refresh"] == f"0; url={end_session_url}"
    end_session = urlsplit(end_session_url)
    assert end_session.path == "/session/end"
    query = parse_qs(end_session.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/accounts/login/"]
    assert provider_browser.end_session(end_session_url) == "http://testserver/accounts/login/"
    # The provider's session has ended too: a new sign-in asks for the person's credentials again.
    with pytest.raises(AssertionError, match="the provider asked to sign in"):
        provider_browser.authorize(start(client), login=None)


def test_a_new_person_gets_an_account_with_no_role_where_the_trust_allows_it(
    client, identity_provider, provider_browser
):
    identity_provider.create_unknown_users = True
    identity_provider.save()

    assert sign_in(client, provider_browser, "newcomer").status_code == 302

    user = get_user_model().objects.get(email=f"new.starter@{DOMAIN}")
    assert signed_in_as(client) == str(user.pk)
    assert (user.first_name, user.last_name, user.has_usable_password()) == ("Nia", "Starter", False)
    assert not StaffRole.objects.filter(user=user).exists()
    home = client.get(reverse("programmes:home")).content.decode()
    assert "Your account has no role yet. Ask your trust's HR team or the peer support lead to give you one." in home


def test_roles_come_from_the_provider_only_through_an_explicit_mapping(
    client, identity_provider, provider_browser, world
):
    from tests.factories import UserFactory

    lead = UserFactory(username="lead", email=f"peer.lead@{DOMAIN}")
    sign_in(client, provider_browser, "lead")
    assert not StaffRole.objects.filter(user=lead).exists()  # the claim is there, but nothing maps it

    client.post(reverse("logout"))
    identity_provider.role_claim = "roles"
    identity_provider.role_mapping = {"PeerSupportLead": "peer_lead"}
    identity_provider.full_clean()
    identity_provider.save()
    sign_in(client, provider_browser, "lead")
    role = StaffRole.objects.get(user=lead)
    assert (role.trust, role.team, role.role) == (world.trust, None, "peer_lead")
    assert role.history.count() == 1


def test_a_trust_without_local_passwords_for_staff_refuses_a_staff_password(client, identity_provider, world):
    identity_provider.local_passwords_for_staff = False
    identity_provider.save()
    login = reverse("login")

    refused = client.post(login, {"username": "hr_officer", "password": TEST_PASSWORD})
    assert refused.status_code == 200
    assert "Your trust&#x27;s staff sign in with their work account: use &quot;Sign in with NHSmail&quot;" in (
        refused.content.decode()
    )
    assert signed_in_as(client) is None

    # A peer worker with no staff role keeps signing in with a password.
    assert client.post(login, {"username": "peer_worker", "password": TEST_PASSWORD}).status_code == 302
    assert signed_in_as(client) == str(world.peer_worker.pk)


def test_an_oh_record_asks_the_provider_to_sign_in_again(client, identity_provider, provider_browser, recruitment):
    with_email(recruitment.hr_officer, f"hr.officer@{DOMAIN}")
    sign_in(client, provider_browser, "hr")
    session = client.session
    session[security.CONFIRMED_AT] -= 20 * 60  # signed in 20 minutes ago
    session.save()
    record = reverse("recruitment:occupational-health", args=[recruitment.application.pk])

    confirm = client.get(record)
    assert confirm["Location"].startswith(reverse("programmes:confirm-password"))
    reauthenticate = client.get(confirm["Location"])
    assert reauthenticate["Location"].startswith(reverse("sso:reauthenticate"))
    to_provider = client.get(reauthenticate["Location"])
    query = parse_qs(urlsplit(to_provider["Location"]).query)
    assert query["prompt"] == ["login"] and query["max_age"] == ["0"]

    # The provider asks for the person's credentials although its session is live (prompt=login).
    back = back_from_provider(client, provider_browser.authorize(to_provider["Location"], "hr"))
    assert back["Location"] == record
    assert security.password_recently_confirmed(_request_with(client.session))
    assert client.get(record).status_code == 200


def _request_with(session):
    class Request:
        pass

    request = Request()
    request.session = session
    return request


def test_the_admin_never_shows_the_client_secret(client, identity_provider, world):
    client.force_login(world.administrator)
    for url in (
        reverse("admin:sso_identityprovider_changelist"),
        reverse("admin:sso_identityprovider_change", args=[identity_provider.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert CLIENT_SECRET not in page.content.decode()


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [("/employment/", "/employment/"), ("https://elsewhere.example.org/", "/")],
)
def test_sign_in_goes_back_to_a_local_page_only(client, identity_provider, provider_browser, world, next_url, lands_on):
    with_email(world.hr_officer, f"hr.officer@{DOMAIN}")
    login_page = client.get(reverse("login"), {"next": "/employment/"}).content.decode()
    assert f"{reverse('sso:start', args=[SLUG])}?next=%2Femployment%2F" in login_page
    assert sign_in(client, provider_browser, "hr", next_url=next_url)["Location"] == lands_on
