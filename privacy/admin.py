"""Admin for the privacy app: legal holds and subject access requests (with history) and the log of retention runs
(read only)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import LegalHold, RetentionRun, SubjectAccessRequest


@admin.register(LegalHold)
class LegalHoldAdmin(SimpleHistoryAdmin):
    list_display = ["peer", "set_at", "set_by", "released_at", "released_by"]
    list_filter = ["released_at"]
    search_fields = ["peer__full_name", "reason"]
    list_select_related = ["peer", "set_by", "released_by"]
    raw_id_fields = ["peer", "set_by", "released_by"]


@admin.register(RetentionRun)
class RetentionRunAdmin(admin.ModelAdmin):
    list_display = ["ran_for", "ran_at", "months", "due", "removed", "finished_at", "state"]
    list_filter = [("finished_at", admin.EmptyFieldListFilter)]
    date_hierarchy = "ran_for"

    @admin.display(description="State")
    def state(self, obj: RetentionRun) -> str:
        # A run records itself first and its finish last: no finish time means it is running, or it died part-way
        # (the next daily run removes whoever is still due).
        return "Finished" if obj.finished_at else "Unfinished: still running, or stopped part-way"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SubjectAccessRequest)
class SubjectAccessRequestAdmin(SimpleHistoryAdmin):
    list_display = ["peer", "received_on", "due_on", "extended_to", "status", "fulfilled_on", "recorded_by"]
    list_filter = ["status"]
    date_hierarchy = "received_on"
    search_fields = ["peer__full_name", "requested_by"]
    list_select_related = ["peer", "recorded_by"]
    raw_id_fields = ["peer", "recorded_by"]
