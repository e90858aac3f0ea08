"""Admin for supervision and wellbeing (phase 3), with history. Opening a session (whose attendances show
each peer's wellbeing check and notes), a Wellness Action Plan or a return-to-work conversation here is a
read of a sensitive record, and so is its history: it is logged with the admin channel by
`programmes.admin_sensitive`, as for occupational health records."""

from django.contrib import admin
from django.db import transaction

from programmes.admin_sensitive import SensitiveRecordAdmin
from programmes.models import SensitiveAccessLog

from .models import (
    ReturnToWorkConversation,
    SupervisionAttendance,
    SupervisionSession,
    SupervisionSummary,
    WapReview,
    WellnessActionPlan,
)
from .supervision_summary import refresh_summary

RecordType = SensitiveAccessLog.RecordType


class SupervisionAttendanceInline(admin.StackedInline):
    model = SupervisionAttendance
    extra = 0
    autocomplete_fields = ["peer"]


@admin.register(SupervisionSession)
class SupervisionSessionAdmin(SensitiveRecordAdmin):
    """The inline shows every attendee's wellbeing check and notes: opening the session reads them all. The
    session's own history holds its themes and actions, not the notes (the attendances' history is not here)."""

    record_type = RecordType.SUPERVISION_NOTES
    list_display = ["__str__", "kind", "format", "status", "date", "supervisor"]
    list_filter = ["kind", "format", "status"]
    search_fields = ["attendances__peer__full_name", "supervisor__username", "supervisor__last_name", "themes"]
    list_select_related = ["supervisor"]
    date_hierarchy = "date"
    raw_id_fields = ["supervisor", "recorded_by"]
    inlines = [SupervisionAttendanceInline]

    def sensitive_reads(self, obj) -> list[tuple]:
        return [(a.peer, a) for a in obj.attendances.select_related("peer")]

    def history_reads(self, obj) -> list[tuple]:
        return []

    # Every write here keeps the supervision summary right, in the admin's transaction: a session's date or status
    # changes its attendees' rows (and reverting to a past version saves the session alone), its inline
    # attendances add or take off peers, and deleting it takes it from everyone who attended.
    @staticmethod
    def _attendee_ids(obj) -> set[int]:
        return set(SupervisionAttendance.objects.filter(session_id=obj.pk).values_list("peer_id", flat=True))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        refresh_summary(self._attendee_ids(obj))

    def save_related(self, request, form, formsets, change):
        before = self._attendee_ids(form.instance)
        super().save_related(request, form, formsets, change)
        refresh_summary(before | self._attendee_ids(form.instance))

    @transaction.atomic
    def delete_model(self, request, obj):
        attendees = self._attendee_ids(obj)
        super().delete_model(request, obj)
        refresh_summary(attendees)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        attendees = set(
            SupervisionAttendance.objects.filter(session__in=queryset).values_list("peer_id", flat=True).distinct()
        )
        super().delete_queryset(request, queryset)
        refresh_summary(attendees)


@admin.register(SupervisionSummary)
class SupervisionSummaryAdmin(admin.ModelAdmin):
    """Read only: the supervision services keep these rows from the sessions (edit a session instead), and
    `manage.py rebuild_supervision_summary` rebuilds them. Dates only, no notes."""

    list_display = ["peer", "kind", "last_held_on", "planned_on"]
    list_filter = ["kind"]
    search_fields = ["peer__full_name"]
    list_select_related = ["peer"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class WapReviewInline(admin.TabularInline):
    model = WapReview
    extra = 0
    raw_id_fields = ["reviewed_with"]


@admin.register(WellnessActionPlan)
class WellnessActionPlanAdmin(SensitiveRecordAdmin):
    """The list shows whom the plan is shared with and when it is reviewed, not its words; the form and the
    history show the words."""

    record_type = RecordType.WELLNESS_ACTION_PLAN
    list_display = [
        "peer",
        "version",
        "review_on",
        "shared_with_line_manager",
        "shared_with_supervisor",
        "shared_with_hr",
        "updated_at",
    ]
    list_filter = ["shared_with_line_manager", "shared_with_supervisor", "shared_with_hr", "peer__trust"]
    search_fields = ["peer__full_name"]
    list_select_related = ["peer"]
    autocomplete_fields = ["peer"]
    raw_id_fields = ["line_manager_shared_with", "supervisor_shared_with"]
    readonly_fields = ["version", "updated_at"]
    inlines = [WapReviewInline]


@admin.register(WapReview)
class WapReviewAdmin(SensitiveRecordAdmin):
    """A review's words (what is working, the changes agreed) are part of the plan: logged as a read of it."""

    record_type = RecordType.WELLNESS_ACTION_PLAN
    list_display = ["plan", "reviewed_on", "reviewed_with", "next_review_on"]
    search_fields = ["plan__peer__full_name"]
    list_select_related = ["plan__peer", "reviewed_with"]
    raw_id_fields = ["plan", "reviewed_with"]
    date_hierarchy = "reviewed_on"

    def peer_of(self, obj):
        return obj.plan.peer

    def logged_record(self, obj):
        return obj.plan


@admin.register(ReturnToWorkConversation)
class ReturnToWorkConversationAdmin(SensitiveRecordAdmin):
    """The list shows when each conversation was held, as the peer's return-to-work page does, not what was
    agreed: the form and the history are the reads."""

    record_type = RecordType.RETURN_TO_WORK
    list_display = ["peer", "held_on", "absence_from", "absence_to", "held_by", "wap_reviewed"]
    list_filter = ["wap_reviewed", "peer__trust"]
    search_fields = ["peer__full_name"]
    list_select_related = ["peer", "held_by"]
    autocomplete_fields = ["peer"]
    raw_id_fields = ["held_by"]
    date_hierarchy = "held_on"
