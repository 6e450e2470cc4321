"""Creates the load test's lifters in the database the environment points at (DATABASE_URL or
the SQLite default) and writes what the load test needs to know to `fixture.json`.

Run by run.sh: .venv/bin/python bench/load/prepare.py --users 50 --out OUT_DIR
Lifters are `lifter001`..; their sets from earlier runs are deleted first, so every run starts
from the same state (the dashboard and history of an empty-ish lifter). Each lifter also gets
a logged-in session (a phone stays logged in for weeks): most load-test users start from it,
a few log in (see locustfile.py), because 50 log-ins at once cost 50 deliberately slow password
hashes.
"""

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "montage.settings")

import django  # noqa: E402

django.setup()

from importlib import import_module  # noqa: E402

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from workouts.models import Exercise, IdempotencyKey, Profile, WorkoutSession  # noqa: E402

PASSWORD = "adrian-" + "rocky-balboa-1985"
SLUGS = ["back-squat", "bench-press", "deadlift", "pull-up", "overhead-press", "barbell-row"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("load_catalogue", verbosity=0)
    hashed = make_password(PASSWORD)
    names = [f"lifter{i:03d}" for i in range(1, args.users + 1)]
    with transaction.atomic():
        for name in names:
            user, _ = User.objects.get_or_create(username=name, defaults={"password": hashed})
            user.password = hashed
            user.save(update_fields=["password"])
            Profile.objects.get_or_create(user=user)
        WorkoutSession.objects.filter(user__username__in=names).delete()
        IdempotencyKey.objects.filter(user__username__in=names).delete()
    call_command("rebuild_rollups", verbosity=0)  # records of the deleted sessions go too
    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = {}
    for user in User.objects.filter(username__in=names):
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "workouts.auth.ProfileBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions[user.username] = session.session_key
    exercises = {e.slug: e.pk for e in Exercise.objects.filter(slug__in=SLUGS, owner=None)}
    Path(args.out).mkdir(parents=True, exist_ok=True)
    fixture = {
        "users": names,
        "sessions": sessions,
        "password": PASSWORD,
        "exercises": [exercises[s] for s in SLUGS],
    }
    (Path(args.out) / "fixture.json").write_text(json.dumps(fixture))
    print(f"{len(names)} lifters ready; exercises {fixture['exercises']}")


if __name__ == "__main__":
    main()
