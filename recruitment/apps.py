"""App configuration for recruitment: phase 2 (adverts to appointment)."""

from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = "Phase 2: recruitment"
