"""Admin of the career pathway and the competency framework (phase 4): the pathway's levels and a peer's steps,
frameworks with their domains and descriptors, and assessments with their ratings; with history where it is
kept. Administrators keep reference data here; the seeds' versions are reloaded by the data migration and
`manage.py load_development_reference_data`."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    CareerLevel,
    CompetencyAssessment,
    CompetencyDescriptor,
    CompetencyDomain,
    CompetencyFramework,
    DescriptorRating,
    Progression,
)


@admin.register(CareerLevel)
class CareerLevelAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "order",
        "bands",
        "doing",
        "leading",
        "teaching",
        "research",
        "months_before_next",
        "source",
    ]
    list_editable = ["months_before_next"]
    ordering = ["order"]
    filter_horizontal = ["next_levels"]
    search_fields = ["name", "code"]


@admin.register(Progression)
class ProgressionAdmin(SimpleHistoryAdmin):
    list_display = ["peer", "level", "post", "started_on", "ended_on"]
    list_filter = ["level"]
    list_select_related = ["peer", "level", "post"]
    search_fields = ["peer__full_name", "post__title"]
    autocomplete_fields = ["peer"]
    raw_id_fields = ["post"]
    date_hierarchy = "started_on"


class CompetencyDomainInline(admin.TabularInline):
    model = CompetencyDomain
    extra = 0
    fields = ["order", "name", "description"]
    show_change_link = True


@admin.register(CompetencyFramework)
class CompetencyFrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "trust", "is_active", "source"]
    list_filter = ["is_active", "trust"]
    list_select_related = ["trust"]
    search_fields = ["name"]
    inlines = [CompetencyDomainInline]


class CompetencyDescriptorInline(admin.TabularInline):
    model = CompetencyDescriptor
    extra = 0
    fields = ["level", "order", "text"]


@admin.register(CompetencyDomain)
class CompetencyDomainAdmin(admin.ModelAdmin):
    list_display = ["name", "framework", "order"]
    list_filter = ["framework"]
    list_select_related = ["framework"]
    search_fields = ["name", "descriptors__text"]
    inlines = [CompetencyDescriptorInline]


class DescriptorRatingInline(admin.TabularInline):
    model = DescriptorRating
    extra = 0
    fields = ["descriptor", "status", "evidence", "target_on"]
    raw_id_fields = ["descriptor"]


@admin.register(CompetencyAssessment)
class CompetencyAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["peer", "assessed_on", "context", "framework", "assessed_by"]
    list_filter = ["context", "framework"]
    list_select_related = ["peer", "framework", "assessed_by"]
    search_fields = ["peer__full_name", "summary"]
    autocomplete_fields = ["peer"]
    raw_id_fields = ["assessed_by", "supervision_session", "review"]
    date_hierarchy = "assessed_on"
    inlines = [DescriptorRatingInline]
