"""`manage.py seed_demo --username demo --years 2`: a user with a believable training history.

Both styles in alternating blocks, steady progressions with deload weeks, rest days, a couple of
breaks a year, records, body weight and an active plan. Re-running replaces that user's history.
Everything is bulk-created, so five years (about 1,300 sessions, 40,000 sets) takes seconds.
"""

import datetime as dt
import math
import random

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from workouts import dbstats
from workouts.dashboard import rollups
from workouts.logbook import records_store
from workouts.models import (
    BodyWeight,
    Enrolment,
    Exercise,
    LoggedSet,
    Plan,
    Profile,
    QuoteUnlock,
    SessionExercise,
    WorkoutSession,
)
from workouts.quotes import evaluate as quote_unlocks
from workouts.rules import timeutils

PASSWORD = "ivan-drago-1985"

# Starting estimated 1RMs (kg) of the barbell and loaded lifts.
LIFTS = {
    "back-squat": 100,
    "deadlift": 130,
    "bench-press": 75,
    "overhead-press": 50,
    "overhead-log-press": 55,
    "sandbag-shouldering": 60,
    "leg-press": 160,
    "lat-pulldown": 60,
    "cable-crunch": 40,
    "barbell-row": 70,
    "pull-up": 10,
    "front-squat": 80,
}

# Session templates: (title, style, [(slug, kind, working sets)]).
TEMPLATES = {
    "natural_strength": (
        "Barn strength",
        "natural",
        [
            ("back-squat", "lift", 5),
            ("overhead-log-press", "lift", 4),
            ("sandbag-shouldering", "lift", 4),
            ("pull-up", "lift", 4),
            ("wood-chopping", "chop", 5),
        ],
    ),
    "natural_pull": (
        "Timber and stone",
        "natural",
        [
            ("deadlift", "lift", 5),
            ("pull-up", "lift", 4),
            ("farmers-carry", "carry", 5),
            ("sled-pull", "carry", 5),
            ("one-arm-push-up", "bodyweight", 5),
        ],
    ),
    "natural_run": (
        "Mountain run",
        "natural",
        [
            ("snow-run", "run", 1),
            ("hill-sprint", "sprint", 12),
            ("summit-climb", "climb", 1),
            ("jump-rope", "rope", 5),
            ("shadowboxing", "rounds", 6),
        ],
    ),
    "drago_strength": (
        "Lab strength",
        "high_tech",
        [
            ("bench-press", "lift", 5),
            ("back-squat", "lift", 5),
            ("leg-press", "lift", 4),
            ("lat-pulldown", "lift", 4),
            ("cable-crunch", "lift", 4),
        ],
    ),
    "drago_machines": (
        "Machine conditioning",
        "high_tech",
        [
            ("treadmill-intervals", "treadmill", 10),
            ("rowing-ergometer", "row", 4),
            ("punch-force-test", "punch", 12),
            ("heavy-bag-rounds", "bag", 6),
        ],
    ),
    "general": (
        "Free session",
        "",
        [
            ("deadlift", "lift", 4),
            ("bench-press", "lift", 4),
            ("barbell-row", "lift", 4),
            ("overhead-press", "lift", 4),
            ("plank", "hold", 3),
            ("hanging-leg-raise", "bodyweight", 4),
        ],
    ),
}
# Per weekday (Monday=0): which session a block of each style does; None is a rest day.
WEEK = {
    "natural": [
        "natural_strength",
        "natural_run",
        "natural_pull",
        None,
        "natural_strength",
        "natural_run",
        None,
    ],
    "high_tech": [
        "drago_strength",
        "drago_machines",
        "drago_strength",
        None,
        "drago_machines",
        "general",
        None,
    ],
    "both": [
        "natural_strength",
        "drago_machines",
        "general",
        None,
        "drago_strength",
        "natural_run",
        None,
    ],
}
BLOCKS = ("natural", "high_tech", "both")


class Command(BaseCommand):
    help = "Creates (or recreates) a demo user with N years of believable training history."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="demo")
        parser.add_argument("--years", type=float, default=2)
        parser.add_argument("--password", default=PASSWORD)
        parser.add_argument("--seed", type=int, default=1985)
        parser.add_argument(
            "--no-quotes",
            action="store_true",
            help="Leave every quote locked (the benchmarks' worst case).",
        )

    def handle(self, *args, username, years, password, seed, no_quotes=False, **options):
        if not 0 < years <= 20:
            raise CommandError("--years must be between 0 and 20.")
        counts = seed_history(
            username, years, password, now=timezone.now(), seed=seed, quotes=not no_quotes
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {username}: {counts['sessions']} sessions, {counts['sets']} sets, "
                f"{counts['records']} records, {counts['weights']} weigh-ins, "
                f"{counts['quotes']} quotes unlocked over {years:g} years."
            )
        )
        self.stdout.write(f"Log in as {username} / {password}")


