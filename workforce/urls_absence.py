"""URL patterns of sickness absence (included by workforce/urls.py, namespace "workforce")."""

from django.urls import path

from . import views_absence as views

urlpatterns = [
    path("peers/<int:pk>/absence/", views.AbsenceListView.as_view(), name="absence-list"),
    path("peers/<int:pk>/absence/new/", views.AbsenceCreateView.as_view(), name="absence-create"),
    path("absence/<int:pk>/", views.AbsenceDetailView.as_view(), name="absence-detail"),
    path("absence/<int:pk>/edit/", views.AbsenceUpdateView.as_view(), name="absence-update"),
]
