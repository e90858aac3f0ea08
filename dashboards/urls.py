from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("count-again/", views.DashboardRecountView.as_view(), name="recount"),
    path("board-report.pdf", views.DashboardPdfView.as_view(), name="pdf"),
    path("<slug:table>.csv", views.DashboardCsvView.as_view(), name="csv"),
]
