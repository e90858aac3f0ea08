"""App configuration for recruitment: phase 2 (adverts to appointment)."""

from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = "Phase 2: recruitment"

    def ready(self) -> None:
        # The applications waiting for someone, on the "what needs me" home page (issue 15).
        from programmes import home

        from . import needs

        home.register("recruitment", needs.build)
