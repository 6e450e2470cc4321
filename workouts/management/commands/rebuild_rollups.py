"""`manage.py rebuild_rollups [--username NAME] [--check]`: derived data from the raw sets."""

import time

from django.core.management.base import BaseCommand, CommandError

from workouts import integrity


class Command(BaseCommand):
    help = (
        "Rebuilds the roll-ups (session and entry summaries), the denormalised set columns "
        "and the personal records from the raw sets. With --check, rebuilds nothing, "
        "reports every drift and exits non-zero if there is any."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", help="only this user (default: everyone)")
        parser.add_argument(
            "--check",
            action="store_true",
            help="report drift without rebuilding; exit status 1 on any drift",
        )

    def handle(self, *args, username=None, check=False, **options):
        if username is not None and not integrity.users(username).exists():
            raise CommandError(f"No user named {username!r}.")
        started = time.perf_counter()
        if check:
            drifts = integrity.drift(username)
            for drift in drifts:
                self.stdout.write(str(drift))
            took = time.perf_counter() - started
            if drifts:
                self.stderr.write(
                    self.style.ERROR(
                        f"{len(drifts)} drifted values ({took:.1f} s); "
                        "run rebuild_rollups without --check to rebuild them."
                    )
                )
                raise SystemExit(1)
            self.stdout.write(self.style.SUCCESS(f"No drift ({took:.1f} s)."))
            return
        count = integrity.rebuild(username)
        self.stdout.write(
            self.style.SUCCESS(
                f"Rebuilt the roll-ups and records of {count} user{'s' if count != 1 else ''} "
                f"({time.perf_counter() - started:.1f} s)."
            )
        )
