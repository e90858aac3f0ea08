"""URLs of the shared model's pages; names are "programmes:<thing>-<action>"."""

from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("trusts/", views.TrustListView.as_view(), name="trust-list"),
    path("trusts/add/", views.TrustCreateView.as_view(), name="trust-create"),
    path("trusts/<int:pk>/", views.TrustDetailView.as_view(), name="trust-detail"),
    path("trusts/<int:pk>/edit/", views.TrustUpdateView.as_view(), name="trust-update"),
    path("teams/", views.TeamListView.as_view(), name="team-list"),
    path("teams/add/", views.TeamCreateView.as_view(), name="team-create"),
    path("teams/<int:pk>/", views.TeamDetailView.as_view(), name="team-detail"),
    path("teams/<int:pk>/edit/", views.TeamUpdateView.as_view(), name="team-update"),
    path("posts/", views.PostListView.as_view(), name="post-list"),
    path("posts/add/", views.PostCreateView.as_view(), name="post-create"),
    path("posts/<int:pk>/", views.PostDetailView.as_view(), name="post-detail"),
    path("posts/<int:pk>/edit/", views.PostUpdateView.as_view(), name="post-update"),
    path("peers/", views.PeerListView.as_view(), name="peer-list"),
    path("peers/add/", views.PeerCreateView.as_view(), name="peer-create"),
    path("peers/<int:pk>/", views.PeerDetailView.as_view(), name="peer-detail"),
    path("peers/<int:pk>/edit/", views.PeerUpdateView.as_view(), name="peer-update"),
    path("peers/<int:pk>/access-log/", views.PeerAccessLogView.as_view(), name="peer-access-log"),
]
