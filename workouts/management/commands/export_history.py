"""`manage.py export_history --username NAME --format json|csv [--output FILE]`: a user's data in
Montage's export format (see workouts/transfer/export.py), streamed to a file or stdout."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from workouts.transfer.export import Exporter


class Command(BaseCommand):
    help = "Exports one user's history as Montage JSON (everything) or CSV (every set)."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--output", help="File to write (default: standard output).")

    def handle(self, *args, username, format, output=None, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user called {username!r}.") from None
        exporter = Exporter(user)
        chunks = exporter.json_chunks() if format == "json" else exporter.csv_chunks()
        if output is None:
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
            return
        try:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                for chunk in chunks:
                    handle.write(chunk)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stderr.write(f"Exported {username} as {format.upper()} to {output}.")
