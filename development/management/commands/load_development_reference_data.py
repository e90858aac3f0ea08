"""`python manage.py load_development_reference_data`: (re)load the career pathway and the seed's competency
framework; safe to run again."""

from django.core.management.base import BaseCommand
from django.db import transaction

from development.reference_data import load_development_reference_data


class Command(BaseCommand):
    help = (
        "Load the peer career pathway (seed 002) and the competency framework (seed 003) from development/reference/."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        for kind, count in sorted(load_development_reference_data().items()):
            self.stdout.write(f"{kind}: {count}")
