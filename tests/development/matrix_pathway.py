"""Permission matrix rows for this part of the development phase (filled in with its pages)."""

from tests.matrix import Row

ROWS: list[Row] = []
