"""`python manage.py load_competency_framework PATH --trust ODS`: load a trust's own competency framework from
a JSON file in the shape of development/reference/competency_framework.json (checked before anything is saved)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from development.reference_data import FrameworkError, load_competency_framework
from programmes.models import Trust


class Command(BaseCommand):
    help = "Load a competency framework (JSON: name, purpose, domains with essential and enhanced descriptors)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The framework's JSON file.")
        parser.add_argument("--trust", metavar="ODS", help="The ODS code of the trust whose framework it is.")

    @transaction.atomic
    def handle(self, *args, path, trust=None, **options):
        owner = None
        if trust:
            owner = Trust.objects.filter(ods_code=trust).first()
            if owner is None:
                raise CommandError(f"No trust has the ODS code {trust}.")
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        except json.JSONDecodeError as error:
            raise CommandError(f"{path} is not valid JSON (line {error.lineno}): {error.msg}.") from error
        try:
            framework = load_competency_framework(data, trust=owner)
        except FrameworkError as error:
            raise CommandError(str(error)) from error
        count = sum(domain.descriptors.count() for domain in framework.domains.all())
        whose = owner.name if owner else "every trust"
        self.stdout.write(
            f"Loaded {framework.name} for {whose}: {framework.domains.count()} domains, {count} descriptors."
        )
