"""The development phase's pages, mounted at /development/: the home page (views_home), the career pathway,
progression and competency assessments (urls_pathway), training, CPD and the development plan
(urls_training), workforce growth and wider system change (urls_growth), the peer network (urls_network),
the train-and-place pipeline (urls_pipeline)."""

from django.urls import path

from . import urls_growth, urls_network, urls_pathway, urls_pipeline, urls_training, views_home

app_name = "development"

urlpatterns = [
    path("", views_home.DevelopmentHomeView.as_view(), name="home"),
    *urls_pathway.urlpatterns,
    *urls_training.urlpatterns,
    *urls_growth.urlpatterns,
    *urls_network.urlpatterns,
    *urls_pipeline.urlpatterns,
]
