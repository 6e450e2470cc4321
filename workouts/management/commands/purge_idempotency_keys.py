"""Deletes idempotency keys older than --hours (default 168; never less than 48)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from workouts.api.idempotency import KEEP_HOURS
from workouts.models import IdempotencyKey


class Command(BaseCommand):
    help = "Delete idempotency keys older than --hours (kept at least 48 hours). Run daily."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=7 * 24)

    def handle(self, *args, hours, **options):
        if hours < KEEP_HOURS:
            raise CommandError(f"Keys are kept at least {KEEP_HOURS} hours.")
        cutoff = timezone.now() - dt.timedelta(hours=hours)
        deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(f"Deleted {deleted} idempotency keys older than {hours} hours.")
