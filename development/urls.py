"""The development phase's pages, mounted at /development/: the career pathway, progression and competency
assessments (urls_pathway), training, CPD and the development plan (urls_training), workforce growth and
wider system change (urls_growth)."""

from . import urls_growth, urls_pathway, urls_training

app_name = "development"

urlpatterns = [*urls_pathway.urlpatterns, *urls_training.urlpatterns, *urls_growth.urlpatterns]
