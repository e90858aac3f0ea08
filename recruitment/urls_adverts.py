"""URL patterns of recruitment: adverts (included by recruitment/urls.py)."""

urlpatterns: list = []
