"""Admin for the shared model: every model with list display, filters, search and history."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .admin_sensitive import SensitiveRecordAdmin
from .models import (
    AgendaCoverage,
    CodeOfConductAcknowledgement,
    CohortEnrolment,
    CostItem,
    FileDeletion,
    FollowUpAction,
    JobDescription,
    KeyAccountability,
    OwnCareTeamArrangement,
    Peer,
    PeerEmailDuplicate,
    PeerMerge,
    PersonSpecificationCriterion,
    Post,
    Programme,
    ProjectAction,
    ReferenceItem,
    SensitiveAccessLog,
    StaffRole,
    SteeringGroupMember,
    Team,
    TeamPreparationSession,
    TrainingCohort,
    TrainingCourse,
    Trust,
)
from .nations import identifier


@admin.register(Trust)
class TrustAdmin(SimpleHistoryAdmin):
    list_display = ["name", "nation", "ods_code"]
    search_fields = ["name", "ods_code"]
    list_filter = ["nation", "programmes__training_model"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None:  # the code's label and help follow the trust's nation, as on the trust form
            found = identifier(obj)
            form.base_fields["ods_code"].label = found.label
            form.base_fields["ods_code"].help_text = found.help_text
        return form


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
class PeerAdmin(SensitiveRecordAdmin):
    """The change form (and the history) show the lived-experience details: a read, logged. The list does not."""

    record_type = SensitiveAccessLog.RecordType.LIVED_EXPERIENCE
    history_content_field = "lived_experience_summary"
    list_display = ["full_name", "preferred_name", "pronouns", "trust", "email", "user"]
    list_filter = ["trust"]
    search_fields = ["full_name", "preferred_name", "email"]
    list_select_related = ["trust", "user"]
    autocomplete_fields = ["trust", "user"]
    actions = ["merge_two_records"]

    def peer_of(self, obj):
        return obj

    @admin.action(description="Merge the two selected records of one person")
    def merge_two_records(self, request, queryset):
        """Two records of one person made one (`services.merge_peers`), after a page that asks which to keep."""
        peers = list(queryset.select_related("trust", "user").order_by("pk"))
        if len(peers) != 2:
            self.message_user(request, "Select exactly two records of the same person to merge.", messages.ERROR)
            return None
        if request.POST.get("confirm") == "yes":
            keep_pk = request.POST.get("keep")
            keep = next((p for p in peers if str(p.pk) == keep_pk), None)
            if keep is None:
                self.message_user(request, "Choose the record to keep.", messages.ERROR)
            else:
                merge = next(p for p in peers if p is not keep)
                try:
                    merged = services.merge_peers(keep=keep, merge=merge, by=request.user)
                except ValidationError as error:
                    for message in error.messages:
                        self.message_user(request, message, messages.ERROR)
                    self.message_user(request, "Nothing was merged.", messages.ERROR)
                    return None
                moved = sum(merged.moved.values())
                self.message_user(
                    request,
                    f"{merged.merged_full_name} (#{merged.merged_peer_id}) merged into {keep.full_name} "
                    f"(#{keep.pk}): {moved} record(s) moved.",
                    messages.SUCCESS,
                )
                return None
        return TemplateResponse(
            request,
            "admin/programmes/peer/merge_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": "Merge two records of one person",
                "opts": self.model._meta,
                "peers": [(peer, _records_of(peer)) for peer in peers],
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def logged_record(self, obj):
        return None

    def shows_content(self, obj) -> bool:
        return bool(obj.lived_experience_summary)


def _records_of(peer: Peer) -> list[tuple[str, int]]:
    """How many records of each kind point at `peer` (what a merge would move), for the confirmation page."""
    out = []
    for field in services.peer_relations():
        if services.is_history_model(field.model):
            continue
        count = field.model._base_manager.filter(**{field.attname: peer.pk}).count()
        if count:
            out.append((str(field.model._meta.verbose_name_plural).capitalize(), count))
    return out


@admin.register(PeerEmailDuplicate)
class PeerEmailDuplicateAdmin(admin.ModelAdmin):
    """The records found sharing an email when a trust's emails became unique: HR merges each pair (the link
    selects both in the peers list, where the merge action is) or corrects the email."""

    list_display = ["peer", "email", "same_as", "trust", "found_at", "resolved_at", "resolution", "merge_link"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter), "peer__trust"]
    search_fields = ["email", "peer__full_name", "same_as__full_name"]
    list_select_related = ["peer__trust", "same_as"]
    readonly_fields = ["peer", "same_as", "email", "found_at", "resolved_at", "resolution"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Trust")
    def trust(self, obj):
        return obj.peer.trust

    @admin.display(description="Merge")
    def merge_link(self, obj):
        if obj.resolved_at:
            return ""
        url = reverse("admin:programmes_peer_changelist") + f"?id__in={obj.same_as_id},{obj.peer_id}"
        return format_html('<a href="{}">Select both records to merge</a>', url)


@admin.register(PeerMerge)
class PeerMergeAdmin(admin.ModelAdmin):
    """Who merged which two records, when, and what moved: read-only."""

    list_display = ["kept", "merged_peer_id", "merged_full_name", "merged_by", "merged_at"]
    list_filter = ["kept__trust"]
    search_fields = ["kept__full_name", "merged_full_name"]
    list_select_related = ["kept", "merged_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StaffRole)
class StaffRoleAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "trust", "team"]
    list_filter = ["role", "trust"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "team__name"]
    list_select_related = ["user", "trust", "team"]
    autocomplete_fields = ["user", "trust", "team"]


@admin.register(OwnCareTeamArrangement)
class OwnCareTeamArrangementAdmin(SensitiveRecordAdmin):
    """Even the list is a read: it says which team cares for each peer (seed 000, Box 10)."""

    record_type = SensitiveAccessLog.RecordType.CARE_ARRANGEMENT
    changelist_shows_content = True
    list_display = ["peer", "team", "line_manager", "supervisor"]
    list_filter = ["team__trust"]
    search_fields = ["peer__full_name", "team__name"]
    list_select_related = ["peer", "team", "line_manager", "supervisor"]
    autocomplete_fields = ["peer", "team", "line_manager", "supervisor"]


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


# --- Phase 1, preparation ---------------------------------------------------------------------


@admin.register(ReferenceItem)
class ReferenceItemAdmin(admin.ModelAdmin):
    """The seeds' reference content; administrators may correct or extend it."""

    list_display = ["kind", "number", "code", "title", "version", "source"]
    list_filter = ["kind"]
    search_fields = ["code", "title", "text"]


