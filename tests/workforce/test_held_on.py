"""`workforce.selectors.held_on`, the rule for placements already read into Python (the dashboard's days, retention),
agrees with `current_placements`, the same rule in SQL, on every day around a placement's start and end."""

import datetime

import pytest

from tests import factories
from tests.workforce.world import place
from workforce.models import Placement
from workforce.selectors import current_placements, held_on

pytestmark = pytest.mark.shared_world("world")  # one world for the module (tests/shared_world.py)

D = datetime.date


def test_held_on_agrees_with_current_placements_on_each_day_around_the_start_and_end(world):
    starts_and_ends = [(D(2026, 3, 1), None), (D(2026, 3, 1), D(2026, 3, 1)), (D(2026, 3, 2), D(2026, 3, 4))]
    placements = [
        place(
            factories.PeerFactory(trust=world.trust), factories.PostFactory(team=world.team), start=start, end_date=end
        )
        for start, end in starts_and_ends
    ]
    ours = Placement.objects.filter(pk__in=[p.pk for p in placements])
    rows = list(ours.values_list("pk", "start_date", "end_date"))
    for day in (D(2026, 2, 28) + datetime.timedelta(days=n) for n in range(7)):
        in_sql = set(current_placements(ours, day).values_list("pk", flat=True))
        assert {pk for pk, start, end in rows if held_on(start, end, day)} == in_sql, day
    # The known answers: a one-day placement is held on its day only; nothing is held before 1 March.
    assert [held_on(D(2026, 3, 1), D(2026, 3, 1), d) for d in (D(2026, 2, 28), D(2026, 3, 1), D(2026, 3, 2))] == [
        False,
        True,
        False,
    ]
