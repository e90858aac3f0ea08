"""Admin for placements, induction and reviews (phase 3), with history. Opening a placement here shows its
reasonable adjustments from occupational health: that read is logged (channel ADMIN), as for OH records."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from programmes.admin_sensitive import SensitiveRecordAdmin
from programmes.models import SensitiveAccessLog

from .models import (
    EmploymentReview,
    EmploymentSettings,
    InductionItem,
    InductionPlan,
    InductionTemplateItem,
    Placement,
    ReviewObjective,
)


@admin.register(EmploymentSettings)
class EmploymentSettingsAdmin(SimpleHistoryAdmin):
    list_display = [
        "programme",
        "managerial_interval_months",
        "early_weekly_months",
        "peer_interval_days",
        "due_soon_days",
        "escalate_after_days",
    ]
    list_select_related = ["programme__trust"]
    search_fields = ["programme__name", "programme__trust__name"]


@admin.register(Placement)
class PlacementAdmin(SensitiveRecordAdmin):
    """Placements are made through `workforce.services.place_peer` on the placement pages (it sets the post's
    holder, the own-care arrangement, the induction plan and the reviews); here they are corrected. The form
    and the history show the reasonable adjustments: a read of the OH record, logged."""

    record_type = SensitiveAccessLog.RecordType.OCCUPATIONAL_HEALTH
    history_content_field = "reasonable_adjustments"
    list_display = ["peer", "post", "start_date", "end_date", "hours", "own_care_team"]
    list_filter = ["own_care_team", "leaving_reason", "post__team__trust"]
    search_fields = ["peer__full_name", "post__title", "post__team__name"]
    list_select_related = ["peer", "post__team"]
    raw_id_fields = ["peer", "post", "application", "line_manager", "peer_supervisor", "mentor"]
    date_hierarchy = "start_date"

    def shows_content(self, obj) -> bool:
        return bool(obj.reasonable_adjustments)


@admin.register(InductionTemplateItem)
class InductionTemplateItemAdmin(admin.ModelAdmin):
    """The induction template (reference data from seed 001); a new plan copies these items."""

    list_display = ["title", "section", "week", "order", "source"]
    list_filter = ["section", "week"]
    search_fields = ["title", "description"]
    list_editable = ["order"]


class InductionItemInline(admin.TabularInline):
    model = InductionItem
    extra = 0
    fields = ["section", "week", "order", "title", "due_on", "scheduled_for", "done_on", "done_by"]
    raw_id_fields = ["done_by"]


@admin.register(InductionPlan)
class InductionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "mentor", "created_at"]
    search_fields = ["placement__peer__full_name"]
    list_select_related = ["placement__peer", "mentor"]
    raw_id_fields = ["placement", "mentor"]
    inlines = [InductionItemInline]


class ReviewObjectiveInline(admin.TabularInline):
    model = ReviewObjective
    extra = 0


@admin.register(EmploymentReview)
class EmploymentReviewAdmin(SimpleHistoryAdmin):
    list_display = ["placement", "kind", "due_on", "held_on", "reviewer"]
    list_filter = ["kind", "placement__post__team__trust"]
    search_fields = ["placement__peer__full_name"]
    list_select_related = ["placement__peer", "placement__post__team", "reviewer"]
    raw_id_fields = ["placement", "reviewer"]
    date_hierarchy = "due_on"
    inlines = [ReviewObjectiveInline]
