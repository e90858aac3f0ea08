"""Pages of training and CPD, the place-and-train rule and the personal development plan (part of the
`development` namespace, mounted at /development/)."""

from django.urls import path

from . import views_training as views

urlpatterns = [
    path("peers/<int:pk>/training/", views.TrainingListView.as_view(), name="training-list"),
    path("peers/<int:pk>/training/add/", views.TrainingCreateView.as_view(), name="training-create"),
    path("training/<int:pk>/edit/", views.TrainingUpdateView.as_view(), name="training-update"),
    path("training/<int:pk>/evidence/", views.TrainingEvidenceView.as_view(), name="training-evidence"),
    path("training/expiring/", views.ExpiringTrainingView.as_view(), name="training-expiring"),
    path("training/place-and-train/", views.PlaceAndTrainView.as_view(), name="place-and-train"),
    path("peers/<int:pk>/plan/", views.PlanView.as_view(), name="plan"),
    path("peers/<int:pk>/plan/add/", views.ObjectiveCreateView.as_view(), name="objective-create"),
    path("objectives/<int:pk>/edit/", views.ObjectiveUpdateView.as_view(), name="objective-update"),
]
