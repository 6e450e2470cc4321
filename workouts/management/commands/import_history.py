"""`manage.py import_history --username NAME FILE [--unit kg|lb] [--distance-unit km|mi]
[--dry-run]`: the /data/ import from the shell. Exercise names without a confident match become
the user's own exercises. Prints one line; a bad file exits non-zero with the reason."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from workouts.transfer import importer
from workouts.transfer.formats import base, detect


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Imports a Strong, Hevy, FitNotes or Montage export into a user's history."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--username", required=True)
        parser.add_argument(
            "--unit",
            choices=["kg", "lb"],
            help="the weight unit of a file that does not say (Strong classic)",
        )
        parser.add_argument(
            "--distance-unit",
            choices=["km", "mi"],
            help="the distance unit of a file that does not say",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="read and check everything, write nothing"
        )

    def handle(
        self, *args, file, username, unit=None, distance_unit=None, dry_run=False, **options
    ):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        try:
            with open(file, "rb") as handle:
                data = handle.read(detect.MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from exc
        try:
            parsed = detect.read_upload(data)
            if parsed.needs_weight_unit and unit is None:
                raise base.ImportError_(
                    "This file does not say whether its weights are in kg "
                    "or lb: pass --unit kg or --unit lb."
                )
            if parsed.needs_distance_unit and distance_unit is None:
                raise base.ImportError_(
                    "This file does not say whether its distances are in "
                    "km or miles: pass --distance-unit km or mi."
                )
            mapping = importer.resolve_for_shell(parsed, user)
            try:
                with transaction.atomic():
                    result = importer.commit(
                        user, parsed, mapping, weight_unit=unit, distance_unit=distance_unit
                    )
                    if dry_run:
                        raise _DryRun
            except _DryRun:
                pass
        except base.ImportError_ as exc:
            lines = [exc.message] + [f"  line {line}: {reason}" for line, reason in exc.problems]
            raise CommandError("\n".join(lines)) from exc
        prefix = "Dry run, nothing written: would import" if dry_run else "Imported"
        self.stdout.write(f"{prefix} {parsed.label}: {result.line()}.")
