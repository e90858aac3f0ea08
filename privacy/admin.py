"""Admin for the privacy app: legal holds (with history) and the log of retention runs (read only)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import LegalHold, RetentionRun


@admin.register(LegalHold)
class LegalHoldAdmin(SimpleHistoryAdmin):
    list_display = ["peer", "set_at", "set_by", "released_at", "released_by"]
    list_filter = ["released_at"]
    search_fields = ["peer__full_name", "reason"]
    list_select_related = ["peer", "set_by", "released_by"]
    raw_id_fields = ["peer", "set_by", "released_by"]


@admin.register(RetentionRun)
class RetentionRunAdmin(admin.ModelAdmin):
    list_display = ["ran_for", "ran_at", "months", "removed"]
    date_hierarchy = "ran_for"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
