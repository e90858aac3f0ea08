"""App configuration for workforce: phase 3, employment (placement, induction, supervision, wellbeing)."""

from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "workforce"
    verbose_name = "Phase 3: employment"

    def ready(self) -> None:
        # The day's digest email waits for the day's reminder run, so it never goes out without what the run
        # creates (programmes.tasks.send_digests).
        from programmes.tasks import digest_waits_for

        from . import reminders

        digest_waits_for("the daily reminder run", reminders.day_finished)

        # Reminders that resolve themselves, and the home page's "what needs me" (issue 15): the rules and the
        # sections read what is due with the same selectors as the reminder jobs.
        from programmes import home, notifications

        from . import needs, selectors_due

        for prefix, rule in selectors_due.DUE_RULES.items():
            notifications.register_due_rule(prefix, rule)
        home.register("workforce", needs.build)
