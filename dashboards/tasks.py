"""The dashboards' background job: count again the figures kept for the dashboards of many peers
(dashboards.kept), every five minutes (django-celery-beat, set up by dashboards' migration 0001)."""

from celery import shared_task

from . import kept


@shared_task(time_limit=30 * 60, soft_time_limit=25 * 60)
def keep_dashboard_figures() -> dict[str, int]:
    return kept.refresh()
