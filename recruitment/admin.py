"""Admin for recruitment: every model, with list display, filters, search and history. An
application's stage changes only through `recruitment.services.move_application` (the admin action
below calls it); the record of stage transitions is read-only; reading an occupational health or DBS
record here is logged like any other read."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from programmes.admin_sensitive import SensitiveRecordAdmin
from programmes.models import SensitiveAccessLog

from . import services
from .models import (
    Application,
    BenefitsAdvice,
    CandidateSupport,
    DbsCheck,
    Interview,
    InterviewScore,
    OccupationalHealthReferral,
    OrientationBooking,
    OrientationSession,
    PanelMember,
    Referee,
    ShortlistingMark,
    StageTransition,
    Vacancy,
)


@admin.register(Vacancy)
class VacancyAdmin(SimpleHistoryAdmin):
    list_display = ["job_title", "reference", "post", "status", "opens_on", "closes_on"]
    list_filter = ["status", "job_type", "post__team__trust"]
    search_fields = ["job_title", "reference", "post__title", "post__team__name"]
    list_select_related = ["post__team"]
    autocomplete_fields = ["post"]
    date_hierarchy = "opens_on"


class OrientationBookingInline(admin.TabularInline):
    model = OrientationBooking
    extra = 0
    autocomplete_fields = ["peer"]


@admin.register(OrientationSession)
class OrientationSessionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "programme", "starts_at", "place", "capacity"]
    list_filter = ["programme__trust"]
    search_fields = ["place", "programme__name"]
    list_select_related = ["programme"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["vacancies"]
    inlines = [OrientationBookingInline]


@admin.register(OrientationBooking)
class OrientationBookingAdmin(SimpleHistoryAdmin):
    list_display = ["peer", "session", "booked_on", "attended"]
    list_filter = ["attended", "session__programme__trust"]
    search_fields = ["peer__full_name", "session__place"]
    list_select_related = ["peer", "session"]
    autocomplete_fields = ["peer"]


@admin.register(BenefitsAdvice)
class BenefitsAdviceAdmin(SimpleHistoryAdmin):
    list_display = ["peer", "given_on", "given_by", "signposting_given", "better_off_calculation_done"]
    list_filter = ["signposting_given", "better_off_calculation_done", "peer__trust"]
    search_fields = ["peer__full_name", "given_by"]
    list_select_related = ["peer"]
    autocomplete_fields = ["peer"]


class RefereeInline(admin.TabularInline):
    model = Referee
    extra = 0


def _move_action(stage):
    """An admin action moving the selected applications to `stage` through the pipeline's service."""

    def move(modeladmin, request, queryset):
        moved = 0
        for application in queryset.select_related("applicant", "vacancy"):
            try:
                services.move_application(application=application, to_stage=stage, by=request.user)
                moved += 1
            except ValidationError as error:
                for message in error.messages:
                    modeladmin.message_user(request, f"{application}: {message}", messages.ERROR)
        if moved:
            modeladmin.message_user(request, f"{moved} moved to {stage.label.lower()}.", messages.SUCCESS)

    move.__name__ = f"move_to_{stage.value}"
    return admin.action(description=f"Move to {stage.label.lower()}")(move)


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    """The stage is shown, never edited: the action moves applications through the pipeline's service,
    which checks the transition and records it."""

    list_display = ["applicant", "vacancy", "stage", "applied_on", "stage_changed_at", "disability_declared"]
    list_filter = ["stage", "disability_declared", "vacancy__post__team__trust"]
    search_fields = ["applicant__full_name", "vacancy__job_title", "vacancy__reference"]
    list_select_related = ["applicant", "vacancy__post__team"]
    autocomplete_fields = ["applicant", "vacancy"]
    readonly_fields = ["stage", "stage_changed_at"]
    inlines = [RefereeInline]
    actions = [_move_action(stage) for stage in Application.Stage if stage != Application.Stage.APPLIED]

    def revert_disabled(self, request, obj=None):
        # Reverting to an earlier version would change the stage behind the pipeline's back.
        return True