@admin.register(SteeringGroupMember)
class SteeringGroupMemberAdmin(SimpleHistoryAdmin):
    list_display = ["name", "job_title", "represents", "organisation", "programme"]
    list_filter = ["represents", "programme__trust"]
    search_fields = ["name", "job_title", "organisation"]
    list_select_related = ["programme"]


@admin.register(ProjectAction)
class ProjectActionAdmin(SimpleHistoryAdmin):
    list_display = ["action", "owner", "due_date", "status", "programme"]
    list_filter = ["status", "programme__trust"]
    search_fields = ["action", "owner"]
    list_select_related = ["programme"]
    date_hierarchy = "due_date"


@admin.register(CostItem)
class CostItemAdmin(SimpleHistoryAdmin):
    list_display = ["category", "description", "amount", "programme"]
    list_filter = ["category", "programme__trust"]
    search_fields = ["description"]
    list_select_related = ["programme"]


class AgendaCoverageInline(admin.TabularInline):
    model = AgendaCoverage
    extra = 0


class FollowUpActionInline(admin.TabularInline):
    model = FollowUpAction
    extra = 0


@admin.register(TeamPreparationSession)
class TeamPreparationSessionAdmin(SimpleHistoryAdmin):
    list_display = ["team", "held_on", "facilitator"]
    list_filter = ["team__trust"]
    search_fields = ["team__name", "facilitator", "attendees"]
    list_select_related = ["team"]
    date_hierarchy = "held_on"
    inlines = [AgendaCoverageInline, FollowUpActionInline]


