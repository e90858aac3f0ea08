"""The permission matrix for the information governance officer (a role the shared ROLES of tests/matrix.py do not
hold): every privacy row, and the pages elsewhere an IG officer opens or must not, as the IG officer of the world's
trust and of the other trust (tests/privacy/matrix_privacy.py says what each gets)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.privacy.matrix_privacy import IG_ELSEWHERE, IG_ROLES, ROWS, add_ig_officers
from tests.test_permissions import _answer, preparation  # noqa: F401  (the world the rows' objects come from)

pytestmark = pytest.mark.shared_world("world")  # one world for the module (tests/shared_world.py)


def test_every_privacy_row_says_what_the_ig_officers_get():
    assert all(set(IG_ROLES) <= set(row.expected) for row in ROWS)


@pytest.mark.parametrize("row", ROWS + IG_ELSEWHERE, ids=lambda r: r.id)
def test_ig_officer_matrix(row, preparation, client):  # noqa: F811
    world = add_ig_officers(preparation)
    url = reverse(row.name, kwargs=row.kwargs(world))
    got = {}
    for role in IG_ROLES:
        client.force_login(getattr(world, role))
        got[role] = _answer(getattr(client, row.method)(url))
    wrong = {r: f"expected {row.expected[r]}, got {got[r]}" for r in IG_ROLES if got[r] != row.expected[r]}
    assert not wrong, f"{row.id}: {wrong}"
