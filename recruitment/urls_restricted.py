"""URL patterns of recruitment: restricted (included by recruitment/urls.py)."""

urlpatterns: list = []
