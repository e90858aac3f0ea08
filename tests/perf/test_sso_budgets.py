"""Query budgets for single sign-on (issue 20): the sign-in page makes the same number of queries with 5 or 50
identity providers configured, and so do the refusal page and the re-authentication redirect (their answers do not
depend on the number of providers, nor of anything else; see tests/perf/budget.py for the pages of the phases)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sso.models import IdentityProvider
from tests.perf.budget import LARGE, SMALL, get_counting_queries, tables_written

pytestmark = pytest.mark.shared_world("world")  # one world for the module (tests/shared_world.py)


def add_providers(world, count: int) -> None:
    start = IdentityProvider.objects.count()
    for n in range(start, start + count):
        IdentityProvider.objects.create(
            trust=world.trust,
            slug=f"provider-{n}",
            display_name=f"Provider {n}",
            issuer=f"https://idp{n}.example.org",
            client_id="client",
            client_secret="secret",  # noqa: S106
            allowed_email_domains="example.org",
        )


def _budget(client, world, url: str, status: int, shown=None) -> None:
    add_providers(world, SMALL)
    client.get(url)
    small_response, small = get_counting_queries(client, url)
    add_providers(world, LARGE - SMALL)
    large_response, large = get_counting_queries(client, url)
    assert small_response.status_code == large_response.status_code == status
    if shown:
        assert shown(small_response) == SMALL and shown(large_response) == LARGE
    assert len(large) == len(small), "queries grew with the providers:\n" + "\n".join(
        q for q in large if q not in small
    )
    assert not tables_written(large)


def test_the_sign_in_page_keeps_its_budget_with_5_or_50_providers(client, world):
    _budget(client, world, reverse("login"), 200, lambda r: len(r.context["identity_providers"]))


def test_the_refusal_page_keeps_its_budget(client, world):
    add_providers(world, 1)
    # A callback without a state this session started: the refusal page, whatever else is configured.
    _budget(client, world, reverse("sso:callback", args=["provider-0"]), 400)


def test_the_reauthentication_redirect_keeps_its_budget(client, world):
    client.force_login(world.hr_officer)
    _budget(client, world, reverse("sso:reauthenticate"), 302)
