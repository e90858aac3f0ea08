"""Admin of sickness absence (issue 18 item 4), with history. The form and the history show the reason category, a
sensitive record: opening them (when a reason is or was recorded) is logged (channel ADMIN), as for a WAP. The list
shows dates and days lost only."""

from django.contrib import admin

from programmes.admin_sensitive import SensitiveRecordAdmin
from programmes.models import SensitiveAccessLog

from .models import AbsenceEpisode


@admin.register(AbsenceEpisode)
class AbsenceEpisodeAdmin(SensitiveRecordAdmin):
    record_type = SensitiveAccessLog.RecordType.SICKNESS_ABSENCE
    history_content_field = "reason_category"
    list_display = ["peer", "start_date", "end_date", "days_lost", "days_lost_entered"]
    list_filter = ["peer__trust"]
    search_fields = ["peer__full_name"]
    list_select_related = ["peer"]
    autocomplete_fields = ["peer"]
    raw_id_fields = ["placement", "return_to_work", "recorded_by"]
    date_hierarchy = "start_date"

    def shows_content(self, obj) -> bool:
        return bool(obj.reason_category)
