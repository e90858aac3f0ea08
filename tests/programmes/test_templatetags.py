"""Hours are shown as people write them."""

from decimal import Decimal

import pytest

from programmes.templatetags.programmes_tags import hours


@pytest.mark.parametrize(
    ("value", "shown"),
    [(Decimal("37.50"), "37.5"), (Decimal("30.00"), "30"), (Decimal("18.75"), "18.75"), (None, "")],
)
def test_hours_drop_trailing_zeros(value, shown):
    assert hours(value) == shown
