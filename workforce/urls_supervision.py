"""URL patterns of supervision, Wellness Action Plans and return-to-work conversations (included by
workforce/urls.py, namespace "workforce")."""

from django.urls import path

from . import views_supervision as views

urlpatterns = [
    path("supervision/", views.SessionListView.as_view(), name="supervision-list"),
    path("supervision/new/", views.SessionCreateView.as_view(), name="supervision-create"),
    path("supervision/schedule/", views.ScheduleView.as_view(), name="supervision-schedule"),
    path("supervision/<int:pk>/", views.SessionDetailView.as_view(), name="supervision-detail"),
    path("supervision/<int:pk>/edit/", views.SessionUpdateView.as_view(), name="supervision-update"),
    path("supervision/<int:pk>/notes/", views.SessionNotesView.as_view(), name="supervision-notes"),
    path("peers/<int:pk>/supervision/", views.PeerSupervisionView.as_view(), name="peer-supervision"),
    path("peers/<int:pk>/supervision.ics", views.PeerSupervisionCalendarView.as_view(), name="peer-supervision-ics"),
    path("wellbeing/my-plan/", views.WapMineView.as_view(), name="wap-mine"),
    path("wellbeing/my-plan/new/", views.WapCreateView.as_view(), name="wap-create"),
    path("wellbeing/<int:pk>/", views.WapDetailView.as_view(), name="wap-detail"),
    path("wellbeing/<int:pk>/edit/", views.WapUpdateView.as_view(), name="wap-update"),
    path("wellbeing/<int:pk>/sharing/", views.WapSharingView.as_view(), name="wap-sharing"),
    path("wellbeing/<int:pk>/versions/", views.WapVersionsView.as_view(), name="wap-versions"),
    path("wellbeing/<int:pk>/reviews/new/", views.WapReviewCreateView.as_view(), name="wap-review-create"),
    path("wellbeing/<int:pk>/plan.pdf", views.WapPdfView.as_view(), name="wap-pdf"),
    path("peers/<int:pk>/return-to-work/", views.ReturnToWorkListView.as_view(), name="return-to-work-list"),
    path("peers/<int:pk>/return-to-work/new/", views.ReturnToWorkCreateView.as_view(), name="return-to-work-create"),
    path("return-to-work/<int:pk>/", views.ReturnToWorkDetailView.as_view(), name="return-to-work-detail"),
]
