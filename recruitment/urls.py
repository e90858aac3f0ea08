"""URLs of recruitment's pages; names are "recruitment:<thing>-<action>". Each part of the phase keeps
its patterns in its own module."""

from . import urls_adverts, urls_applications, urls_restricted

app_name = "recruitment"

urlpatterns = [*urls_adverts.urlpatterns, *urls_applications.urlpatterns, *urls_restricted.urlpatterns]
