"""Placeholder replaced by the pages of this part."""

urlpatterns: list = []
