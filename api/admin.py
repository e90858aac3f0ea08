"""Admin of personal API tokens and their use log: administrators see every token and may revoke one (set its
revoked time); tokens are created only by their owners on the API tokens page, and the log is read-only."""

from django.contrib import admin

from .models import ApiToken, ApiTokenUse


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "expires_at", "revoked_at"]
    list_filter = ["revoked_at", "expires_at"]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = ["user", "name", "prefix", "key_hash", "created_at", "expires_at"]

    def has_add_permission(self, request):
        return False


@admin.register(ApiTokenUse)
class ApiTokenUseAdmin(admin.ModelAdmin):
    list_display = ["used_at", "token", "method", "path", "ip_address"]
    list_select_related = ["token"]
    search_fields = ["path", "token__name", "token__prefix"]
    date_hierarchy = "used_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
