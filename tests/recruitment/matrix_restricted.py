"""Permission matrix rows for recruitment: occupational health, DBS, support for candidates, the funnel.

The objects named come from the `recruitment` fixture (tests/recruitment/conftest.py) on top of `world`.
"""

from tests.matrix import ADMIN, KEEPERS, SIGNED_IN, STAFF_OF_TRUST, Row, answers  # noqa: F401

ROWS: list[Row] = []
