"""Admin of the employment phase: placements, induction and reviews, then supervision and wellbeing."""

from . import admin_placements, admin_supervision  # noqa: F401