@admin.register(AgendaCoverage)
class AgendaCoverageAdmin(SimpleHistoryAdmin):
    list_display = ["session", "item", "covered"]
    list_filter = ["covered"]
    search_fields = ["session__team__name", "item__title"]
    list_select_related = ["session__team", "item"]


@admin.register(FollowUpAction)
class FollowUpActionAdmin(SimpleHistoryAdmin):
    list_display = ["action", "owner", "due_date", "done", "session"]
    list_filter = ["done"]
    search_fields = ["action", "owner"]
    list_select_related = ["session__team"]


class KeyAccountabilityInline(admin.StackedInline):
    model = KeyAccountability
    extra = 0


class PersonSpecificationCriterionInline(admin.StackedInline):
    model = PersonSpecificationCriterion
    extra = 0


@admin.register(JobDescription)
class JobDescriptionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "job_title", "band", "career_level", "post", "version", "updated_at", "source"]
    list_filter = ["band", "career_level", ("post", admin.EmptyFieldListFilter)]
    search_fields = ["template_name", "job_title", "post__title"]
    list_select_related = ["post"]
    inlines = [KeyAccountabilityInline, PersonSpecificationCriterionInline]


@admin.register(KeyAccountability)
class KeyAccountabilityAdmin(SimpleHistoryAdmin):
    list_display = ["heading", "job_description", "order", "source"]
    search_fields = ["heading", "duties"]
    list_select_related = ["job_description"]
    list_filter = ["job_description__band"]


@admin.register(PersonSpecificationCriterion)
class PersonSpecificationCriterionAdmin(SimpleHistoryAdmin):
    list_display = ["attribute", "job_description", "essential_weight", "desirable_weight", "by_application", "source"]
    search_fields = ["attribute", "essential", "desirable"]
    list_select_related = ["job_description"]
    list_filter = ["by_application", "by_interview", "by_presentation"]


@admin.register(TrainingCourse)
class TrainingCourseAdmin(SimpleHistoryAdmin):
    list_display = ["name", "provider", "length", "accreditation", "trust"]
    list_filter = [("trust", admin.EmptyFieldListFilter)]
    search_fields = ["name", "provider"]
    list_select_related = ["trust"]


@admin.register(TrainingCohort)
class TrainingCohortAdmin(SimpleHistoryAdmin):
    list_display = ["name", "course", "programme", "starts_on", "ends_on", "capacity"]
    list_filter = ["programme__trust", "course"]
    search_fields = ["name", "course__name"]
    list_select_related = ["course", "programme"]
    date_hierarchy = "starts_on"


@admin.register(CohortEnrolment)
class CohortEnrolmentAdmin(SimpleHistoryAdmin):
    list_display = ["peer", "cohort", "status", "placement_days", "assessment_result", "graduated_on"]
    list_filter = ["status", "assessment_result"]
    search_fields = ["peer__full_name", "cohort__name"]
    list_select_related = ["peer", "cohort"]


@admin.register(CodeOfConductAcknowledgement)
class CodeOfConductAcknowledgementAdmin(SimpleHistoryAdmin):
    list_display = ["peer", "version", "acknowledged_on", "recorded_by"]
    list_filter = ["version"]
    search_fields = ["peer__full_name"]
    list_select_related = ["peer", "recorded_by"]


@admin.register(FileDeletion)
class FileDeletionAdmin(admin.ModelAdmin):
    """The file outbox, read only: what is still to delete (with the attempts and the last error) and what went."""

    list_display = ["name", "reason", "recorded_at", "deleted_at", "attempts", "last_error"]
    list_filter = [("deleted_at", admin.EmptyFieldListFilter), "reason"]
    date_hierarchy = "recorded_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
