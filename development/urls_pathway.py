"""URL patterns of the career pathway, progression, the competency framework and assessments (included by
development/urls.py, namespace "development")."""

from django.urls import path

from . import views_pathway as views

urlpatterns = [
    path("pathway/", views.PathwayView.as_view(), name="pathway"),
    path("pathway/ready/", views.ReadyForNextStepView.as_view(), name="ready-for-next-step"),
    path("peers/<int:pk>/progression/", views.ProgressionListView.as_view(), name="progression-list"),
    path("peers/<int:pk>/progression/new/", views.ProgressionCreateView.as_view(), name="progression-create"),
    path("frameworks/<int:pk>/", views.FrameworkDetailView.as_view(), name="framework-detail"),
    path("peers/<int:pk>/assessments/", views.AssessmentListView.as_view(), name="assessment-list"),
    path("peers/<int:pk>/assessments/new/", views.AssessmentCreateView.as_view(), name="assessment-create"),
    path("assessments/<int:pk>/", views.AssessmentDetailView.as_view(), name="assessment-detail"),
]
