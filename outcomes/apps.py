"""App configuration for outcomes: does the programme work? (issue 18: evaluation, team returns, caseload)."""

from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Outcomes and caseload"

    def ready(self) -> None:
        from programmes import home

        from . import needs, reminders

        reminders.register()
        home.register("outcomes", needs.build)