def _round(load, step=2.5):
    return max(step, round(load / step) * step)


class History:
    """Builds unsaved rows for one user; `save()` writes them in bulk."""

    def __init__(self, user, zone, exercises, rng):
        self.user, self.zone, self.ex, self.rng = user, zone, exercises, rng
        self.sessions, self.entries, self.sets = [], [], []

    def level(self, day, start, fitness):
        """How strong and fit the athlete is on `day`: slow gains, lost a little in breaks."""
        years = (day - start).days / 365
        return (1 + 0.45 * (1 - math.exp(-years / 1.6))) * fitness

    def add_session(self, day, key, level, deload):
        title, style, items = TEMPLATES[key]
        rng = self.rng
        hour = rng.choice([6, 6, 7, 17, 18, 18, 19])
        local = dt.datetime.combine(
            day, dt.time(hour, rng.choice([0, 10, 20, 30, 40])), tzinfo=self.zone
        )
        started = local.astimezone(dt.UTC)
        session = WorkoutSession(
            user=self.user, title=title, started_at=started, style=style, rpe=rng.randint(6, 9)
        )
        session_sets = []
        clock = started + dt.timedelta(minutes=8)
        for order, (slug, kind, count) in enumerate(items):
            entry = SessionExercise(session=session, exercise=self.ex[slug], order=order)
            self.entries.append(entry)
            for position, values in enumerate(
                self.set_values(slug, kind, count, level, deload), start=1
            ):
                clock += dt.timedelta(seconds=rng.randint(100, 200))
                session_sets.append(
                    LoggedSet(
                        entry=entry,
                        session=session,
                        user=self.user,
                        exercise=self.ex[slug],
                        position=position,
                        logged_at=clock,
                        **values,
                    )
                )
        session.finished_at = clock + dt.timedelta(minutes=rng.randint(3, 12))
        self.sessions.append(session.stamp(self.zone))
        self.sets.extend(session_sets)

    def set_values(self, slug, kind, count, level, deload):
        rng, factor = self.rng, level * (0.85 if deload else 1.0)
        if kind == "lift":
            top = LIFTS[slug] * factor
            reps = rng.choice([3, 5, 5, 5, 8])
            load = _round(top / (1 + reps / 30) * rng.uniform(0.93, 1.0))
            yield {"reps": 8, "load_kg": _round(load * 0.5), "is_warmup": True, "kind": "warmup"}
            yield {"reps": 5, "load_kg": _round(load * 0.75), "is_warmup": True, "kind": "warmup"}
            for _ in range(count):
                yield {"reps": reps, "load_kg": load}
        elif kind == "bodyweight":
            for _ in range(count):
                yield {"reps": max(3, round(rng.uniform(8, 14) * factor))}
        elif kind == "chop":
            for _ in range(count):
                yield {"reps": round(30 * factor), "duration_s": 60}
        elif kind == "carry":
            for _ in range(count):
                yield {"load_kg": _round(40 * factor), "distance_m": 40.0}
        elif kind == "run":
            distance = round(rng.uniform(5000, 9000) * min(factor, 1.3), -1)
            pace = 330 / factor * rng.uniform(0.97, 1.05)  # seconds per km
            yield {"distance_m": distance, "duration_s": round(distance / 1000 * pace)}
        elif kind == "sprint":
            for _ in range(count):
                seconds = round(19 / factor * rng.uniform(0.96, 1.04))
                yield {"distance_m": 100.0, "duration_s": seconds}
        elif kind == "climb":
            yield {
                "distance_m": round(rng.uniform(2500, 4000), -1),
                "duration_s": round(rng.uniform(1800, 2700)),
            }
        elif kind == "rope":
            for _ in range(count):
                yield {"duration_s": 120, "reps": round(230 * min(factor, 1.3))}
        elif kind in ("rounds", "hold"):
            for _ in range(count):
                yield {"duration_s": 180 if kind == "rounds" else round(60 * factor)}
        elif kind == "treadmill":
            for _ in range(count):
                yield {
                    "duration_s": 120,
                    "distance_m": round(480 * factor),
                    "heart_rate_bpm": rng.randint(150, 182),
                }
        elif kind == "row":
            for _ in range(count):
                watts = round(230 * factor * rng.uniform(0.95, 1.04))
                yield {
                    "duration_s": 300,
                    "distance_m": round(1300 * factor),
                    "power_w": watts,
                    "heart_rate_bpm": rng.randint(140, 175),
                }
        elif kind == "punch":
            for _ in range(count):
                yield {
                    "reps": 1,
                    "force_psi": round(1250 * factor * rng.uniform(0.92, 1.05)),
                    "power_w": round(700 * factor * rng.uniform(0.9, 1.05)),
                }
        elif kind == "bag":
            for _ in range(count):
                yield {
                    "duration_s": 180,
                    "reps": rng.randint(80, 120),
                    "force_psi": round(1000 * factor * rng.uniform(0.9, 1.05)),
                    "power_w": round(550 * factor * rng.uniform(0.9, 1.05)),
                    "heart_rate_bpm": rng.randint(150, 185),
                }

    def save(self):
        WorkoutSession.objects.bulk_create(self.sessions, batch_size=500)
        for entry in self.entries:
            entry.session_id = entry.session.pk
        SessionExercise.objects.bulk_create(self.entries, batch_size=1000)
        for logged in self.sets:
            logged.entry_id, logged.session_id = logged.entry.pk, logged.session.pk
        LoggedSet.objects.bulk_create(self.sets, batch_size=1000)


