"""App configuration for workforce: phase 3, employment (placement, induction, supervision, wellbeing)."""

from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "workforce"
    verbose_name = "Phase 3: employment"
