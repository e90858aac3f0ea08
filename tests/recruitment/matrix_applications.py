"""Permission matrix rows for recruitment's pages: applications, the pipeline, shortlisting and interviews.

The objects named come from the `recruitment` fixture (tests/recruitment/conftest.py) on top of `world`.
"""

from tests.matrix import ADMIN, KEEPERS, SIGNED_IN, STAFF_OF_TRUST, Row, answers  # noqa: F401

ROWS: list[Row] = []
