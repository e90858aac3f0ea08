"""Admin of workforce growth and wider system change (phase 4), with history: team establishments, the vacancy
review log, new services and contributions to wider change. The pages for HR and the peer lead make these
through development.services_growth; here an administrator corrects them."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import NewService, SystemChangeContribution, TeamEstablishment, VacancyReview


@admin.register(TeamEstablishment)
class TeamEstablishmentAdmin(SimpleHistoryAdmin):
    list_display = ["team", "as_of", "headcount", "whole_time_equivalent"]
    list_filter = ["team__trust"]
    search_fields = ["team__name", "team__trust__name"]
    list_select_related = ["team__trust"]
    raw_id_fields = ["team"]
    date_hierarchy = "as_of"


@admin.register(VacancyReview)
class VacancyReviewAdmin(SimpleHistoryAdmin):
    list_display = ["vacancy", "team", "considered_on", "decision", "decided_by", "new_post"]
    list_filter = ["decision", "programme"]
    search_fields = ["vacancy", "team__name", "reason"]
    list_select_related = ["team", "decided_by", "new_post__team"]
    raw_id_fields = ["programme", "team", "decided_by", "new_post"]
    date_hierarchy = "considered_on"


@admin.register(NewService)
class NewServiceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "programme", "starts_on", "includes_peer_posts", "peer_posts"]
    list_filter = ["includes_peer_posts", "programme"]
    search_fields = ["name", "notes"]
    list_select_related = ["programme"]
    date_hierarchy = "starts_on"


@admin.register(SystemChangeContribution)
class SystemChangeContributionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "programme", "happened_on"]
    list_filter = ["kind", "programme"]
    search_fields = ["title", "description"]
    list_select_related = ["programme"]
    raw_id_fields = ["programme"]
    filter_horizontal = ["peers"]
    date_hierarchy = "happened_on"
