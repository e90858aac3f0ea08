"""Single sign-on: the identity providers that are on (the admin's, and one from the environment), and an Authlib
client for each, built at run time from the provider's own configuration."""

from __future__ import annotations

import hashlib
import threading
import time

from authlib.integrations.django_client import DjangoIntegration, DjangoOAuth2App
from django.conf import settings

from programmes.models import Trust

from .models import IdentityProvider

# A provider's metadata and keys are read again after this long (key rotation; a changed endpoint).
METADATA_MAX_AGE_SECONDS = 3600
SCOPES = "openid email profile"

_clients: dict[tuple, tuple[float, DjangoOAuth2App]] = {}
_lock = threading.Lock()


def from_environment() -> IdentityProvider | None:
    """The provider configured by SSO_* environment variables (settings.SSO_ENVIRONMENT_PROVIDER), unsaved, or None.
    Its trust is found by ODS code; an unknown code leaves it off (the admin's checks tell why)."""
    config = getattr(settings, "SSO_ENVIRONMENT_PROVIDER", None)
    if not config:
        return None
    trust = Trust.objects.filter(ods_code__iexact=config["trust_code"]).first()
    if trust is None:
        return None
    fields = {k: v for k, v in config.items() if k != "trust_code"}
    return IdentityProvider(trust=trust, enabled=True, **fields)


def enabled_providers() -> list[IdentityProvider]:
    """Every provider that is on: the admin's, then the environment's unless the admin has one of its short name."""
    providers = list(IdentityProvider.objects.filter(enabled=True).select_related("trust"))
    configured = from_environment()
    if configured is not None and configured.slug not in {p.slug for p in providers}:
        providers.append(configured)
    return providers


def provider_named(slug: str) -> IdentityProvider | None:
    return next((p for p in enabled_providers() if p.slug == slug), None)


def client_for(provider: IdentityProvider) -> DjangoOAuth2App:
    """The Authlib client of `provider`: it keeps the provider's metadata and keys (read from the issuer's
    .well-known/openid-configuration) for METADATA_MAX_AGE_SECONDS, and a new one is made when the configuration
    changes. State, nonce, the PKCE verifier and the ID token's signature, issuer, audience and expiry are Authlib's
    to make and check."""
    secret_digest = hashlib.sha256(provider.client_secret.encode()).hexdigest()
    key = (provider.slug, provider.issuer, provider.client_id, secret_digest)
    now = time.monotonic()
    with _lock:
        made = _clients.get(key)
        if made is not None and now - made[0] < METADATA_MAX_AGE_SECONDS:
            return made[1]
        client = DjangoOAuth2App(
            DjangoIntegration(f"sso_{provider.slug}"),
            name=f"sso_{provider.slug}",
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            server_metadata_url=provider.metadata_url,
            # PKCE (RFC 7636, S256) as well as the client secret, as the OAuth security best practice (RFC 9700)
            # asks of confidential clients too: a code taken on its way back is useless without the verifier, which
            # never leaves this session. Authlib makes the verifier, keeps it with the state and sends it.
            client_kwargs={
                "scope": SCOPES,
                "default_timeout": settings.SSO_HTTP_TIMEOUT,
                "code_challenge_method": "S256",
            },
        )
        _clients[key] = (now, client)
        return client


def metadata(provider: IdentityProvider) -> dict:
    """The provider's metadata; its issuer must be the one configured (OpenID Connect Discovery, section 4.3)."""
    data = client_for(provider).load_server_metadata()
    if data.get("issuer", "").rstrip("/") != provider.issuer.rstrip("/"):
        raise ValueError(f"The identity provider's metadata names another issuer: {data.get('issuer')!r}")
    return data
