"""`python manage.py load_reference_data`: (re)load the seeds' reference data; safe to run again."""

from django.core.management.base import BaseCommand
from django.db import transaction

from programmes.reference_data import load_reference_data


class Command(BaseCommand):
    help = "Load the job description templates, checklists and frameworks from programmes/reference/."

    @transaction.atomic
    def handle(self, *args, **options):
        for kind, count in sorted(load_reference_data().items()):
            self.stdout.write(f"{kind}: {count}")
