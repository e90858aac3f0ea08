"""URL patterns of the peer network (included by development/urls.py, mounted at /development/)."""

from django.urls import path

from . import views_network as views

urlpatterns = [
    path("network/", views.NetworkMeetingListView.as_view(), name="network-list"),
    path("network/new/", views.NetworkMeetingCreateView.as_view(), name="network-create"),
    path("network/<int:pk>/", views.NetworkMeetingDetailView.as_view(), name="network-detail"),
    path("network/<int:pk>/edit/", views.NetworkMeetingUpdateView.as_view(), name="network-update"),
]
