"""URL patterns of the train-and-place pipeline (included by development/urls.py, mounted at /development/)."""

from django.urls import path

from . import views_pipeline as views

urlpatterns = [
    path("training-places/", views.TrainingApplicationListView.as_view(), name="pipeline-list"),
    path("training-places/new/", views.TrainingApplicationCreateView.as_view(), name="pipeline-create"),
    path("training-places/graduates/", views.GraduateListView.as_view(), name="pipeline-graduates"),
    path("training-places/<int:pk>/", views.TrainingApplicationDetailView.as_view(), name="pipeline-detail"),
    path("training-places/<int:pk>/edit/", views.TrainingApplicationUpdateView.as_view(), name="pipeline-update"),
    path("training-places/<int:pk>/interview/", views.TrainingInterviewView.as_view(), name="pipeline-interview"),
    path("training-places/<int:pk>/place/", views.TrainingStepView.as_view(), name="pipeline-step"),
    path("training-places/<int:pk>/dbs/", views.TrainingDbsView.as_view(), name="pipeline-dbs"),
    path(
        "training-places/graduates/<int:pk>/put-forward/",
        views.GraduateCandidacyView.as_view(),
        name="pipeline-put-forward",
    ),
]
