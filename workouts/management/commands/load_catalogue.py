from django.apps import apps
from django.core.management.base import BaseCommand

from workouts.catalogue import load_all


class Command(BaseCommand):
    help = "Loads or updates the built-in exercises, plans and quotes (idempotent)."

    def handle(self, *args, **options):
        counts = load_all(apps)
        self.stdout.write(
            self.style.SUCCESS(
                "Catalogue loaded: {exercises} exercises, {plans} plans, {quotes} quotes.".format(
                    **counts
                )
            )
        )
