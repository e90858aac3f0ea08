"""Admin of the outcomes app (issue 18 items 1 and 2), with history on every record."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CaseloadAgreement, EvaluationPlan, EvaluationQuestion, OutcomeMeasure, TeamAllocation, TeamReturn


class QuestionInline(admin.TabularInline):
    model = EvaluationQuestion
    extra = 0


@admin.register(EvaluationPlan)
class EvaluationPlanAdmin(SimpleHistoryAdmin):
    list_display = ["programme", "created_on"]
    list_select_related = ["programme"]
    inlines = [QuestionInline]


@admin.register(EvaluationQuestion)
class EvaluationQuestionAdmin(SimpleHistoryAdmin):
    list_display = ["question", "plan", "order"]
    list_select_related = ["plan__programme"]


@admin.register(OutcomeMeasure)
class OutcomeMeasureAdmin(SimpleHistoryAdmin):
    list_display = ["name", "programme", "slot", "scale_low", "scale_high"]
    list_select_related = ["programme"]


@admin.register(TeamReturn)
class TeamReturnAdmin(SimpleHistoryAdmin):
    list_display = ["team", "month", "people_supported", "contacts", "goals_agreed", "goals_achieved"]
    list_filter = ["team__trust"]
    list_select_related = ["team"]
    date_hierarchy = "month"
    raw_id_fields = ["recorded_by"]


@admin.register(TeamAllocation)
class TeamAllocationAdmin(SimpleHistoryAdmin):
    list_display = ["team"]
    list_select_related = ["team"]


@admin.register(CaseloadAgreement)
class CaseloadAgreementAdmin(SimpleHistoryAdmin):
    list_display = ["placement", "agreed_on", "caseload", "capacity"]
    list_select_related = ["placement__peer", "placement__post__team"]
    raw_id_fields = ["placement", "supervision_session", "recorded_by"]
    date_hierarchy = "agreed_on"
