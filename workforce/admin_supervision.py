"""Admin for supervision and wellbeing (phase 3), with history. Opening a session (whose attendances show
each peer's wellbeing check and notes), a Wellness Action Plan or a return-to-work conversation here is a
read of a sensitive record: it is logged with the admin channel, as for occupational health records."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from programmes import access
from programmes.models import SensitiveAccessLog

from .models import (
    ReturnToWorkConversation,
    SupervisionAttendance,
    SupervisionSession,
    WapReview,
    WellnessActionPlan,
)

RecordType = SensitiveAccessLog.RecordType
ADMIN = SensitiveAccessLog.Channel.ADMIN


class SupervisionAttendanceInline(admin.StackedInline):
    model = SupervisionAttendance
    extra = 0
    autocomplete_fields = ["peer"]


@admin.register(SupervisionSession)
class SupervisionSessionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "format", "status", "date", "supervisor"]
    list_filter = ["kind", "format", "status"]
    search_fields = ["attendances__peer__full_name", "supervisor__username", "supervisor__last_name", "themes"]
    list_select_related = ["supervisor"]
    date_hierarchy = "date"
    raw_id_fields = ["supervisor", "recorded_by"]
    inlines = [SupervisionAttendanceInline]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        session = self.get_object(request, object_id)
        if session is not None:
            # The inline shows every attendee's wellbeing check and notes.
            access.log_sensitive_reads(
                user=request.user,
                reads=[(a.peer, a) for a in session.attendances.select_related("peer")],
                record_type=RecordType.SUPERVISION_NOTES,
                channel=ADMIN,
            )
        return super().change_view(request, object_id, form_url, extra_context)


class LoggedPeerRecordAdmin(SimpleHistoryAdmin):
    """A sensitive record about a peer: opening it in the admin is a read, logged with the admin channel."""

    record_type: str

    def change_view(self, request, object_id, form_url="", extra_context=None):
        record = self.get_object(request, object_id)
        if record is not None:
            access.log_sensitive_read(
                user=request.user, peer=record.peer, record_type=self.record_type, obj=record, channel=ADMIN
            )
        return super().change_view(request, object_id, form_url, extra_context)


class WapReviewInline(admin.TabularInline):
    model = WapReview
    extra = 0
    raw_id_fields = ["reviewed_with"]


@admin.register(WellnessActionPlan)
class WellnessActionPlanAdmin(LoggedPeerRecordAdmin):
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
    readonly_fields = ["version", "updated_at"]
    inlines = [WapReviewInline]


@admin.register(WapReview)
class WapReviewAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "reviewed_on", "reviewed_with", "next_review_on"]
    search_fields = ["plan__peer__full_name"]
    list_select_related = ["plan__peer", "reviewed_with"]
    raw_id_fields = ["plan", "reviewed_with"]
    date_hierarchy = "reviewed_on"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        review = self.get_object(request, object_id)
        if review is not None:
            access.log_sensitive_read(
                user=request.user,
                peer=review.plan.peer,
                record_type=RecordType.WELLNESS_ACTION_PLAN,
                obj=review.plan,
                channel=ADMIN,
            )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(ReturnToWorkConversation)
class ReturnToWorkConversationAdmin(LoggedPeerRecordAdmin):
    record_type = RecordType.RETURN_TO_WORK
    list_display = ["peer", "held_on", "absence_from", "absence_to", "held_by", "wap_reviewed"]
    list_filter = ["wap_reviewed", "peer__trust"]
    search_fields = ["peer__full_name"]
    list_select_related = ["peer", "held_by"]
    autocomplete_fields = ["peer"]
    raw_id_fields = ["held_by"]
    date_hierarchy = "held_on"
