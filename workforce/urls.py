"""The employment phase's pages, mounted at /employment/: placements, induction and reviews
(urls_placements), supervision and wellbeing (urls_supervision)."""

from . import urls_placements, urls_supervision

app_name = "workforce"

urlpatterns = [*urls_placements.urlpatterns, *urls_supervision.urlpatterns]
