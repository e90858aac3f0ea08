"""The privacy pages, mounted at /privacy/: a peer's subject access export, subject access requests and legal
holds."""

from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("peers/<int:pk>/subject-access/", views.SubjectAccessView.as_view(), name="subject-access"),
    path("peers/<int:pk>/subject-access.pdf", views.SubjectAccessPdfView.as_view(), name="subject-access-pdf"),
    path("peers/<int:pk>/legal-hold/", views.LegalHoldCreateView.as_view(), name="legal-hold-create"),
    path("legal-holds/<int:pk>/release/", views.LegalHoldReleaseView.as_view(), name="legal-hold-release"),
    path("requests/", views.SubjectAccessRequestListView.as_view(), name="request-list"),
    path(
        "peers/<int:pk>/subject-access-request/",
        views.SubjectAccessRequestCreateView.as_view(),
        name="request-create",
    ),
    path("requests/<int:pk>/status/", views.SubjectAccessRequestStatusView.as_view(), name="request-status"),
]
