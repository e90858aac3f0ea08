"""URL patterns of recruitment: vacancies and adverts, orientation sessions, benefits advice and a
peer's recruitment summary (included by recruitment/urls.py)."""

from django.urls import path

from . import views_adverts as views

urlpatterns = [
    path("vacancies/", views.VacancyListView.as_view(), name="vacancy-list"),
    path("vacancies/add/", views.VacancyCreateView.as_view(), name="vacancy-create"),
    path("vacancies/<int:pk>/", views.VacancyDetailView.as_view(), name="vacancy-detail"),
    path("vacancies/<int:pk>/edit/", views.VacancyUpdateView.as_view(), name="vacancy-update"),
    path("vacancies/<int:pk>/advert.pdf", views.VacancyPdfView.as_view(), name="vacancy-pdf"),
    path("orientation/", views.OrientationListView.as_view(), name="orientation-list"),
    path("orientation/add/", views.OrientationCreateView.as_view(), name="orientation-create"),
    path("orientation/<int:pk>/", views.OrientationDetailView.as_view(), name="orientation-detail"),
    path("orientation/<int:pk>/edit/", views.OrientationUpdateView.as_view(), name="orientation-update"),
    path("orientation/<int:pk>/book/", views.OrientationBookingCreateView.as_view(), name="orientation-booking-create"),
    path("orientation/<int:pk>/attendance/", views.OrientationAttendanceView.as_view(), name="orientation-attendance"),
    path(
        "peers/<int:pk>/benefits-advice/add/",
        views.BenefitsAdviceCreateView.as_view(),
        name="benefits-advice-create",
    ),
    path("peers/<int:pk>/", views.PeerRecruitmentView.as_view(), name="peer-recruitment"),
]
