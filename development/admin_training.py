"""Admin of training and CPD and of the personal development plan (phase 4, part 5), with history. Records are
made on the pages (through development.services_training); here administrators correct them."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DevelopmentObjective, TrainingRecord


@admin.register(TrainingRecord)
class TrainingRecordAdmin(SimpleHistoryAdmin):
    list_display = ["title", "peer", "category", "provider", "completed_on", "expires_on"]
    list_filter = ["category", "peer__trust"]
    search_fields = ["title", "provider", "peer__full_name"]
    list_select_related = ["peer"]
    raw_id_fields = ["peer", "course"]
    date_hierarchy = "completed_on"


@admin.register(DevelopmentObjective)
class DevelopmentObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["text", "peer", "source", "status", "target_on", "achieved_on"]
    list_filter = ["source", "status", "peer__trust"]
    search_fields = ["text", "peer__full_name"]
    list_select_related = ["peer"]
    raw_id_fields = ["peer", "descriptor", "rating"]
