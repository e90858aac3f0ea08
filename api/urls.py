"""URLs of the API (issue 20 item 2): the schema and its reference page, version 1 of the endpoints, and the
personal API tokens pages. URL names are "api:<thing>-<action>"."""

from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import views, views_reference, views_tokens

app_name = "api"

router = SimpleRouter()
router.register("trusts", views.TrustViewSet, basename="trust")
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("teams", views.TeamViewSet, basename="team")
router.register("posts", views.PostViewSet, basename="post")
router.register("vacancies", views.VacancyViewSet, basename="vacancy")
router.register("placements", views.PlacementViewSet, basename="placement")
router.register("reviews", views.ReviewViewSet, basename="review")
router.register("training", views.TrainingViewSet, basename="training")

v1 = [
    path("vacancies/<int:pk>/funnel/", views.VacancyFunnelView.as_view(), name="vacancy-funnel"),
    path("programmes/<int:pk>/funnel/", views.ProgrammeFunnelView.as_view(), name="programme-funnel"),
    path("supervision-compliance/", views.SupervisionComplianceView.as_view(), name="supervision-compliance"),
    path("workforce-growth/", views.WorkforceGrowthView.as_view(), name="workforce-growth"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("dashboard/<slug:key>/", views.DashboardTableView.as_view(), name="dashboard-table"),
    path("imports/<slug:kind>/", views.ImportView.as_view(), name="import"),
    *router.urls,
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("reference/", login_required(views_reference.ReferenceView.as_view()), name="reference"),
    path("v1/", include(v1)),
    path("tokens/", views_tokens.TokensView.as_view(), name="token-list"),
    path("tokens/new/", views_tokens.TokenCreateView.as_view(), name="token-create"),
    path("tokens/<int:pk>/revoke/", views_tokens.TokenRevokeView.as_view(), name="token-revoke"),
]
