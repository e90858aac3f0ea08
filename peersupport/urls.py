"""Project URLs: sign-in and password reset, the admin, and each phase app's pages."""

from django.contrib import admin
from django.urls import include, path

from peersupport import health, metrics
from programmes.admin_site import restrict_admin_to_administrators
from sso import views as sso_views

restrict_admin_to_administrators(admin.site)

# A database that does not answer in time gets the 503 page even when the error comes from a middleware.
handler500 = "peersupport.outages.server_error"

urlpatterns = [
    # Operations (issue 20): for load balancers and Prometheus, not behind sign-in (peersupport.health, .metrics).
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    path("metrics", metrics.metrics, name="metrics"),
    # Sign-in with a password or a trust's identity provider, and sign-out there too (sso, issue 20).
    path("accounts/login/", sso_views.SignInView.as_view(), name="login"),
    path("accounts/logout/", sso_views.SignOutView.as_view(), name="logout"),
    path("sso/", include("sso.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("recruitment/", include("recruitment.urls")),
    path("employment/", include("workforce.urls")),
    path("development/", include("development.urls")),
    path("outcomes/", include("outcomes.urls")),
    path("dashboard/", include("dashboards.urls")),
    path("privacy/", include("privacy.urls")),
    # The documented API (issue 20 item 2): schema, reference page, /api/v1/ endpoints and personal API tokens.
    path("api/", include("api.urls")),
    path("", include("programmes.urls")),
]
