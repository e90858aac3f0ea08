"""Project URLs: sign-in and password reset, the admin, and each phase app's pages."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from peersupport import health, metrics
from programmes.admin_site import restrict_admin_to_administrators
from programmes.forms import SignInForm

restrict_admin_to_administrators(admin.site)

# A database that does not answer in time gets the 503 page even when the error comes from a middleware.
handler500 = "peersupport.outages.server_error"

urlpatterns = [
    # Operations (issue 20): for load balancers and Prometheus, not behind sign-in (peersupport.health, .metrics).
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    path("metrics", metrics.metrics, name="metrics"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("recruitment/", include("recruitment.urls")),
    path("employment/", include("workforce.urls")),
    path("development/", include("development.urls")),
    path("dashboard/", include("dashboards.urls")),
    path("privacy/", include("privacy.urls")),
    path("", include("programmes.urls")),
]
