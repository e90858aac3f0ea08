"""App configuration for programmes: the shared model and phase 1, preparation."""

from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = "Programmes, teams, posts and peers"
