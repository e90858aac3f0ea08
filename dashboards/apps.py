"""App configuration for dashboards: the peer support lead's dashboard, which reads every phase."""

from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = "Dashboards and board reports"
