"""Benchmark: importing a 5-year history (about 40,000 sets) from a Strong CSV and from
Montage's own JSON export, on SQLite.

    .venv/bin/python bench/import_history.py [--repeat 3] [--years 5]   (--runs is the same)

Each run is a fresh process on a scratch SQLite database (a temporary MONTAGE_DATA_DIR, never
your own) with a new user: parse (read, detect, check every row, match exercises, summarise and
serialise for the review, as the upload does) and commit (one transaction: sessions, entries,
sets, keys, then records per exercise, the roll-ups and the quote replay), each timed; peak
memory is the process's maximum resident set size (Python and Django included). Figures are
medians of --runs runs. The Strong file is generated (five exercises a session, warm-ups, a run,
notes); the Montage JSON is written in export version 1 from a `seed_demo` history.
"""

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def strong_csv(path, years):
    import datetime as dt

    rng = random.Random(1985)
    rows = [
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
        "Notes,Workout Notes,RPE\n"
    ]
    day, end, sets = dt.date(2021, 1, 4), dt.date(2021, 1, 4) + dt.timedelta(days=365 * years), 0
    lifts = [
        "Squat (Barbell)",
        "Bench Press (Barbell)",
        "Deadlift (Barbell)",
        "Overhead Press (Barbell)",
        "Bent Over Row (Barbell)",
        "Pull Up",
        "Lat Pulldown (Cable)",
        "Leg Press",
        "Bicep Curl (Dumbbell)",
        "Plank",
    ]
    while day < end:
        if day.weekday() in (0, 1, 3, 4, 5) and rng.random() > 0.05:
            when = f"{day} {rng.choice([6, 7, 17, 18])}:{rng.choice(['00', '15', '30'])}:00"
            title = rng.choice(["Push", "Pull", "Legs", "Full body"])
            note = '"Good session, felt strong"' if rng.random() < 0.2 else ""
            for lift in rng.sample(lifts, 5):
                load = rng.randint(20, 140)
                for warm in range(2):
                    rows.append(
                        f"{when},{title},1h 5m,{lift},W,{load // 2 + warm * 10},8,0,0,,{note},\n"
                    )
                    note, sets = "", sets + 1
                for number in range(1, 5):
                    rows.append(
                        f"{when},{title},1h 5m,{lift},{number},{load}.0,"
                        f"{rng.randint(3, 10)},0,0,,,{rng.choice(['', '8', '8.5'])}\n"
                    )
                    sets += 1
                rows.append(f"{when},{title},1h 5m,{lift},Rest Timer,0,0,0,120,,,\n")
            rows.append(
                f"{when},{title},1h 5m,Running,1,0,0,{rng.randint(20, 60) / 10},"
                f"{rng.randint(900, 2400)},,,\n"
            )
            sets += 1
        day += dt.timedelta(days=1)
    path.write_text("".join(rows))
    return sets


def montage_json(path, years):
    """Seeds a history with seed_demo and writes it as Montage export version 1."""
    from django.utils import timezone

    from workouts.management.commands.seed_demo import seed_history
    from workouts.models import BodyWeight, Exercise, LoggedSet, WorkoutSession

    seed_history("exporter", years, now=timezone.now(), quotes=False)
    iso = lambda m: m.strftime("%Y-%m-%dT%H:%M:%SZ") if m else None  # noqa: E731
    slugs = dict(Exercise.objects.values_list("pk", "slug"))
    sets = {}
    for row in (
        LoggedSet.objects.filter(user__username="exporter")
        .order_by("entry_id", "position")
        .values()
    ):
        sets.setdefault(row["entry_id"], []).append(
            {
                "position": row["position"],
                "logged_at": iso(row["logged_at"]),
                "kind": "warmup" if row["is_warmup"] else "working",
                "is_warmup": row["is_warmup"],
                "reps": row["reps"],
                "load_kg": row["load_kg"],
                "duration_s": row["duration_s"],
                "distance_m": row["distance_m"],
                "force_psi": row["force_psi"],
                "power_w": row["power_w"],
                "heart_rate_bpm": row["heart_rate_bpm"],
                "rpe": float(row["rpe"]) if row["rpe"] is not None else None,
                "note": row["note"],
            }
        )
    sessions = []
    for key, session in enumerate(
        WorkoutSession.objects.filter(user__username="exporter")
        .order_by("started_at")
        .prefetch_related("entries"),
        start=1,
    ):
        sessions.append(
            {
                "key": key,
                "title": session.title,
                "started_at": iso(session.started_at),
                "finished_at": iso(session.finished_at),
                "notes": session.notes,
                "rpe": session.rpe,
                "style": session.style,
                "enrolment": None,
                "plan_day": None,
                "entries": [
                    {
                        "exercise": {"slug": slugs[e.exercise_id]},
                        "order": e.order,
                        "plan_item": None,
                        "sets": sets.get(e.pk, []),
                    }
                    for e in session.entries.all()
                ],
            }
        )
    weights = [
        {"date": d.isoformat(), "weight_kg": w}
        for d, w in BodyWeight.objects.filter(user__username="exporter")
        .order_by("date")
        .values_list("date", "weight_kg")
    ]
    path.write_text(
        json.dumps(
            {
                "format": "montage",
                "version": 1,
                "exported_at": "2026-11-29T20:45:00Z",
                "account": {},
                "profile": {
                    "weight_unit": "kg",
                    "distance_unit": "km",
                    "time_zone": "Europe/London",
                    "week_start": 0,
                },
                "exercises": [],
                "body_weight": weights,
                "enrolments": [],
                "sessions": sessions,
                "quotes": [],
            }
        )
    )
    return sum(len(v) for v in sets.values())


