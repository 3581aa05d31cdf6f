"""Fill an empty database with fictional demo data (`parentpartner.demo`). Idempotent."""

from django.core.management.base import BaseCommand
from django.db import transaction

from parentpartner.demo import seed


class Command(BaseCommand):
    help = "Load fictional demo data (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(seed.load()))