def _breaks(start, today, rng):
    """A couple of breaks a year (illness, travel): sets of days without training."""
    days, day = set(), start + dt.timedelta(days=rng.randint(60, 150))
    while day < today - dt.timedelta(days=21):
        length = rng.randint(5, 12)
        days.update(day + dt.timedelta(days=n) for n in range(length))
        day += dt.timedelta(days=rng.randint(120, 220))
    return days


@transaction.atomic
def seed_history(username, years, password=PASSWORD, *, now, seed=1985, quotes=True):
    """Recreates `username` with `years` of history ending `now`; returns row counts."""
    rng = random.Random(f"{seed}-{username}")
    user, _ = User.objects.get_or_create(username=username)
    user.set_password(password)
    user.save()
    profile, _ = Profile.objects.update_or_create(
        user=user,
        defaults={
            "time_zone": "Europe/London",
            "weight_unit": "kg",
            "distance_unit": "km",
            "week_start": 0,
        },
    )
    WorkoutSession.objects.filter(user=user).delete()  # cascades to sets, records, summaries
    BodyWeight.objects.filter(user=user).delete()
    Enrolment.objects.filter(user=user).delete()
    QuoteUnlock.objects.filter(user=user).delete()

    zone = profile.zone
    today = timeutils.today(now, zone)
    start = today - dt.timedelta(days=round(years * 365))
    exercises = {e.slug: e for e in Exercise.objects.builtin()}
    history = History(user, zone, exercises, rng)
    breaks = _breaks(start, today, rng)
    fitness, day = 1.0, start
    while day < today:
        if day in breaks:
            fitness = max(0.9, fitness - 0.006)  # detraining
        else:
            fitness = min(1.0, fitness + 0.004)
            weeks = (day - start).days // 7
            block = BLOCKS[(weeks // 8) % 3]
            key = WEEK[block][day.weekday()]
            if key is None and day.weekday() == 3 and rng.random() < 0.3:
                key = "general"  # now and then an extra session on the mid-week rest day
            if key is not None and rng.random() > 0.03:
                history.add_session(
                    day, key, history.level(day, start, fitness), deload=weeks % 5 == 4
                )
        day += dt.timedelta(days=1)
    history.save()

    weights, day, kg = [], start, 86.0
    while day <= today:
        kg += rng.uniform(-0.35, 0.3) + (82.5 - kg) * 0.01
        if rng.random() < 0.35:
            weights.append(BodyWeight(user=user, date=day, weight_kg=round(kg, 1)))
        day += dt.timedelta(days=1)
    BodyWeight.objects.bulk_create(weights)

    plan = Plan.objects.themed().order_by("slug").first()  # never someone's own plan
    if plan is not None:
        # Enrolled today: the seeded sessions were free training, not this plan's days.
        Enrolment.objects.create(
            user=user,
            plan=plan,
            start_date=today,
            fight_date=today + dt.timedelta(days=plan.length_days),
        )

    for exercise_id in {logged.exercise_id for logged in history.sets}:
        records_store.rebuild_records(user, exercise_id)
    rollups.rebuild_summaries(user)
    unlocked = quote_unlocks.replay(user) if quotes else 0
    dbstats.refresh_after_commit()  # a bulk load: the planner's statistics follow it
    return {
        "sessions": len(history.sessions),
        "sets": len(history.sets),
        "records": user.records.count(),
        "weights": len(weights),
        "quotes": unlocked,
    }
