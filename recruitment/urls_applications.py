"""URL patterns of recruitment: applications (included by recruitment/urls.py)."""

urlpatterns: list = []
