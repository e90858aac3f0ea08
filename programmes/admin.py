"""Admin for the shared model: every model with list display, filters, search and history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import access
from .models import OwnCareTeamArrangement, Peer, Post, Programme, SensitiveAccessLog, StaffRole, Team, Trust


@admin.register(Trust)
class TrustAdmin(SimpleHistoryAdmin):
    list_display = ["name", "ods_code"]
    search_fields = ["name", "ods_code"]
    list_filter = ["programmes__training_model"]


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "trust", "training_model", "target_peer_share", "start_date", "lead"]
    list_filter = ["training_model", "trust"]
    search_fields = ["name", "trust__name"]
    list_select_related = ["trust", "lead"]
    autocomplete_fields = ["trust"]


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "trust", "service_type", "recovery_training_done"]
    list_filter = ["service_type", "recovery_training_done", "trust"]
    search_fields = ["name", "trust__name"]
    list_select_related = ["trust"]
    autocomplete_fields = ["trust"]


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    list_display = ["title", "team", "band", "hours", "contract_type", "funding", "career_level", "holder"]
    list_filter = ["band", "contract_type", "funding", "career_level", "team__trust"]
    search_fields = ["title", "team__name", "holder__full_name"]
    list_select_related = ["team", "holder"]
    autocomplete_fields = ["team", "holder"]


@admin.register(Peer)
class PeerAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "preferred_name", "pronouns", "trust", "email", "user"]
    list_filter = ["trust"]
    search_fields = ["full_name", "preferred_name", "email"]
    list_select_related = ["trust", "user"]
    autocomplete_fields = ["trust", "user"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        peer = self.get_object(request, object_id)
        if peer is not None and peer.lived_experience_summary:
            # An administrator reading the record reads the lived-experience details: log it.
            access.log_sensitive_read(
                user=request.user,
                peer=peer,
                record_type=SensitiveAccessLog.RecordType.LIVED_EXPERIENCE,
                channel=SensitiveAccessLog.Channel.ADMIN,
            )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(StaffRole)
class StaffRoleAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "trust", "team"]
    list_filter = ["role", "trust"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "team__name"]
    list_select_related = ["user", "trust", "team"]
    autocomplete_fields = ["user", "trust", "team"]


@admin.register(OwnCareTeamArrangement)
class OwnCareTeamArrangementAdmin(SimpleHistoryAdmin):
    list_display = ["peer", "team", "line_manager", "supervisor"]
    list_filter = ["team__trust"]
    search_fields = ["peer__full_name", "team__name"]
    list_select_related = ["peer", "team", "line_manager", "supervisor"]
    autocomplete_fields = ["peer", "team", "line_manager", "supervisor"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        arrangement = self.get_object(request, object_id)
        if arrangement is not None:
            access.log_sensitive_read(
                user=request.user,
                peer=arrangement.peer,
                record_type=SensitiveAccessLog.RecordType.CARE_ARRANGEMENT,
                obj=arrangement,
                channel=SensitiveAccessLog.Channel.ADMIN,
            )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(SensitiveAccessLog)
class SensitiveAccessLogAdmin(admin.ModelAdmin):
    """Read-only: the log of reads cannot be added to, edited or deleted here."""

    list_display = ["accessed_at", "user", "peer", "record_type", "channel", "object_id"]
    list_filter = ["record_type", "channel", "peer__trust"]
    search_fields = ["user__username", "peer__full_name"]
    list_select_related = ["user", "peer"]
    date_hierarchy = "accessed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
