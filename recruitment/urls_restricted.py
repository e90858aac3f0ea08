"""URL patterns of recruitment: the dashboard, occupational health, DBS, support for unsuccessful
candidates and the funnel (included by recruitment/urls.py)."""

from django.urls import path

from . import views_restricted as views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path(
        "applications/<int:pk>/occupational-health/", views.OccupationalHealthView.as_view(), name="occupational-health"
    ),
    path(
        "applications/<int:pk>/occupational-health/edit/",
        views.OccupationalHealthUpdateView.as_view(),
        name="occupational-health-update",
    ),
    path("applications/<int:pk>/dbs/", views.DbsDetailView.as_view(), name="dbs-detail"),
    path("applications/<int:pk>/dbs/edit/", views.DbsUpdateView.as_view(), name="dbs-update"),
    path("support/", views.SupportListView.as_view(), name="support-list"),
    path("support/<int:pk>/", views.SupportDetailView.as_view(), name="support-detail"),
    path("support/<int:pk>/edit/", views.SupportUpdateView.as_view(), name="support-update"),
    path("vacancies/<int:pk>/funnel/", views.VacancyFunnelView.as_view(), name="vacancy-funnel"),
    path("programmes/<int:pk>/funnel/", views.ProgrammeFunnelView.as_view(), name="programme-funnel"),
]
