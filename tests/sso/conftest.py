"""A real OpenID Connect provider for the single sign-on tests: the certified `oidc-provider` package under Node.js
(tests/oidc/provider.mjs, installed by `make oidc-provider`), started on a free loopback port and stopped after.
Without Node.js or the package the tests skip, except in CI (CI=true), where they fail."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import time
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

from tests.conftest import need

OIDC_DIR = Path(__file__).resolve().parent.parent / "oidc"
START_TIMEOUT_SECONDS = 20
CLIENT_ID = "peer-support"
CLIENT_SECRET = "a-test-client-secret-of-some-length"  # noqa: S105
SLUG = "northshire"
DOMAIN = "northshire.nhs.uk"
# The people the provider knows: its login name -> the claims it sends.
ACCOUNTS = {
    "hr": {"email": f"hr.officer@{DOMAIN}", "email_verified": True, "name": "Ruth Adams"},
    "newcomer": {
        "email": f"new.starter@{DOMAIN}",
        "email_verified": True,
        "given_name": "Nia",
        "family_name": "Starter",
    },
    "outsider": {"email": "someone@example.org", "email_verified": True},
    "unverified": {"email": f"unverified@{DOMAIN}", "email_verified": False},
    "entra": {"email": f"entra.user@{DOMAIN}"},
    "lead": {"email": f"peer.lead@{DOMAIN}", "email_verified": True, "roles": ["PeerSupportLead"]},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_provider(site_url: str):
    """The provider, with one client whose redirect URI is on `site_url`; yields its issuer URL."""
    need("Node.js", shutil.which("node") is not None)
    need("the oidc-provider package (make oidc-provider)", (OIDC_DIR / "node_modules" / "oidc-provider").is_dir())
    port = _free_port()
    config = {
        "port": port,
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [f"{site_url}/sso/{SLUG}/callback/"],
                "post_logout_redirect_uris": [f"{site_url}/accounts/login/"],
            }
        ],
        "accounts": ACCOUNTS,
    }
    process = subprocess.Popen(  # noqa: S603
        ["node", "provider.mjs"],  # noqa: S607
        cwd=OIDC_DIR,
        env={**os.environ, "OIDC_TEST_CONFIG": json.dumps(config), "NODE_NO_WARNINGS": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while True:
            try:
                if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                error = process.stderr.read().decode(errors="replace") if process.poll() is not None else ""
                need(f"the OpenID Connect test provider (did not start: {error[-500:]})", False)
            time.sleep(0.1)
        yield issuer
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()


@pytest.fixture(scope="session")
def oidc_issuer():
    """The provider for tests through Django's test client (whose site is http://testserver)."""
    with running_provider("http://testserver") as issuer:
        yield issuer


@pytest.fixture
def identity_provider(oidc_issuer, world):
    """The Northshire trust's identity provider, as an administrator would configure it."""
    from sso.models import IdentityProvider

    provider = IdentityProvider(
        trust=world.trust,
        slug=SLUG,
        display_name="NHSmail",
        issuer=oidc_issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        allowed_email_domains=DOMAIN,
    )
    provider.full_clean()
    provider.save()
    return provider


class ProviderBrowser:
    """The person's browser at the provider: its own cookies (the provider's session), following its pages."""

    def __init__(self):
        self.http = requests.Session()

    def authorize(self, url: str, login: str | None) -> str:
        """Open the authorization URL, sign in at the provider's own page as `login` when it asks, and return the
        redirect back to the application (the callback URL with code and state)."""
        response = self.http.get(url, allow_redirects=False, timeout=10)
        while response.status_code in (302, 303):
            location = urljoin(response.url, response.headers["Location"])
            if not location.startswith("http://127.0.0.1"):
                return location
            response = self.http.get(location, allow_redirects=False, timeout=10)
        assert login is not None, f"the provider asked to sign in: {response.text[:300]}"
        action = unescape(re.search(r'<form[^>]*action="([^"]+)"', response.text).group(1))
        response = self.http.post(
            urljoin(response.url, action),
            data={"prompt": "login", "login": login, "password": "any password"},
            allow_redirects=False,
            timeout=10,
        )
        while response.status_code in (302, 303):
            location = urljoin(response.url, response.headers["Location"])
            if not location.startswith("http://127.0.0.1"):
                return location
            response = self.http.get(location, allow_redirects=False, timeout=10)
        raise AssertionError(f"the provider did not send the person back: {response.status_code} {response.text[:300]}")

    def end_session(self, url: str) -> str:
        """Follow RP-initiated logout: confirm "Yes, sign me out" on the provider's page; return where it sends us."""
        response = self.http.get(url, allow_redirects=False, timeout=10)
        assert response.status_code == 200, response.text[:300]
        action = unescape(re.search(r'<form[^>]*action="([^"]+)"', response.text).group(1))
        xsrf = re.search(r'name="xsrf" value="([^"]+)"', response.text).group(1)
        response = self.http.post(
            urljoin(response.url, action), data={"xsrf": xsrf, "logout": "yes"}, allow_redirects=False, timeout=10
        )
        while response.status_code in (302, 303):
            location = urljoin(response.url, response.headers["Location"])
            if not location.startswith("http://127.0.0.1"):
                return location
            response = self.http.get(location, allow_redirects=False, timeout=10)
        return response.url


@pytest.fixture
def provider_browser():
    browser = ProviderBrowser()
    yield browser
    browser.http.close()
