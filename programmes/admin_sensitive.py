"""The admin of sensitive records (DESIGN section 3), shared by every phase's admin: opening a record, its
history (whose changes show past values), one of its past versions, or a list whose columns show part of it
is a read, written in the sensitive-access log with the admin channel (one insert per page)."""

from __future__ import annotations

from django.contrib.admin.utils import unquote
from simple_history.admin import SimpleHistoryAdmin

from . import access
from .models import SensitiveAccessLog

ADMIN = SensitiveAccessLog.Channel.ADMIN


class SensitiveRecordAdmin(SimpleHistoryAdmin):
    """A ModelAdmin (with history) of a record about a peer whose every read is logged.

    - `record_type`: the SensitiveAccessLog.RecordType the record is;
    - `peer_of(obj)`: whose record it is; `logged_record(obj)`: the record the log names (itself by default);
    - `shows_content(obj)`: whether the change form shows sensitive content (an empty field is no read);
    - `history_content_field`: when set, the history is a read only if some version had that field filled;
    - `changelist_shows_content`: the list's columns show part of the record (an OH outcome, a DBS decision,
      which team cares for the peer), so each row on the page is a read.
    """

    record_type: str
    history_content_field: str | None = None
    changelist_shows_content = False

    def peer_of(self, obj):
        return obj.peer

    def logged_record(self, obj):
        return obj

    def shows_content(self, obj) -> bool:
        return True

    def sensitive_reads(self, obj) -> list[tuple]:
        """(peer, record) pairs that the change form shows."""
        return [(self.peer_of(obj), self.logged_record(obj))] if self.shows_content(obj) else []

    def history_reads(self, obj) -> list[tuple]:
        """(peer, record) pairs that the history pages show: past values, even of a field now empty."""
        field = self.history_content_field
        if field and not getattr(obj, field) and not obj.history.exclude(**{field: ""}).exists():
            return []
        return [(self.peer_of(obj), self.logged_record(obj))]

    def log_reads(self, request, reads) -> None:
        if reads:
            access.log_sensitive_reads(user=request.user, reads=reads, record_type=self.record_type, channel=ADMIN)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            self.log_reads(request, self.sensitive_reads(obj))
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            self.log_reads(request, self.history_reads(obj))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            self.log_reads(request, self.history_reads(obj))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if self.changelist_shows_content and request.method == "GET":
            # The page's rows (already fetched, with list_select_related): one insert for all of them.
            self.log_reads(request, [(self.peer_of(obj), self.logged_record(obj)) for obj in changelist.result_list])
        return changelist
