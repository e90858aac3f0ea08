"""App configuration for development: phase 4, ongoing development (career pathway, competencies, CPD)."""

from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "development"
    verbose_name = "Phase 4: ongoing development"
