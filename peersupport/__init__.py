"""Project configuration for the Peer Support Programme Manager (no domain code here)."""

from .celery import app as celery_app

__all__ = ("celery_app",)