def one_run(path, units):
    """In this process: a fresh user imports `path`; prints JSON timings."""
    from django.contrib.auth.models import User

    from workouts.models import LoggedSet, PersonalRecord, QuoteUnlock
    from workouts.transfer import importer
    from workouts.transfer.formats import base, detect

    user = User.objects.create_user(f"importer{random.randint(0, 10**9)}")
    start, cpu = time.perf_counter(), time.process_time()
    data = path.read_bytes()
    parsed = detect.read_upload(data)
    importer.summarise(parsed)
    items = importer.file_exercises(parsed, user)
    payload = json.dumps(parsed.to_json())
    parsed = base.Parsed.from_json(json.loads(payload))  # as the confirm reads it back
    parse_s, parse_cpu = time.perf_counter() - start, time.process_time() - cpu
    mapping = {item.key: item.match_id or importer.NEW for item in items}
    start, cpu = time.perf_counter(), time.process_time()
    marks = {}
    result = importer.commit(
        user,
        parsed,
        mapping,
        **units,
        progress=lambda phase, *_: marks.setdefault(phase, time.process_time()),
    )
    marks["end"] = time.process_time()
    names = list(marks)
    phases = {
        name: round(marks[after] - marks[name], 2)
        for name, after in zip(names, names[1:], strict=False)
    }
    commit_s, commit_cpu = time.perf_counter() - start, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "parse_s": parse_s,
                "commit_s": commit_s,
                "parse_cpu": parse_cpu,
                "commit_cpu": commit_cpu,
                "phases_cpu": phases,
                "peak_mb": peak_mb,
                "bytes": len(data),
                "workouts": result.workouts,
                "sets": LoggedSet.objects.filter(user=user).count(),
                "records": PersonalRecord.objects.filter(user=user).count(),
                "quotes": QuoteUnlock.objects.filter(user=user).count(),
            }
        )
    )


def setup_django(scratch):
    os.environ["MONTAGE_DATA_DIR"] = scratch
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "montage.settings")
    os.environ["DJANGO_DEBUG"] = "False"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + "x" * 60)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs",
        "--repeat",
        type=int,
        default=3,
        help="runs per file, each a fresh process; the median is reported",
    )
    parser.add_argument("--years", type=float, default=5)
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)  # internal: file, units
    args = parser.parse_args()
    if args.one:
        setup_django(os.environ["MONTAGE_DATA_DIR"])
        one_run(Path(args.one[0]), json.loads(args.one[1]))
        return
    scratch = tempfile.mkdtemp(prefix="montage-bench-")
    setup_django(scratch)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_catalogue", verbosity=0)
    strong, montage = Path(scratch) / "strong.csv", Path(scratch) / "montage.json"
    cases = [
        (
            "Strong CSV",
            strong,
            strong_csv(strong, args.years),
            {"weight_unit": "kg", "distance_unit": "km"},
        ),
        ("Montage JSON", montage, montage_json(montage, args.years), {}),
    ]
    print(f"{args.years:g} years, SQLite, {args.runs} runs each (median)")
    for name, path, sets, units in cases:
        runs = []
        for _ in range(args.runs):
            done = subprocess.run(
                [sys.executable, __file__, "--one", str(path), json.dumps(units)],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "MONTAGE_DATA_DIR": scratch},
            )
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k != "phases_cpu"}
        print(
            f"{name}: {path.stat().st_size / 1e6:.1f} MB, {med['workouts']:.0f} workouts, "
            f"{med['sets']:.0f} sets (file: {sets}), {med['records']:.0f} records, "
            f"{med['quotes']:.0f} quotes | parse {med['parse_s']:.2f} s, commit "
            f"{med['commit_s']:.2f} s, total {med['parse_s'] + med['commit_s']:.2f} s "
            f"(CPU: parse {med['parse_cpu']:.2f} s, commit {med['commit_cpu']:.2f} s), "
            f"peak memory {med['peak_mb']:.0f} MB; load average "
            f"{os.getloadavg()[0]:.1f}; CPU by phase (last run) {runs[-1]['phases_cpu']}"
        )


if __name__ == "__main__":
    main()
