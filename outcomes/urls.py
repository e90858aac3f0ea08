"""URL patterns of the outcomes app, mounted at /outcomes/ (namespace "outcomes")."""

from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("programmes/<int:pk>/evaluation/", views.PlanDetailView.as_view(), name="plan-detail"),
    path("programmes/<int:pk>/evaluation/start/", views.PlanCreateView.as_view(), name="plan-create"),
    path("programmes/<int:pk>/evaluation/questions/new/", views.QuestionCreateView.as_view(), name="question-create"),
    path("questions/<int:pk>/edit/", views.QuestionUpdateView.as_view(), name="question-update"),
    path("programmes/<int:pk>/measures/new/", views.MeasureCreateView.as_view(), name="measure-create"),
    path("measures/<int:pk>/edit/", views.MeasureUpdateView.as_view(), name="measure-update"),
    path("teams/<int:pk>/returns/", views.ReturnListView.as_view(), name="return-list"),
    path("teams/<int:pk>/returns/new/", views.ReturnCreateView.as_view(), name="return-create"),
    path("teams/<int:pk>/allocation/", views.AllocationUpdateView.as_view(), name="allocation-update"),
    path("returns/<int:pk>/", views.ReturnDetailView.as_view(), name="return-detail"),
    path("returns/<int:pk>/edit/", views.ReturnUpdateView.as_view(), name="return-update"),
    path("peers/<int:pk>/caseload/", views.CaseloadListView.as_view(), name="caseload-list"),
    path("peers/<int:pk>/caseload/new/", views.CaseloadCreateView.as_view(), name="caseload-create"),
]
