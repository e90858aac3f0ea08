"""App configuration for the API: REST endpoints over every phase, and personal API tokens."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API and personal API tokens"

    def ready(self):
        # The schema's description of the Bearer token authentication (drf-spectacular finds it on import).
        from . import schema  # noqa: F401
