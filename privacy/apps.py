"""App configuration for privacy: a peer's subject access export and the retention of unsuccessful applicants'
data. It comes after every phase and reads them all; nothing imports it."""

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Privacy: subject access and retention"

    def ready(self) -> None:
        # The subject access request reminders run with the employment phase's daily jobs (workforce.reminders).
        from . import reminders

        reminders.register()