@admin.register(StageTransition)
class StageTransitionAdmin(admin.ModelAdmin):
    """Read-only: written only by `services.move_application`."""

    list_display = ["application", "from_stage", "to_stage", "by", "at"]
    list_filter = ["to_stage", "from_stage"]
    search_fields = ["application__applicant__full_name", "application__vacancy__job_title"]
    list_select_related = ["application__applicant", "application__vacancy", "by"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Referee)
class RefereeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "relationship", "application"]
    list_filter = ["relationship"]
    search_fields = ["name", "application__applicant__full_name"]
    list_select_related = ["application__applicant", "application__vacancy"]


@admin.register(ShortlistingMark)
class ShortlistingMarkAdmin(SimpleHistoryAdmin):
    list_display = ["application", "criterion", "shortlister", "essential_met", "desirable_met"]
    list_filter = ["essential_met", "desirable_met"]
    search_fields = ["application__applicant__full_name", "shortlister__username"]
    list_select_related = ["application__applicant", "application__vacancy", "criterion", "shortlister"]


class PanelMemberInline(admin.TabularInline):
    model = PanelMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Interview)
class InterviewAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "vacancy", "kind", "starts_at", "place", "capacity"]
    list_filter = ["kind", "vacancy__post__team__trust"]
    search_fields = ["place", "vacancy__job_title"]
    list_select_related = ["vacancy__post__team"]
    date_hierarchy = "starts_at"
    inlines = [PanelMemberInline]


@admin.register(PanelMember)
class PanelMemberAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role_on_panel", "is_peer_worker", "interview"]
    list_filter = ["is_peer_worker"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "role_on_panel"]
    list_select_related = ["user", "interview__vacancy"]
    autocomplete_fields = ["user"]


@admin.register(InterviewScore)
class InterviewScoreAdmin(SimpleHistoryAdmin):
    list_display = ["application", "panellist", "dimension", "criterion", "score"]
    list_filter = ["dimension", "score"]
    search_fields = ["application__applicant__full_name", "panellist__username"]
    list_select_related = ["application__applicant", "application__vacancy", "panellist", "criterion"]


class LoggedReadAdmin(SensitiveRecordAdmin):
    """A restricted record: opening it, its history or its list (which shows the OH outcome or the DBS
    status and decision) is a read, logged with the admin channel."""

    changelist_shows_content = True

    def peer_of(self, obj):
        return obj.application.applicant


@admin.register(OccupationalHealthReferral)
class OccupationalHealthReferralAdmin(LoggedReadAdmin):
    record_type = SensitiveAccessLog.RecordType.OCCUPATIONAL_HEALTH
    list_display = ["application", "referred_on", "outcome", "outcome_on"]
    list_filter = ["outcome"]
    search_fields = ["application__applicant__full_name"]
    list_select_related = ["application__applicant", "application__vacancy"]
    raw_id_fields = ["application"]


@admin.register(DbsCheck)
class DbsCheckAdmin(LoggedReadAdmin):
    record_type = SensitiveAccessLog.RecordType.DBS
    list_display = ["application", "level", "status", "submitted_on", "returned_on", "decision"]
    list_filter = ["level", "status", "decision"]
    search_fields = ["application__applicant__full_name"]
    list_select_related = ["application__applicant", "application__vacancy"]
    raw_id_fields = ["application"]


@admin.register(CandidateSupport)
class CandidateSupportAdmin(SimpleHistoryAdmin):
    list_display = ["application", "created_at", "feedback_given_on", "meeting_held_on", "alternative_route"]
    list_filter = ["alternative_route", "feedback_offered", "meeting_offered"]
    search_fields = ["application__applicant__full_name"]
    list_select_related = ["application__applicant", "application__vacancy"]
    raw_id_fields = ["application"]
