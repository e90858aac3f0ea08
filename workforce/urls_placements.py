"""URL patterns of placements, induction and reviews (included by workforce/urls.py, mounted at /employment/)."""

from django.urls import path

from . import views_placements as views

urlpatterns = [
    path("placements/", views.PlacementListView.as_view(), name="placement-list"),
    path("placements/new/", views.PlacementCreateView.as_view(), name="placement-create"),
    path("placements/<int:pk>/", views.PlacementDetailView.as_view(), name="placement-detail"),
    path("placements/<int:pk>/edit/", views.PlacementUpdateView.as_view(), name="placement-update"),
    path("placements/<int:pk>/end/", views.PlacementEndView.as_view(), name="placement-end"),
    path("induction/<int:pk>/", views.InductionDetailView.as_view(), name="induction-detail"),
    path("induction/<int:pk>/timetable.ics", views.InductionIcsView.as_view(), name="induction-ics"),
    path("induction/<int:pk>/items/new/", views.InductionItemAddView.as_view(), name="induction-item-add"),
    path(
        "induction/<int:pk>/items/<int:item_pk>/done/",
        views.InductionItemDoneView.as_view(),
        name="induction-item-done",
    ),
    path(
        "induction/<int:pk>/items/<int:item_pk>/date/",
        views.InductionItemScheduleView.as_view(),
        name="induction-item-schedule",
    ),
    path("reviews/", views.ReviewListView.as_view(), name="review-list"),
    path("reviews/<int:pk>/", views.ReviewDetailView.as_view(), name="review-detail"),
    path("reviews/<int:pk>/record/", views.ReviewRecordView.as_view(), name="review-record"),
    path(
        "reviews/<int:pk>/objectives/<int:objective_pk>/",
        views.ReviewObjectiveView.as_view(),
        name="review-objective",
    ),
]
