"""URL patterns of workforce growth and wider system change (included by development/urls.py, mounted at
/development/)."""

from django.urls import path

from . import views_growth as views

urlpatterns = [
    path("growth/programmes/<int:pk>/", views.GrowthView.as_view(), name="growth"),
    path("growth/establishments/new/", views.EstablishmentCreateView.as_view(), name="establishment-create"),
    path("growth/establishments/<int:pk>/edit/", views.EstablishmentUpdateView.as_view(), name="establishment-update"),
    path("growth/vacancy-reviews/", views.VacancyReviewListView.as_view(), name="vacancy-review-list"),
    path("growth/vacancy-reviews/new/", views.VacancyReviewCreateView.as_view(), name="vacancy-review-create"),
    path("growth/vacancy-reviews/<int:pk>/", views.VacancyReviewDetailView.as_view(), name="vacancy-review-detail"),
    path("growth/new-services/", views.NewServiceListView.as_view(), name="new-service-list"),
    path("growth/new-services/new/", views.NewServiceCreateView.as_view(), name="new-service-create"),
    path("growth/new-services/<int:pk>/edit/", views.NewServiceUpdateView.as_view(), name="new-service-update"),
    path("growth/contributions/", views.ContributionListView.as_view(), name="contribution-list"),
    path("growth/contributions/new/", views.ContributionCreateView.as_view(), name="contribution-create"),
    path("growth/contributions/<int:pk>/", views.ContributionDetailView.as_view(), name="contribution-detail"),
    path(
        "growth/contributions/<int:pk>/evidence/",
        views.ContributionEvidenceView.as_view(),
        name="contribution-evidence",
    ),
]
