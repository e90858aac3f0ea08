"""Admin of the train-and-place pipeline (issue 18 item 5), with history: a programme's training place settings
(whether a DBS check is cleared before training), applications for training places and graduates' candidacies. The
pages for HR and the peer lead make these through development.services_pipeline; here an administrator corrects
them. An application holds what the applicant shares of their lived experience: opening it is a logged read."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from programmes.admin_sensitive import SensitiveRecordAdmin
from programmes.models import SensitiveAccessLog

from .models_pipeline import GraduateCandidacy, TrainingApplication, TrainingPipelineSettings


@admin.register(TrainingPipelineSettings)
class TrainingPipelineSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["programme", "dbs_check_before_training"]
    raw_id_fields = ["programme"]


@admin.register(TrainingApplication)
class TrainingApplicationAdmin(SensitiveRecordAdmin):
    record_type = SensitiveAccessLog.RecordType.LIVED_EXPERIENCE
    history_content_field = "lived_experience"
    list_display = ["applicant", "cohort", "applied_on", "status", "waiting_position"]
    list_filter = ["status", "cohort__programme__trust"]
    search_fields = ["applicant__full_name", "cohort__name"]
    list_select_related = ["applicant", "cohort__course"]
    raw_id_fields = ["applicant", "cohort", "interviewed_by", "enrolment"]
    date_hierarchy = "applied_on"

    def peer_of(self, obj):
        return obj.applicant

    def shows_content(self, obj) -> bool:
        return bool(obj.lived_experience)


@admin.register(GraduateCandidacy)
class GraduateCandidacyAdmin(SimpleHistoryAdmin):
    list_display = ["training_application", "vacancy", "put_forward_on"]
    list_select_related = ["training_application__applicant", "vacancy"]
    raw_id_fields = ["training_application", "application", "vacancy", "put_forward_by"]
