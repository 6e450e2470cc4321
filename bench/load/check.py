"""After a load run: every acknowledged set is stored exactly once, nothing is stored twice
for one key, and derived data has no drift (`rebuild_rollups --check`).

Run by run.sh: .venv/bin/python bench/load/check.py ACKS.json
Prints one line and exits 1 on any loss, duplicate or drift.
"""

import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "montage.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from workouts.models import IdempotencyKey, LoggedSet  # noqa: E402


def main():
    acks = json.loads(Path(sys.argv[1]).read_text())
    acknowledged = acks["acknowledged"]
    users = sorted({user for user, _key, _entry in acknowledged})
    keys = {
        (row.user.username, row.key): row.response.get("set")
        for row in IdempotencyKey.objects.filter(user__username__in=users).select_related("user")
    }
    lost = [(u, k) for u, k, _e in acknowledged if keys.get((u, k)) is None]
    set_ids = [keys.get((u, k)) for u, k, _e in acknowledged]
    stored = set(
        LoggedSet.objects.filter(pk__in=[s for s in set_ids if s]).values_list("pk", flat=True)
    )
    missing = [s for s in set_ids if s and s not in stored]
    repeated = [k for k, n in Counter((u, k) for u, k, _e in acknowledged).items() if n > 1]
    sets = LoggedSet.objects.filter(user__username__in=users).count()
    # Every set of these lifters came from the load test with a key: one set per stored key.
    extra = sets - sum(1 for (u, _k) in keys if u in users)
    try:
        call_command("rebuild_rollups", check=True, verbosity=0)
        drift = "none"
    except SystemExit as exc:
        drift = "none" if not exc.code else "DRIFT"
    ok = not lost and not missing and not repeated and extra == 0 and drift == "none"
    print(
        f"acknowledged sets: {len(acknowledged)}, unacknowledged at stop: "
        f"{len(acks['unacknowledged'])}, stored for these lifters: {sets}; lost: "
        f"{len(lost) + len(missing)}, duplicated: {len(repeated) + max(extra, 0)}, "
        f"rebuild_rollups --check: {drift} -> {'OK' if ok else 'FAILED'}"
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
