"""Prints a new personal API token for a user (for scripts and tests):

manage.py create_api_token --username rocky --name "watch app" [--read-only]
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from workouts.models import ApiToken


class Command(BaseCommand):
    help = "Create a personal API token for a user and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--name", required=True, help="A label, e.g. 'watch app'.")
        parser.add_argument(
            "--read-only",
            action="store_true",
            help="The token may only read (default: read and write).",
        )

    def handle(self, *args, username, name, read_only, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        name = " ".join(name.split())[:80]
        if not name:
            raise CommandError("Give the token a name.")
        _token, secret = ApiToken.issue(user, name, can_write=not read_only)
        self.stdout.write(secret)
