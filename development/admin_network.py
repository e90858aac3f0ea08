"""Admin of the peer network (phase 4; issue 18, item 6), with history: meetings and who came. The pages for HR
and the peer lead make these through development.services_network; here an administrator corrects them."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import PeerNetworkAttendance, PeerNetworkMeeting


class PeerNetworkAttendanceInline(admin.TabularInline):
    model = PeerNetworkAttendance
    extra = 0
    raw_id_fields = ["peer"]


@admin.register(PeerNetworkMeeting)
class PeerNetworkMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["held_on", "trust", "place", "facilitated_by"]
    list_filter = ["trust"]
    search_fields = ["place", "themes", "trust__name"]
    list_select_related = ["trust", "facilitated_by"]
    raw_id_fields = ["trust", "facilitated_by"]
    date_hierarchy = "held_on"
    inlines = [PeerNetworkAttendanceInline]


@admin.register(PeerNetworkAttendance)
class PeerNetworkAttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["peer", "meeting"]
    list_filter = ["meeting__trust"]
    search_fields = ["peer__full_name"]
    list_select_related = ["peer", "meeting__trust"]
    raw_id_fields = ["meeting", "peer"]
