"""URL patterns of recruitment: applications and the pipeline, shortlisting, interviews and scoring
(included by recruitment/urls.py)."""

from django.urls import path

from . import views_applications as views
from . import views_board

urlpatterns = [
    path("applications/", views.ApplicationListView.as_view(), name="application-list"),
    path("vacancies/<int:pk>/apply/", views.ApplicationCreateView.as_view(), name="application-create"),
    path("applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="application-detail"),
    path("applications/<int:pk>/edit/", views.ApplicationUpdateView.as_view(), name="application-update"),
    path("applications/<int:pk>/move/", views.ApplicationMoveView.as_view(), name="application-move"),
    path("applications/<int:pk>/outcome/", views.ApplicationOutcomeView.as_view(), name="application-outcome"),
    path("vacancies/<int:pk>/board/", views_board.PipelineBoardView.as_view(), name="vacancy-board"),
    path("vacancies/<int:pk>/shortlist/", views.ShortlistView.as_view(), name="shortlist"),
    path("applications/<int:pk>/shortlisting/", views.ShortlistingMarksView.as_view(), name="shortlisting-marks"),
    path("vacancies/<int:pk>/interviews/add/", views.InterviewCreateView.as_view(), name="interview-create"),
    path("interviews/<int:pk>/", views.InterviewDetailView.as_view(), name="interview-detail"),
    path("interviews/<int:pk>/edit/", views.InterviewUpdateView.as_view(), name="interview-update"),
    path("interviews/<int:pk>/invite/", views.InterviewInviteView.as_view(), name="interview-invite"),
    path("applications/<int:pk>/scores/", views.InterviewScoreView.as_view(), name="interview-score"),
]
