"""Admin of the employment phase: placements, induction and reviews, then supervision and wellbeing, and the
record of the daily reminder runs; sickness absence (admin_absence)."""

from django.contrib import admin

from . import admin_absence, admin_placements, admin_supervision  # noqa: F401
from .models import ReminderRun


@admin.register(ReminderRun)
class ReminderRunAdmin(admin.ModelAdmin):
    """Whether each day's reminder run finished (a run with no finish time died part-way): read only, the runs
    write these rows."""

    list_display = ["day", "started_at", "finished_at", "created"]
    date_hierarchy = "day"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
