"""App configuration for development: phase 4, ongoing development (career pathway, competencies, CPD)."""

from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "development"
    verbose_name = "Phase 4: ongoing development"

    def ready(self) -> None:
        # The training reminders run with the employment phase's daily jobs (workforce.reminders).
        from . import reminders

        reminders.register()
        # A peer's own training due, on the "what needs me" home page (issue 15).
        from programmes import home

        from . import needs

        home.register("development", needs.build)
