"""The Celery application: Redis broker, schedules in the database (django-celery-beat).

With CELERY_BROKER_URL unset, settings make tasks run in-process (eager), so the quick start
needs no Redis; with it set, `make worker` and `make beat` run them.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")

app = Celery("peersupport")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
