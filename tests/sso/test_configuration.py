"""Single sign-on configuration: a provider from the environment, the checks of the admin's form, and history without
the client secret. (No provider is started here: these read configuration only.)"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sso import providers
from sso.models import IdentityProvider

pytestmark = pytest.mark.django_db


def _provider(world, **fields) -> IdentityProvider:
    values = {
        "trust": world.trust,
        "slug": "nhsmail",
        "display_name": "NHSmail",
        "issuer": "https://login.microsoftonline.com/tenant/v2.0",
        "client_id": "client",
        "client_secret": "a-secret-never-shown",
        "allowed_email_domains": "nhs.net\nnorthshire.nhs.uk",
        **fields,
    }
    return IdentityProvider(**values)


def test_a_provider_from_the_environment_is_offered_for_its_trust(world, settings, client):
    settings.SSO_ENVIRONMENT_PROVIDER = {
        "trust_code": world.trust.ods_code,
        "slug": "trust",
        "display_name": "NHSmail",
        "issuer": "https://login.microsoftonline.com/tenant/v2.0",
        "client_id": "client",
        "client_secret": "secret",
        "allowed_email_domains": "nhs.net",
        "create_unknown_users": False,
        "local_passwords_for_staff": True,
        "trust_provider_emails": True,
    }
    (provider,) = providers.enabled_providers()
    assert (provider.trust, provider.slug, provider.email_domains) == (world.trust, "trust", ["nhs.net"])
    assert "Sign in with NHSmail" in client.get(reverse("login")).content.decode()


def test_providers_that_are_off_are_not_offered(world, client):
    _provider(world, enabled=False).save()
    assert providers.enabled_providers() == []
    assert "Sign in with" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("sso:start", args=["nhsmail"])).status_code == 404


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"allowed_email_domains": " "}, "allowed_email_domains", "Enter at least one email domain"),
        ({"role_claim": "roles", "role_mapping": {"Boss": "king"}}, "role_mapping", "Unknown role king"),
        ({"role_mapping": {"HR": "hr"}}, "role_claim", "Name the claim that holds the roles"),
    ],
)
def test_a_provider_with_bad_settings_says_what_to_fix(world, fields, field, message):
    with pytest.raises(ValidationError) as error:
        _provider(world, **fields).full_clean()
    assert message in " ".join(error.value.message_dict[field])


def test_history_is_kept_without_the_client_secret(world):
    provider = _provider(world)
    provider.save()
    provider.display_name = "NHSmail (Entra ID)"
    provider.save()
    assert provider.history.count() == 2
    assert not hasattr(provider.history.first(), "client_secret")


def test_the_admin_keeps_the_saved_secret_when_the_field_is_left_empty(world, client):
    provider = _provider(world)
    provider.save()
    client.force_login(world.administrator)
    url = reverse("admin:sso_identityprovider_change", args=[provider.pk])
    data = {
        "trust": world.trust.pk,
        "slug": "nhsmail",
        "display_name": "NHSmail",
        "issuer": provider.issuer,
        "client_id": "client",
        "client_secret": "",
        "allowed_email_domains": "nhs.net",
        "enabled": "on",
        "local_passwords_for_staff": "on",
        "role_claim": "",
        "role_mapping": "{}",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    provider.refresh_from_db()
    assert (provider.client_secret, provider.allowed_email_domains) == ("a-secret-never-shown", "nhs.net")
