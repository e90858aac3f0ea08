"""The employment phase's pages, mounted at /employment/: the home page (views_home), placements, induction and reviews
(urls_placements), supervision and wellbeing (urls_supervision), sickness absence (urls_absence)."""

from django.urls import path

from . import urls_absence, urls_placements, urls_supervision, views_home

app_name = "workforce"

urlpatterns = [
    path("", views_home.EmploymentHomeView.as_view(), name="home"),
    *urls_placements.urlpatterns,
    *urls_supervision.urlpatterns,
    *urls_absence.urlpatterns,
]
