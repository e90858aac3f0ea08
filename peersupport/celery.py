"""The Celery application: Redis broker, schedules in the database (django-celery-beat).

With CELERY_BROKER_URL unset, settings make tasks run in-process (eager), so the quick start
needs no Redis; with it set, `make worker` and `make beat` run them.

Every task takes ids, not data, and is safe to run twice (DESIGN section 2). Tasks queued from a web
request use `delay_on_commit`: the message is sent once the request's transaction has committed, and an
unreachable broker never breaks the request. The job is logged and left to the next daily run, which
recomputes from the database everything that is due.
"""

import functools
import logging
import os

from celery import Celery
from celery.contrib.django.task import DjangoTask
from django.db import transaction
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")

logger = logging.getLogger(__name__)


class Task(DjangoTask):
    def delay_on_commit(self, *args, **kwargs) -> None:
        transaction.on_commit(functools.partial(self.delay_or_log, *args, **kwargs))

    def delay_or_log(self, *args, **kwargs):
        """Queue the task; when the broker cannot be reached, log it and carry on."""
        try:
            return self.delay(*args, **kwargs)
        except OperationalError:
            logger.warning(
                "Could not queue %s%r: the broker is unreachable; the next daily run will catch up.",
                self.name,
                args,
                exc_info=True,
            )
            return None


app = Celery("peersupport", task_cls="peersupport.celery:Task")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
